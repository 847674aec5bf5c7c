// Parser for plugin-provided classes (the container plugin here): a field name optionally followed
// by one bracketed argument, validated against the field's declared argument kind with libsinsp's
// plugin filtercheck messages.

import { type FieldArgSpec, type FieldClass, FieldError } from '../../fields/types.js';
import type { FieldCheck, ResolvedFieldArg } from './fieldMatch.js';
import { matchByPrefix } from './genericCheck.js';

/** Why an argument is not a usable index, in libsinsp's words; undefined when it is one. */
function indexProblem(arg: string): string | undefined {
  if (!/^\d*$/.test(arg)) return ' has an invalid index argument not composed only by digits: ';
  if (arg.length === 0 || (arg.length > 1 && arg[0] === '0')) return ' has an invalid index argument starting with 0: ';
  if (BigInt(arg) > 2n ** 64n - 1n) return ' has an invalid index argument not representable on 64 bit: ';
  return undefined;
}

function resolveArg(text: string, fieldName: string, spec: FieldArgSpec, arg: string): ResolvedFieldArg {
  if (!spec.index) return { kind: 'key', key: arg };
  const problem = indexProblem(arg);
  if (problem === undefined) return { kind: 'index', index: Number(arg) };
  // A field taking both kinds treats anything that is not an index as a key.
  if (spec.key) return { kind: 'key', key: arg };
  throw new FieldError(`filter ${text} ${fieldName}${problem}${arg}`);
}

export function pluginCheck(fieldClass: FieldClass): FieldCheck {
  return (text, usage) => {
    const match = matchByPrefix(fieldClass, text, usage);
    if (!match) return undefined;
    const { field } = match;
    // The argument is looked for in the first word only, as plugin fields cannot contain blanks.
    const word = text.split(' ', 1)[0].trim();
    const open = word.indexOf('[');
    if (open >= 0) {
      if (open !== match.consumed) return undefined; // the name matched only a prefix
      if (open + 1 >= word.length) {
        throw new FieldError(`filter '${text}': ${field.name} terminates with incomplete argument brackets`);
      }
      const close = word.indexOf(']', open + 1);
      if (close < 0) throw new FieldError(`filter '${text}': ${field.name} has unbalanced argument brackets`);
      const arg = word.slice(open + 1, close);
      if (!field.arg) {
        throw new FieldError(
          `filter '${text}': ${field.name} does not allow nor require an argument but one is provided: ${arg}`,
        );
      }
      return { ...match, consumed: close + 1, arg: resolveArg(text, field.name, field.arg, arg) };
    }
    if (field.arg?.required) {
      throw new FieldError(`filter '${text}': ${field.name} requires an argument but none provided`);
    }
    return match;
  };
}
