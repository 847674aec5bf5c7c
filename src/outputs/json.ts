// JSON text the way Falco writes its alerts (nlohmann::json dump, compact): object keys sorted,
// 64-bit integers exact (bigint), non-finite numbers as null, strings escaped as JSON requires.

import type { OutputFieldValue } from '../engine/types.js';

/** Values this writer accepts: output field values, nested arrays and objects. */
export type JsonWritable = OutputFieldValue | undefined | readonly JsonWritable[] | { [key: string]: JsonWritable };

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Serialises `value` compactly with sorted object keys. `undefined` members are left out. */
export function writeJson(value: JsonWritable): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += writeJson(value[i]);
    }
    return `${out}]`;
  }
  const obj = value as { [key: string]: JsonWritable };
  const keys = Object.keys(obj).sort(compareKeys);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${writeJson(v)}`;
  }
  return `${out}}`;
}
