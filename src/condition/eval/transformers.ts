// Single-field transformers (tolower, toupper, b64, basename, len): which types each accepts,
// what type it yields, and the value mapping. List values are transformed element by element
// (len counts them instead).

import type { FieldScalar, FieldType, FieldValue } from '../../fields/types.js';
import { asciiLower, asciiUpper } from './text.js';

export type SingleTransformer = 'tolower' | 'toupper' | 'b64' | 'basename' | 'len';

/** The type a transformer yields for an input type, or undefined when it does not accept it. */
export function transformedType(
  name: SingleTransformer,
  type: FieldType,
  isList: boolean,
): { type: FieldType; isList: boolean } | undefined {
  switch (name) {
    case 'tolower':
    case 'toupper':
    case 'basename':
      return type === 'CHARBUF' || type === 'FSPATH' || type === 'FSRELPATH' ? { type, isList } : undefined;
    case 'b64':
      return type === 'CHARBUF' || type === 'BYTEBUF' ? { type, isList } : undefined;
    case 'len':
      if (isList) return { type: 'UINT64', isList: false };
      return type === 'CHARBUF' || type === 'BYTEBUF' || type === 'FSPATH' || type === 'FSRELPATH'
        ? { type: 'UINT64', isList: false }
        : undefined;
  }
}

/** Maps one scalar; undefined means the transformation failed (the value is then unavailable). */
type ScalarMap = (v: FieldScalar) => FieldScalar | undefined;

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string): Buffer | undefined {
  if (!B64.test(text) || text.length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64');
}

function textOf(v: FieldScalar): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
  return String(v);
}

/** strnlen of the UTF-8 encoding: bytes up to the first NUL. */
function cStringLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) break;
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function scalarMap(name: SingleTransformer, type: FieldType): ScalarMap {
  switch (name) {
    case 'tolower':
      return (v) => asciiLower(textOf(v));
    case 'toupper':
      return (v) => asciiUpper(textOf(v));
    case 'basename':
      return (v) => {
        const s = textOf(v);
        return s.slice(s.lastIndexOf('/') + 1);
      };
    case 'b64':
      return (v) => {
        const decoded = decodeBase64(textOf(v));
        if (decoded === undefined) return undefined;
        return type === 'BYTEBUF' ? new Uint8Array(decoded) : decoded.toString('utf8');
      };
    case 'len':
      return (v) => (v instanceof Uint8Array ? v.length : cStringLength(textOf(v)));
  }
}

/** Builds the value mapping of a transformer applied to values of `type`. */
export function transformValues(name: SingleTransformer, type: FieldType): (v: FieldValue) => FieldValue {
  const map = scalarMap(name, type);
  if (name === 'len') {
    return (v) => (v === undefined ? undefined : Array.isArray(v) ? v.length : map(v));
  }
  return (v) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return map(v);
    const out: FieldScalar[] = [];
    for (const item of v) {
      const m = map(item);
      if (m === undefined) return undefined;
      out.push(m);
    }
    return out;
  };
}
