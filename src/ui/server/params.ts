// Reading and checking query parameters: every problem is a ParamError naming the parameter, sent
// as 400 {"error": "PARAM: what is wrong"}.

import { parseDuration } from '../../router/config/optionValue.js';

export class ParamError extends Error {
  constructor(
    readonly param: string,
    problem: string,
  ) {
    super(`${param}: ${problem}`);
    this.name = 'ParamError';
  }
}

export type Query = Readonly<Record<string, string | string[] | undefined>>;

/** Every value of a parameter given once or several times. */
export function values(q: Query, name: string): string[] {
  const v = q[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** A parameter that may be given once. */
export function single(q: Query, name: string): string | undefined {
  const v = values(q, name);
  if (v.length > 1) throw new ParamError(name, 'given more than once');
  return v[0];
}

export function rejectUnknown(q: Query, known: ReadonlySet<string>): void {
  for (const k of Object.keys(q))
    if (!known.has(k))
      throw new ParamError(
        k,
        known.size === 0
          ? 'unknown parameter (this route takes none)'
          : `unknown parameter (known: ${[...known].sort().join(', ')})`,
      );
}

export function intParam(q: Query, name: string, min: number, max: number, fallback: number): number {
  const v = single(q, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new ParamError(name, `${JSON.stringify(v)} must be a whole number from ${min} to ${max}`);
  return Number(v);
}

export function choiceParam<T extends string>(q: Query, name: string, choices: readonly T[], fallback: T): T {
  const v = single(q, name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v))
    throw new ParamError(name, `${JSON.stringify(v)} must be one of ${choices.join(', ')}`);
  return v as T;
}

export function boolParam(q: Query, name: string): boolean | undefined {
  const v = single(q, name);
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw new ParamError(name, `${JSON.stringify(v)} must be true or false`);
  return v === 'true';
}

/** RFC 3339 or milliseconds since the epoch → ms. */
export function timeParam(q: Query, name: string): number | undefined {
  const v = single(q, name);
  if (v === undefined) return undefined;
  if (/^\d{1,16}$/.test(v)) return Number(v);
  const t = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(t))
    throw new ParamError(name, `${JSON.stringify(v)} is neither an RFC 3339 time nor milliseconds since the epoch`);
  return t;
}

/** A Go-style duration (`15m`, `1h30m`) or `Nd` days → ms, within [minMs, maxMs]. */
export function durationParam(q: Query, name: string, minMs: number, maxMs: number): number | undefined {
  const v = single(q, name);
  if (v === undefined) return undefined;
  const days = /^(\d+)d$/.exec(v);
  const ms = days ? Number(days[1]) * 86_400_000 : /^\d+$/.test(v) ? undefined : parseDuration(v);
  if (ms === undefined || !Number.isFinite(ms))
    throw new ParamError(name, `${JSON.stringify(v)} is not a duration (e.g. 15m, 6h, 7d)`);
  if (ms < minMs || ms > maxMs)
    throw new ParamError(name, `${v} must be from ${formatDuration(minMs)} to ${formatDuration(maxMs)}`);
  return ms;
}

export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}
