// Collects the field references of the official Falco rules files (conditions, outputs and
// exception fields), for tests that check every one of them is accepted.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const RULES_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'shared',
  'corpus',
  'falco-rules',
);
export const SYSCALL_RULES_FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];

export interface CorpusFieldRef {
  name: string;
  arg?: string;
  /** Where it was seen: `<file>: <rule/macro name> (condition|output|exception)`. */
  where: string;
  usage: 'filter' | 'output';
}

const FIELD = String.raw`[a-zA-Z]+[a-zA-Z0-9_]*(?:\.[a-zA-Z]+[a-zA-Z0-9_]*)+`;
const ARG = String.raw`(?:\[([^\]]*)\])?`;
const OPERATOR = String.raw`(?:==|=|!=|<=|>=|<|>|(?:b?contains|icontains|b?startswith|endswith|i?glob|regex|in|intersects|pmatch|exists)\b)`;
/** A field is a dotted name (not part of a longer token) followed by a comparison operator. */
const CONDITION_FIELD = new RegExp(String.raw`(?<![\w./\-"'])(${FIELD})${ARG}\s*(?=${OPERATOR})`, 'g');
/** ... or the argument of val() or of a transformer. */
const WRAPPED_FIELD = new RegExp(String.raw`\b(?:val|tolower|toupper|b64|basename|len)\(\s*(${FIELD})${ARG}`, 'g');
const OUTPUT_FIELD = new RegExp(`%(${FIELD})${ARG}`, 'g');
const EXCEPTION_FIELD = new RegExp(`^(${FIELD})${ARG}$`);

/** Removes quoted strings so that their content is never mistaken for a field. */
function stripQuoted(condition: string): string {
  return condition.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""');
}

function collectFrom(regex: RegExp, text: string, where: string, usage: CorpusFieldRef['usage']): CorpusFieldRef[] {
  return [...text.matchAll(regex)].map((m) => ({ name: m[1], arg: m[2], where, usage }));
}

export function collectCorpusFieldRefs(): CorpusFieldRef[] {
  const refs: CorpusFieldRef[] = [];
  for (const file of SYSCALL_RULES_FILES) {
    const docs = parse(readFileSync(resolve(RULES_DIR, file), 'utf8')) as Array<Record<string, unknown>>;
    for (const item of docs) {
      const label = `${file}: ${String(item.rule ?? item.macro ?? '?')}`;
      if (typeof item.condition === 'string') {
        const cond = stripQuoted(item.condition);
        refs.push(...collectFrom(CONDITION_FIELD, cond, `${label} (condition)`, 'filter'));
        refs.push(...collectFrom(WRAPPED_FIELD, cond, `${label} (condition)`, 'filter'));
      }
      if (typeof item.output === 'string')
        refs.push(...collectFrom(OUTPUT_FIELD, item.output, `${label} (output)`, 'output'));
      for (const exc of Array.isArray(item.exceptions) ? item.exceptions : []) {
        const fields = (exc as { fields?: unknown }).fields;
        for (const f of Array.isArray(fields) ? fields : [fields]) {
          const m = typeof f === 'string' ? EXCEPTION_FIELD.exec(f) : null;
          if (m) refs.push({ name: m[1], arg: m[2], where: `${label} (exception)`, usage: 'filter' });
        }
      }
    }
  }
  return refs;
}
