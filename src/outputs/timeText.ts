// Event timestamps as Falco prints them. `evt.time`-style text uses the host's local time zone (the
// offset in force now, as libsinsp computes it); ISO 8601 forms are UTC.

const NS_PER_SECOND = 1_000_000_000n;
const SECONDS_PER_DAY = 86_400;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad9(ns: bigint): string {
  return ns.toString().padStart(9, '0');
}

/** Seconds and nanoseconds of a timestamp; negative timestamps are clamped to the epoch. */
function split(ts: bigint): { sec: number; ns: bigint } {
  if (ts < 0n) return { sec: 0, ns: 0n };
  return { sec: Number(ts / NS_PER_SECOND), ns: ts % NS_PER_SECOND };
}

/** Offset of local time from UTC in seconds, for the current moment (libsinsp's gmt2local(0)). */
export function localOffsetSeconds(): number {
  return -new Date().getTimezoneOffset() * 60;
}

function clockText(secOfDay: number): string {
  return `${pad2(Math.floor(secOfDay / 3600))}:${pad2(Math.floor((secOfDay % 3600) / 60))}:${pad2(secOfDay % 60)}`;
}

function dateText(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function localSecondOfDay(sec: number, offset: number): number {
  return (((sec + offset) % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
}

/** `evt.time`: `HH:MM:SS.nnnnnnnnn` in local time. */
export function timeText(ts: bigint, offset = localOffsetSeconds()): string {
  const { sec, ns } = split(ts);
  return `${clockText(localSecondOfDay(sec, offset))}.${pad9(ns)}`;
}

/** `evt.time.s`: `HH:MM:SS` in local time. */
export function timeSecondsText(ts: bigint, offset = localOffsetSeconds()): string {
  return clockText(localSecondOfDay(split(ts).sec, offset));
}

/** `evt.datetime`: `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` in local time. */
export function dateTimeText(ts: bigint, offset = localOffsetSeconds()): string {
  const { sec, ns } = split(ts);
  const local = sec + offset;
  return `${dateText(new Date(local * 1000))} ${clockText(localSecondOfDay(sec, offset))}.${pad9(ns)}`;
}

/** `evt.datetime.s`: `YYYY-MM-DD HH:MM:SS` in local time. */
export function dateTimeSecondsText(ts: bigint, offset = localOffsetSeconds()): string {
  const { sec } = split(ts);
  return `${dateText(new Date((sec + offset) * 1000))} ${clockText(localSecondOfDay(sec, offset))}`;
}

/** `evt.time.iso8601`: `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000` (UTC). */
export function iso8601Text(ts: bigint): string {
  const { sec, ns } = split(ts);
  return `${dateText(new Date(sec * 1000))}T${clockText(sec % SECONDS_PER_DAY)}.${pad9(ns)}+0000`;
}

/** The `time` property of Falco's JSON alerts: `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` (UTC). */
export function jsonTimeText(ts: bigint): string {
  const { sec, ns } = split(ts);
  return `${dateText(new Date(sec * 1000))}T${clockText(sec % SECONDS_PER_DAY)}.${pad9(ns)}Z`;
}
