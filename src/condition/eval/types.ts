// Shared vocabulary of the condition compiler: value families (how a field type compares) and
// the compiled form of a field expression.

import type { FieldType, FieldValue } from '../../fields/types.js';
import type { Pos } from '../ast.js';

/** How values of a field type are compared. */
export type Family = 'string' | 'bytes' | 'int' | 'double' | 'bool' | 'ipaddr' | 'ipnet';

/**
 * How an integer literal is read for a type: libsinsp scans it with sscanf as a 32- or 64-bit
 * signed or unsigned number, then stores it at the type's width.
 */
export interface IntSpec {
  bits: 8 | 16 | 32 | 64;
  signed: boolean;
  /** Width sscanf reads at before the value is narrowed. */
  scanBits: 32 | 64;
}

const INT_SPECS: Partial<Record<FieldType, IntSpec>> = {
  INT8: { bits: 8, signed: true, scanBits: 32 },
  INT16: { bits: 16, signed: true, scanBits: 32 },
  INT32: { bits: 32, signed: true, scanBits: 32 },
  INT64: { bits: 64, signed: true, scanBits: 64 },
  FD: { bits: 64, signed: true, scanBits: 64 },
  PID: { bits: 64, signed: true, scanBits: 64 },
  ERRNO: { bits: 64, signed: true, scanBits: 64 },
  UINT8: { bits: 8, signed: false, scanBits: 32 },
  SIGTYPE: { bits: 8, signed: false, scanBits: 32 },
  // libsinsp has no comparable field of these two types; Kestrel reads them as the unsigned
  // bytes they are on the wire rather than refusing every operator
  L4PROTO: { bits: 8, signed: false, scanBits: 32 },
  SOCKFAMILY: { bits: 8, signed: false, scanBits: 32 },
  UINT16: { bits: 16, signed: false, scanBits: 32 },
  SYSCALLID: { bits: 16, signed: false, scanBits: 32 },
  PORT: { bits: 16, signed: false, scanBits: 32 },
  UINT32: { bits: 32, signed: false, scanBits: 32 },
  MODE: { bits: 32, signed: false, scanBits: 32 },
  FLAGS32: { bits: 32, signed: false, scanBits: 32 },
  // likewise for user and group ids (libsinsp fields use UINT32 for them)
  UID: { bits: 32, signed: false, scanBits: 32 },
  GID: { bits: 32, signed: false, scanBits: 32 },
  UINT64: { bits: 64, signed: false, scanBits: 64 },
  RELTIME: { bits: 64, signed: false, scanBits: 64 },
  ABSTIME: { bits: 64, signed: false, scanBits: 64 },
};

export function intSpecOf(type: FieldType): IntSpec | undefined {
  return INT_SPECS[type];
}

export function familyOf(type: FieldType): Family {
  switch (type) {
    case 'CHARBUF':
    case 'FSPATH':
    case 'FSRELPATH':
      return 'string';
    case 'BYTEBUF':
      return 'bytes';
    case 'DOUBLE':
      return 'double';
    case 'BOOL':
      return 'bool';
    case 'IPADDR':
      return 'ipaddr';
    case 'IPNET':
      return 'ipnet';
    default:
      return 'int';
  }
}

/** A compiled field expression: a field, or transformers applied to fields and literals. */
export interface TypedExpr<E> {
  /** Type of the values after transformers. */
  type: FieldType;
  isList: boolean;
  /** Name of the underlying field, as libsinsp names it in messages. */
  name: string;
  /** Extracts the (transformed) value; undefined when it is not available. */
  extract: (evt: E) => FieldValue;
  /** Set for literal arguments of transformers. */
  constant?: string;
  /** Where libsinsp would report an error about it: the last node visited (the innermost field). */
  pos: Pos;
}

/** libsinsp's spelling of an operator in messages (`==` is reported as `=`). */
export function opName(op: string): string {
  return op === '==' ? '=' : op;
}
