// Compact constructors for the syscall field tables, so each table reads as one line per field.

import type { FieldArgSpec, FieldDef, FieldType } from '../types.js';

/** Flags and argument of a field, mirroring libsinsp's EPF_* flags. */
export type FieldOptions = Omit<FieldDef, 'name' | 'type' | 'desc'>;

export function field(name: string, type: FieldType, desc: string, options: FieldOptions = {}): FieldDef {
  return { name, type, desc, ...options };
}

/** `field[N]` is optional: an ancestor level, an fd number, an argument position. */
export const OPTIONAL_INDEX: FieldArgSpec = Object.freeze({ required: false, index: true, key: false });
/** `field[KEY]` is optional: an environment variable name. */
export const OPTIONAL_KEY: FieldArgSpec = Object.freeze({ required: false, index: false, key: true });
/** `field[N]` or `field[KEY]` is optional. */
export const OPTIONAL_INDEX_OR_KEY: FieldArgSpec = Object.freeze({ required: false, index: true, key: true });
/** `field[N]` or `field[KEY]` must be given (container mounts). */
export const REQUIRED_INDEX_OR_KEY: FieldArgSpec = Object.freeze({ required: true, index: true, key: true });
/** `field[KEY]` must be given (labels). */
export const REQUIRED_KEY: FieldArgSpec = Object.freeze({ required: true, index: false, key: true });
/** `field.KEY` must be given (`thread.cgroup.cpuacct`, `evt.rawarg.fd`). */
export const REQUIRED_DOTTED_KEY: FieldArgSpec = Object.freeze({
  required: true,
  index: false,
  key: true,
  dotted: true,
});
/** `field.NAME` or `field[N]` must be given (`evt.arg.fd`, `evt.arg[0]`, `evt.type.is.open`). */
export const REQUIRED_DOTTED_INDEX_OR_KEY: FieldArgSpec = Object.freeze({
  required: true,
  index: true,
  key: true,
  dotted: true,
});
/** `field[N]` must be given (`evt.around[T]`). */
export const REQUIRED_INDEX: FieldArgSpec = Object.freeze({ required: true, index: true, key: false });
