// How an extracted value appears in JSON output fields, following libsinsp's rawval_to_json:
// numeric fields as JSON numbers (64-bit ones exact, as bigint), booleans as JSON booleans,
// everything textual as strings, lists as arrays, and null when the value is not available.

import type { OutputFieldScalar, OutputFieldValue } from '../engine/types.js';
import type { FieldScalar, FieldType, FieldValue } from '../fields/types.js';
import { bufferText, scalarText } from './valueText.js';

const TEXT_TYPES: ReadonlySet<FieldType> = new Set<FieldType>([
  'CHARBUF',
  'BYTEBUF',
  'FSPATH',
  'FSRELPATH',
  'IPADDR',
  'IPNET',
]);

function scalarJson(v: FieldScalar, type: FieldType): OutputFieldScalar {
  if (TEXT_TYPES.has(type)) return scalarText(v, type);
  switch (typeof v) {
    case 'string':
      // A numeric field rendered as text by its extractor (hex or octal formats) stays text.
      return v;
    case 'bigint':
    case 'boolean':
      return v;
    case 'number':
      if (type === 'BOOL') return v !== 0;
      return v;
    default:
      return bufferText(v);
  }
}

/** A whole extracted value for JSON output fields. */
export function valueJson(v: FieldValue, type: FieldType): OutputFieldValue {
  if (v === undefined) return null;
  if (Array.isArray(v)) {
    if (v.length === 0) return null;
    const out: OutputFieldScalar[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = scalarJson(v[i], type);
    return out;
  }
  return scalarJson(v, type);
}
