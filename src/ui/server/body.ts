// Checks of JSON request bodies; a problem is a ParamError naming the field (`body.ids`).

import { ParamError } from './params.js';

export type Body = Record<string, unknown>;

export function asBody(v: unknown): Body {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ParamError('body', 'must be a JSON object');
  return v as Body;
}

export function onlyKeys(b: Body, keys: readonly string[]): void {
  for (const k of Object.keys(b))
    if (!keys.includes(k)) throw new ParamError(`body.${k}`, `unknown field (known: ${keys.join(', ')})`);
}

export function str(b: Body, key: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  const v = b[key];
  if (v === undefined) {
    if (opts.required) throw new ParamError(`body.${key}`, 'required');
    return undefined;
  }
  if (typeof v !== 'string') throw new ParamError(`body.${key}`, 'must be a string');
  if (opts.required && v === '') throw new ParamError(`body.${key}`, 'must not be empty');
  if (v.length > (opts.max ?? 10_000))
    throw new ParamError(`body.${key}`, `longer than ${opts.max ?? 10_000} characters`);
  return v;
}

export function bool(b: Body, key: string, fallback: boolean): boolean {
  const v = b[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ParamError(`body.${key}`, 'must be true or false');
  return v;
}

export function strings(b: Body, key: string, min: number, max: number): string[] {
  const v = b[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== ''))
    throw new ParamError(`body.${key}`, 'must be a list of non-empty strings');
  if (v.length < min || v.length > max) throw new ParamError(`body.${key}`, `must hold ${min} to ${max} values`);
  return v as string[];
}

export function stringMap(b: Body, key: string): Record<string, string> | undefined {
  const v = b[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string'))
    throw new ParamError(`body.${key}`, 'must be an object of field name → text value');
  return v as Record<string, string>;
}
