// How an extracted value reads in an output string, following libsinsp's rawval_to_string: numbers
// in decimal, DOUBLE with one decimal digit, booleans as true/false, binary buffers with
// non-printable bytes shown as dots, list fields as `(a,b,c)`.

import type { FieldScalar, FieldType, FieldValue } from '../fields/types.js';

/** The text libsinsp prints for a value that is not available. */
export const NOT_AVAILABLE = '<NA>';

/** printf's `%.1f`: one decimal digit, ties rounded to even on the exact binary value. */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  // toFixed breaks exact ties away from zero, printf to even. A double is an exact tie at one
  // decimal only when it is an odd multiple of 1/4 (0.25, 0.75, ...), where x*10 is exact too.
  const quarters = x * 4;
  if (Number.isInteger(quarters) && quarters % 2 !== 0) {
    const scaled = x * 10;
    const down = Math.trunc(scaled);
    const even = down % 2 === 0 ? down : down + Math.sign(scaled);
    return (even / 10).toFixed(1);
  }
  return x.toFixed(1);
}

/** Bytes as libsinsp shows a binary buffer by default: printable ASCII kept, the rest as `.`. */
export function bufferText(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    out += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '.';
  }
  return out;
}

function integerText(v: number): string {
  return Number.isInteger(v) ? v.toFixed(0) : String(v);
}

/** One scalar value as text, according to the field's type. */
export function scalarText(v: FieldScalar, type: FieldType): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (type === 'DOUBLE') return formatDouble(v);
      if (type === 'BOOL') return v !== 0 ? 'true' : 'false';
      return integerText(v);
    default:
      return bufferText(v);
  }
}

/**
 * A whole extracted value as text; undefined (and an empty list, which libsinsp does not extract)
 * reads as `<NA>`.
 */
export function valueText(v: FieldValue, type: FieldType): string {
  if (v === undefined) return NOT_AVAILABLE;
  if (Array.isArray(v)) {
    if (v.length === 0) return NOT_AVAILABLE;
    let out = '(';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      out += scalarText(v[i], type);
    }
    return `${out})`;
  }
  return scalarText(v, type);
}

/**
 * Fits a token to a width given in the format (`%12proc.name`): padded with spaces or cut to
 * exactly `width` bytes of UTF-8, as libsinsp resizes the string.
 */
export function fitWidth(text: string, width: number): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes === width) return text;
  if (bytes < width) return text + ' '.repeat(width - bytes);
  return Buffer.from(text, 'utf8').subarray(0, width).toString('utf8');
}
