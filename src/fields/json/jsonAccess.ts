// Navigation and rendering of parsed JSON with the semantics of the fastjson library that Falco's
// Go plugins (json, k8saudit) are built on: a key walks into an object member or, when it is a
// decimal number, into an array element; a value that is not a string renders as compact JSON.

/** A value produced by JSON.parse. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

const DECIMAL = /^[+-]?[0-9]+$/;

/**
 * Parses an array index the way Go's strconv.Atoi does (optional sign, decimal digits).
 * Returns -1 when the key cannot address an array element.
 */
export function arrayIndexOf(key: string): number {
  if (!DECIMAL.test(key)) return -1;
  // "-0" is zero for Atoi (adding 0 normalises it); other negatives never address an element.
  const n = Number(key) + 0;
  return n >= 0 && Number.isSafeInteger(n) ? n : -1;
}

/** One step of fastjson's Value.Get: undefined when the member/element does not exist. */
export function getMember(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    const i = arrayIndexOf(key);
    return i >= 0 && i < value.length ? value[i] : undefined;
  }
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** fastjson's Value.Get(keys...): walks every key in turn; undefined as soon as one is missing. */
export function getPath(value: unknown, keys: readonly string[]): unknown {
  let v = value;
  for (let i = 0; i < keys.length; i++) {
    v = getMember(v, keys[i]);
    if (v === undefined) return undefined;
  }
  return v;
}

/**
 * The text of a value: strings as they are, everything else (numbers, booleans, null, objects,
 * arrays) as compact JSON, which is what fastjson's MarshalTo produces for parsed input.
 */
export function renderJson(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Renders each element of an array; used by list fields that read a JSON array as a whole. */
export function renderArray(values: readonly unknown[]): string[] {
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = renderJson(values[i]);
  return out;
}
