// Checks a field reference against a plugin field's argument rules the way libsinsp does for
// plugin-provided fields, with libsinsp's error messages (users' tooling greps for them).

import { type FieldDef, FieldError, type FieldRef } from '../types.js';

/** The argument as a plugin receives it. */
export interface PluginFieldArg {
  present: boolean;
  /** Index argument (`[2]`); 0 when absent or when the field takes a key. */
  index: number;
  /** The argument text (`[key]`); '' when absent. */
  key: string;
}

const NO_ARG: PluginFieldArg = { present: false, index: 0, key: '' };

/** The reference as libsinsp prints it in messages: `name` or `name[arg]`. */
function fullName(ref: FieldRef): string {
  return ref.arg === undefined ? ref.name : `${ref.name}[${ref.arg}]`;
}

function parseIndex(ref: FieldRef, arg: string): number {
  let problem: string | undefined;
  // "01", "007" are not indexes; an empty argument is reported the same way by libsinsp.
  if (arg.length === 0 || (arg.length > 1 && arg[0] === '0')) problem = 'starting with 0';
  if (!/^[0-9]*$/.test(arg)) problem = 'not composed only by digits';
  if (problem === undefined && BigInt(arg) > 0xffff_ffff_ffff_ffffn) problem = 'not representable on 64 bit';
  if (problem !== undefined) {
    throw new FieldError(`filter ${fullName(ref)} ${ref.name} has an invalid index argument ${problem}: ${arg}`);
  }
  // Beyond 2^53 no JSON array can be that long: any such index simply never matches.
  const n = Number(arg);
  return Number.isSafeInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

/**
 * Validates `ref` (whose name is `def.name`) and returns the argument to extract with.
 * Throws FieldError with libsinsp's wording when the argument is missing, unexpected or malformed.
 */
export function bindPluginFieldArg(def: FieldDef, ref: FieldRef): PluginFieldArg {
  const spec = def.arg;
  if (ref.arg === undefined) {
    if (spec?.required) {
      throw new FieldError(`filter '${fullName(ref)}': ${ref.name} requires an argument but none provided`);
    }
    return NO_ARG;
  }
  if (spec === undefined) {
    throw new FieldError(
      `filter '${fullName(ref)}': ${ref.name} does not allow nor require an argument but one is provided: ${ref.arg}`,
    );
  }
  const index = spec.index ? parseIndex(ref, ref.arg) : 0;
  return { present: true, index, key: spec.key ? ref.arg : '' };
}
