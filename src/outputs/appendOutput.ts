// falco.yaml's `append_output`: extra text appended to rule outputs and extra JSON output fields,
// selected by source, tags and rule name. The rules loader applies it while compiling each rule
// (the appended text is part of the output Falco validates), the engine renders the extra fields.
//
// Matching follows Falco: an entry applies to a rule when its source (if any) is the rule's, the
// rule has all of its tags, and its rule name (if any) is the rule's. Each matching entry appends
// ` <extra_output>` in entry order; `suggested_output: true` appends ` field_name=%field.name` for
// every field the source marks as suggested. `%container.info` is deprecated and now expands to
// nothing.

import type { ExtraOutputField, OutputFieldValue } from '../engine/types.js';
import type { EventSource } from '../events/source.js';
import { compileOutputFormat, type OutputFormatOptions } from './format.js';

/** One `append_output` entry, as the configuration decodes it. */
export interface AppendOutputEntry {
  /** `match.source`: only rules of this source; undefined for every source. */
  source?: string;
  /** `match.tags`: only rules having all these tags. */
  tags: readonly string[];
  /** `match.rule`: only the rule with this name. */
  rule?: string;
  /** `extra_output`: text appended to the rule output (with a space before it). */
  extraOutput?: string;
  /** `suggested_output`: append the source's suggested fields. */
  suggestedOutput: boolean;
  /** `extra_fields` given as `key: format`: added to JSON output fields as rendered text. */
  formattedFields: ReadonlyArray<readonly [key: string, format: string]>;
  /** `extra_fields` given as a bare field name: added with the field's own JSON type. */
  rawFields: readonly string[];
}

/** An extra JSON output field selected for one rule. */
export interface ExtraFieldSpec {
  key: string;
  /** The format to render (`%field` for raw fields). */
  format: string;
  /** Raw fields keep the field's JSON type; formatted ones are strings. */
  raw: boolean;
}

export interface AppendedOutput {
  output: string;
  extraFields: ExtraFieldSpec[];
  /** The output used `%container.info`; Falco warns (LOAD_DEPRECATED_ITEM) with the message below. */
  usedContainerInfo: boolean;
}

/** The LOAD_DEPRECATED_ITEM warning Falco gives for `%container.info`. */
export const CONTAINER_INFO_DEPRECATION =
  '%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. ' +
  'The container plugin will automatically add required fields to the output message.';

const CONTAINER_INFO = '%container.info';

export interface RuleOutputTarget {
  name: string;
  source: string;
  tags: readonly string[];
  output: string;
}

function entryMatches(entry: AppendOutputEntry, rule: RuleOutputTarget): boolean {
  if (entry.source !== undefined && entry.source !== '' && entry.source !== rule.source) return false;
  if (entry.rule !== undefined && entry.rule !== '' && entry.rule !== rule.name) return false;
  for (const tag of entry.tags) if (!rule.tags.includes(tag)) return false;
  return true;
}

/** The output format uses `%name` or `%(name)` (not merely a longer field starting with it). */
function mentionsField(output: string, name: string): boolean {
  for (const token of [`%${name}`, `%(${name})`]) {
    for (let i = output.indexOf(token); i >= 0; i = output.indexOf(token, i + 1)) {
      const next = output[i + token.length];
      if (token.endsWith(')') || next === undefined || !/[\w.[]/.test(next)) return true;
    }
  }
  return false;
}

/** `foo.bar` becomes `foo_bar=%foo.bar`, as Falco appends suggested fields. */
export function suggestedFieldFormat(fieldName: string): string {
  return `${fieldName.replaceAll('.', '_')}=%${fieldName}`;
}

/** Names of the fields a source suggests for outputs, in the order it lists them. */
export function suggestedOutputFields<E>(source: EventSource<E>): string[] {
  const out: string[] = [];
  for (const cls of source.fieldClasses) {
    for (const f of cls.fields) if (f.suggestedOutput) out.push(f.name);
  }
  return out;
}

/**
 * The output text and extra fields `entries` give `rule`. `suggestedFieldsOf` names the suggested
 * fields of a source (see suggestedOutputFields).
 */
export function applyAppendOutput(
  rule: RuleOutputTarget,
  entries: readonly AppendOutputEntry[],
  suggestedFieldsOf: (source: string) => readonly string[] = () => [],
): AppendedOutput {
  let output = rule.output;
  const extra = new Map<string, ExtraFieldSpec>();
  for (const entry of entries) {
    if (!entryMatches(entry, rule)) continue;
    if (entry.extraOutput !== undefined && entry.extraOutput !== '') output += ` ${entry.extraOutput}`;
    if (entry.suggestedOutput) {
      // a field the output already shows is not repeated
      for (const name of suggestedFieldsOf(rule.source)) {
        if (!mentionsField(output, name)) output += ` ${suggestedFieldFormat(name)}`;
      }
    }
    for (const [key, format] of entry.formattedFields) extra.set(key, { key, format, raw: false });
    for (const key of entry.rawFields) extra.set(key, { key, format: `%${key}`, raw: true });
  }
  const usedContainerInfo = output.includes(CONTAINER_INFO);
  if (usedContainerInfo) output = output.replaceAll(CONTAINER_INFO, '');
  return { output, extraFields: [...extra.values()], usedContainerInfo };
}

/**
 * Compiles extra field specs against the rule's source. Throws OutputFormatError (a
 * LOAD_ERR_COMPILE_OUTPUT for the rule) when a format does not compile.
 */
export function compileExtraFields<E>(
  specs: readonly ExtraFieldSpec[],
  source: EventSource<E>,
  options: OutputFormatOptions<E> = {},
): ExtraOutputField<E>[] {
  return specs.map((spec): ExtraOutputField<E> => {
    const format = compileOutputFormat(spec.format, source, options);
    if (spec.raw) {
      const key = spec.key;
      return {
        key,
        value: (evt: E): OutputFieldValue => format.render(evt).fields[key] ?? null,
      };
    }
    return { key: spec.key, value: (evt: E): OutputFieldValue => format.render(evt).text };
  });
}
