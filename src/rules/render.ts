// What `falco -V FILE...` prints: a text summary per file (full details for invalid files and
// for files without warnings), or with `--format json` one compact JSON object.

import { isMap } from 'yaml';
import type { JsonLoadResult, LoadResult, RulesContents } from './result.js';
import { isParseFailure, parseRulesYaml } from './yamlParse.js';

/**
 * Text output: per file, the verbose result unless the file is valid with warnings only. An
 * invalid file whose YAML is a mapping (likely a configuration file) gets Falco's hint.
 */
export function renderValidationText(results: readonly LoadResult[], contents: RulesContents): string {
  return results
    .map((r) => {
      let text = !r.successful || !r.hasWarnings ? r.asVerboseString(contents) : `${r.name}: Ok, with warnings`;
      if (!r.successful && hasMappingRoot(contents.get(r.name))) {
        text +=
          '\nHint: --validate expects a rules file, that is a YAML list of rule, macro, and list items. If this is ' +
          `a Falco configuration file, validate it and its configured rules with \`falco -c ${r.name} --dry-run\` instead.`;
      }
      return text;
    })
    .join('\n');
}

function hasMappingRoot(text: string | undefined): boolean {
  if (text === undefined) return false;
  const parsed = parseRulesYaml(text);
  return !isParseFailure(parsed) && parsed.docs.some((d) => isMap(d.contents));
}

/** Warning details Falco logs to stderr for files that are valid with warnings. */
export function renderValidationWarnings(results: readonly LoadResult[], contents: RulesContents): string[] {
  return results.filter((r) => r.successful && r.hasWarnings).map((r) => `${r.asVerboseString(contents)}\n`);
}

export interface ValidationJson {
  falco_load_results: JsonLoadResult[];
}

export function validationJson(results: readonly LoadResult[], contents: RulesContents): ValidationJson {
  return { falco_load_results: results.map((r) => r.asJson(contents)) };
}

/** The JSON text Falco prints (compact, keys in Falco's order). */
export function renderValidationJson(results: readonly LoadResult[], contents: RulesContents): string {
  return JSON.stringify(validationJson(results, contents));
}
