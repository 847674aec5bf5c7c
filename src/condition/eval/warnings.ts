// Compile-time remarks libsinsp makes about right-hand literals that look like mistakes: a regex
// simple enough for a plain operator, a field name or a transformer written as a string.

import type { Pos } from '../ast.js';
import type { ConditionWarning } from '../errors.js';
import { TRANSFORMERS } from '../grammar.js';

const REGEX_SPECIAL = '.+*?^$()[]{}|\\';
const REGEX_OCCURRENCE = '+*?';

/** Whether a regex could be written with =, contains, startswith or endswith. */
function regexLooksSimple(v: string): boolean {
  const len = v.length;
  for (let i = 0; i < len; i++) {
    // the anchors are implied by full matching
    if ((i === 0 && v[i] === '^') || (i === len - 1 && v[i] === '$')) continue;
    // a leading or trailing ".*" (or ".+", ".?") is what contains/startswith/endswith do
    if (((i === 0 && len > 1) || i === len - 2) && v[i] === '.' && REGEX_OCCURRENCE.includes(v[i + 1] ?? '\0')) {
      i++;
      continue;
    }
    if (REGEX_SPECIAL.includes(v[i])) return false;
  }
  return true;
}

export function literalWarnings(
  op: string,
  value: string,
  pos: Pos,
  isFieldName: (text: string) => boolean,
): ConditionWarning[] {
  const out: ConditionWarning[] = [];
  const compact = value.replace(/[ \t\n\v\f\r]/g, '');
  if (op === 'regex' && regexLooksSimple(value)) {
    out.push({
      message: `regex check with '${value}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'`,
      pos,
    });
  }
  if (isFieldName(compact)) {
    out.push({ message: `'${value}' may be a valid field misused as a const string value`, pos });
  }
  for (const t of ['val', ...TRANSFORMERS]) {
    if (compact.length >= t.length + 2 && compact.startsWith(`${t}(`) && compact.endsWith(')')) {
      out.push({ message: `'${value}' may be a valid field transformer misused as a const string value`, pos });
    }
  }
  return out;
}
