// What a field class's binder receives and returns.

import type { FieldType, FieldValue } from '../../types.js';
import type { ResolvedFieldArg } from '../../../sources/syscall/fieldMatch.js';
import type { SyscallEvent } from '../../../sources/syscall/syscallEvent.js';

export type SyscallExtractor = (evt: SyscallEvent) => FieldValue;

/** A validated field reference, as a class binder needs it. */
export interface FieldRequest {
  /** Catalog name, e.g. `proc.aname`. */
  readonly name: string;
  readonly arg?: ResolvedFieldArg;
  /** Value type (for evt.rawarg: the parameter's). */
  readonly type: FieldType;
}

/** A class binder: the extractor for a field of its class, or undefined when it has none. */
export type ClassBinder = (req: FieldRequest) => SyscallExtractor | undefined;

/** For fields whose data Kestrel's state cannot have. */
export const NOT_AVAILABLE: SyscallExtractor = () => undefined;

/** The argument as an index, when it is one. */
export function argIndex(req: FieldRequest): number | undefined {
  return req.arg?.kind === 'index' ? req.arg.index : undefined;
}

/** The argument as a key, when it is one. */
export function argKey(req: FieldRequest): string | undefined {
  return req.arg?.kind === 'key' ? req.arg.key : undefined;
}
