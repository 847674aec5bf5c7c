// Text forms of a nanosecond timestamp used by the legacy jevt.time fields, matching libsinsp's
// formatting (time of day in the local zone; ISO 8601 in UTC), both with nine fractional digits.

const NS_PER_SECOND = 1_000_000_000n;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function split(ns: bigint): { seconds: number; nanos: string } {
  let seconds = ns / NS_PER_SECOND;
  let nanos = ns % NS_PER_SECOND;
  if (nanos < 0n) {
    nanos += NS_PER_SECOND;
    seconds -= 1n;
  }
  return { seconds: Number(seconds), nanos: pad(Number(nanos), 9) };
}

/** `HH:MM:SS.nnnnnnnnn` in the local time zone (its current offset, as libsinsp uses). */
export function timeOfDayText(ns: bigint): string {
  const { seconds, nanos } = split(ns);
  const zoneSeconds = -new Date().getTimezoneOffset() * 60;
  const s = (((seconds + zoneSeconds) % 86_400) + 86_400) % 86_400;
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}.${nanos}`;
}

/** `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` in UTC. */
export function iso8601Text(ns: bigint): string {
  const { seconds, nanos } = split(ns);
  const d = new Date(seconds * 1000);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${nanos}Z`
  );
}
