// Right-hand literals, parsed once at compile time according to the field's type, with
// libsinsp's messages for values it refuses.

import type { FieldType } from '../../fields/types.js';
import { literalBytes, unhex } from './bytes.js';
import { type IpAddrConst, type IpNetConst, parseIpAddrLiteral, parseIpNetLiteral } from './ip.js';
import { normalizeInteger, parseCDouble, parseCInteger } from './numbers.js';
import { parsePortLiteral } from './ports.js';
import { intSpecOf } from './types.js';

export function bytesLiteral(text: string, op: string): Uint8Array {
  if (op !== 'bcontains' && op !== 'bstartswith') return literalBytes(text);
  const bytes = unhex(text);
  if (bytes === undefined) throw new Error('filter error: bcontains and bstartswith operator support hex strings only');
  return bytes;
}

/** An integer literal, as a number when exact, else a bigint. */
export function intLiteral(text: string, type: FieldType): number | bigint {
  if (type === 'PORT') return parsePortLiteral(text);
  const spec = intSpecOf(type);
  if (spec === undefined) throw new Error(`wrong parameter type ${type}`);
  return normalizeInteger(parseCInteger(text, spec));
}

export function doubleLiteral(text: string): number {
  return parseCDouble(text);
}

export function boolLiteral(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new Error(`filter error: unrecognized boolean value ${text}`);
}

export function ipAddrLiteral(text: string): IpAddrConst {
  return parseIpAddrLiteral(text);
}

export function ipNetLiteral(text: string): IpNetConst {
  return parseIpNetLiteral(text);
}
