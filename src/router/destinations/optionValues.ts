// Typed reads of a destination's parsed option values, and the checks `validate` shares
// (URLs, enumerations); each problem names the option as `<type>.<option>`.

import type { OptionValues } from './destination.js';

export function stringOption(options: OptionValues, key: string): string {
  const v = options[key];
  return typeof v === 'string' ? v : v === undefined ? '' : String(v);
}

export function intOption(options: OptionValues, key: string, fallback: number): number {
  const v = options[key];
  return typeof v === 'number' ? v : fallback;
}

export function boolOption(options: OptionValues, key: string): boolean {
  return options[key] === true;
}

export function listOption(options: OptionValues, key: string): string[] {
  const v = options[key];
  if (Array.isArray(v)) return v.map(String).filter((s) => s !== '');
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return [];
}

export function mapOption(options: OptionValues, key: string): Record<string, string> {
  const v = options[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return { ...(v as Record<string, string>) };
  return {};
}

/** A problem if the option is not an http(s) URL; an empty value is a problem only when required. */
export function urlProblem(type: string, options: OptionValues, key: string, required: boolean): string | undefined {
  const value = stringOption(options, key);
  if (value === '') return required ? `${type}.${key}: is required` : undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${type}.${key}: ${JSON.stringify(value)} is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${type}.${key}: ${JSON.stringify(value)} must be an http:// or https:// URL`;
  return undefined;
}

/** A problem if the option (compared lower case) is not one of `allowed`. */
export function oneOfProblem(
  type: string,
  options: OptionValues,
  key: string,
  allowed: readonly string[],
): string | undefined {
  const value = stringOption(options, key).toLowerCase();
  if (allowed.includes(value)) return undefined;
  return `${type}.${key}: ${JSON.stringify(stringOption(options, key))} is not one of ${allowed.join(', ')}`;
}

export function positiveProblem(type: string, options: OptionValues, key: string): string | undefined {
  const v = options[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) return `${type}.${key}: must be a positive integer`;
  return undefined;
}

export function problems(...list: (string | undefined)[]): string[] {
  return list.filter((p): p is string => p !== undefined);
}
