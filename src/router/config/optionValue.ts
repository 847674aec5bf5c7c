// Turns one raw option value (from YAML, any type, or from an environment variable, a string)
// into the kind its OptionSpec declares. Errors say what was expected; the caller adds where.

import type { OptionKind } from '../destinations/destination.js';

export type ParsedValue = string | number | boolean | readonly string[] | Readonly<Record<string, string>>;

export type ParseResult = { ok: true; value: ParsedValue } | { ok: false; problem: string };

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;

/** Go-style duration text (`1h30m`, `500ms`) or a plain number of seconds, in milliseconds. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (t === '') return undefined;
  let ms = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < t.length) {
    const m = DURATION_PART.exec(t);
    if (!m) return undefined;
    ms += Number(m[1]) * DURATION_UNITS[m[2]];
  }
  return ms;
}

function scalarText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return undefined;
}

const show = (raw: unknown): string =>
  typeof raw === 'string' ? JSON.stringify(raw) : (JSON.stringify(raw) ?? String(raw));

/** `fromEnv`: the value is an environment variable's text (lists and maps are comma-separated). */
export function parseOptionValue(kind: OptionKind, raw: unknown, fromEnv: boolean): ParseResult {
  const fail = (expected: string): ParseResult => ({ ok: false, problem: `${show(raw)} is not ${expected}` });
  switch (kind) {
    case 'string': {
      const t = scalarText(raw);
      return t === undefined ? fail('a string') : { ok: true, value: t };
    }
    case 'int': {
      const t = scalarText(raw)?.trim();
      if (t === undefined || !/^-?\d+$/.test(t)) return fail('an integer');
      const n = Number(t);
      return Number.isSafeInteger(n) ? { ok: true, value: n } : fail('an integer in range');
    }
    case 'bool': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const t = scalarText(raw)?.trim().toLowerCase();
      if (t === 'true' || t === '1' || t === 'yes') return { ok: true, value: true };
      if (t === 'false' || t === '0' || t === 'no') return { ok: true, value: false };
      return fail('a boolean (true or false)');
    }
    case 'duration': {
      if (typeof raw === 'number' && raw >= 0) return { ok: true, value: raw * 1000 };
      const ms = typeof raw === 'string' ? parseDuration(raw) : undefined;
      return ms === undefined
        ? fail('a duration (e.g. 30s, 500ms, 1h30m, or a number of seconds)')
        : { ok: true, value: ms };
    }
    case 'list': {
      if (Array.isArray(raw)) {
        const items = raw.map(scalarText);
        if (items.some((i) => i === undefined)) return fail('a list of strings');
        return { ok: true, value: (items as string[]).map((i) => i.trim()).filter((i) => i !== '') };
      }
      const t = scalarText(raw);
      if (t === undefined || (!fromEnv && typeof raw !== 'string')) return fail('a list of strings');
      return { ok: true, value: splitCommas(t) };
    }
    case 'map': {
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(raw)) {
          const t = scalarText(v);
          if (t === undefined) return { ok: false, problem: `the value of ${JSON.stringify(k)} is not a string` };
          out[k] = t;
        }
        return { ok: true, value: out };
      }
      if (typeof raw !== 'string') return fail('a map of key: value');
      return parseMapText(raw);
    }
  }
}

function splitCommas(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `k:v,k2:v2`, as Falcosidekick reads map options from the environment. */
function parseMapText(text: string): ParseResult {
  const out: Record<string, string> = {};
  for (const pair of splitCommas(text)) {
    const colon = pair.indexOf(':');
    if (colon <= 0) return { ok: false, problem: `${JSON.stringify(pair)} is not key:value (expected k:v,k2:v2)` };
    out[pair.slice(0, colon).trim()] = pair.slice(colon + 1).trim();
  }
  return { ok: true, value: out };
}

/** Whether a parsed value counts as set, for options that enable their destination. */
export function isNonEmpty(value: ParsedValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
