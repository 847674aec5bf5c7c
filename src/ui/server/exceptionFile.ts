// From an alert to a Falco exception: the rule plus the chosen output fields with the alert's
// values, as a rules-file item that appends to the rule's exceptions. The file's new text is
// loaded with the rules loader after the configured rules before anything is written, so what
// lands in the file is what `kestrel run -r RULES -r EXCEPTIONS` loads.

import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { BUILTIN_PLUGINS, createSources } from '../../app/sources.js';
import { quote } from '../../condition/escaping.js';
import type { RouterAlert } from '../../router/alert.js';
import { expandRulesPaths, loadRules } from '../../rules/index.js';
import { ParamError } from './params.js';

export interface ExceptionConfig {
  /** Rules files or folders the exception is checked against, as `kestrel run -r` loads them. */
  readonly rulesPaths: readonly string[];
  /** The file the exceptions are appended to. */
  readonly file: string;
}

export class ExceptionRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExceptionRejected';
  }
}

const FILE_HEADER =
  '# Exceptions made from alerts in `kestrel ui`; load after the rules they extend:\n#   kestrel run -r RULES -r THIS_FILE\n';

/**
 * An exception value is pasted into the rule's condition as a token (Falco only wraps one holding
 * a space in quotes, unescaped), so anything beyond plain word characters is written as a quoted,
 * escaped string token, which the condition reads back as exactly the value.
 */
export function conditionValue(v: string): string {
  return /^[A-Za-z0-9_./:@+-]+$/.test(v) ? v : quote(v);
}

/** The YAML of one item appending an exception (named `name`) on `fields` to the alert's rule. */
export function exceptionItem(alert: RouterAlert, fields: readonly string[], name: string, comment: string): string {
  if (fields.length === 0) throw new ParamError('fields', 'choose at least one output field');
  if (new Set(fields).size !== fields.length) throw new ParamError('fields', 'a field is listed twice');
  const vals = fields.map((f) => {
    const v = alert.output_fields[f];
    if (v === undefined) throw new ParamError('fields', `${JSON.stringify(f)} is not an output field of this alert`);
    if (v === null || Array.isArray(v))
      throw new ParamError('fields', `${JSON.stringify(f)} has no single value in this alert (${JSON.stringify(v)})`);
    return conditionValue(String(v));
  });
  const item = [
    {
      rule: alert.rule,
      exceptions: [{ name, fields: [...fields], comps: fields.map(() => '='), values: [vals] }],
      override: { exceptions: 'append' },
    },
  ];
  const note = comment
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .map((l) => `# ${l}\n`)
    .join('');
  return `${note}${stringify(item, { lineWidth: 0 })}`;
}

export const newExceptionName = (): string => `kestrel_ui_${randomBytes(4).toString('hex')}`;

function currentText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/** The file's text with `item` appended. */
export function appendedText(current: string, item: string): string {
  const base = current === '' ? FILE_HEADER : current.endsWith('\n') ? current : `${current}\n`;
  return `${base}\n${item}`;
}

/** Loads the configured rules then `text` as the exceptions file; throws ExceptionRejected with the loader's errors. */
export function checkWithRules(config: ExceptionConfig, text: string, rule: string): void {
  const paths = expandRulesPaths(config.rulesPaths).filter((p) => p !== config.file);
  if (paths.length === 0) throw new ExceptionRejected(`no rules files found in ${config.rulesPaths.join(', ')}`);
  const out = loadRules([...paths, config.file], {
    sources: createSources(),
    builtinPlugins: BUILTIN_PLUGINS,
    readFile: (p) => {
      if (p === config.file) return text;
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  const errors = out.results.flatMap((r) => r.errors.map((e) => `${r.name}: ${e.message}`));
  if (out.pluginRequirementError) errors.push(out.pluginRequirementError);
  if (errors.length > 0 || !out.ok)
    throw new ExceptionRejected(`the rules loader rejects the exception: ${errors.join('; ') || 'not loaded'}`);
  if (!out.rules.some((r) => r.name === rule))
    throw new ExceptionRejected(`rule ${JSON.stringify(rule)} is not in the configured rules`);
}

export interface CreatedException {
  readonly name: string;
  readonly yaml: string;
  readonly file: string;
  readonly written: boolean;
}

/** Builds, checks and (unless `dryRun`) appends the exception; the file is replaced atomically. */
export function createException(
  config: ExceptionConfig,
  alert: RouterAlert,
  fields: readonly string[],
  comment: string,
  dryRun: boolean,
): CreatedException {
  const name = newExceptionName();
  const yaml = exceptionItem(alert, fields, name, comment);
  const text = appendedText(currentText(config.file), yaml);
  checkWithRules(config, text, alert.rule);
  if (!dryRun) {
    const tmp = `${config.file}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, config.file);
  }
  return { name, yaml, file: config.file, written: !dryRun };
}

export function exceptionsText(config: ExceptionConfig): string {
  return currentText(config.file);
}
