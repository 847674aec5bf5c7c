// Builds exact events for state tests: parameters by name, in EVENT_TABLE order, encoded by
// their declared type; missing parameters are sent empty (as the driver does for "unknown").

import { encodeEventByName } from '../../src/events/encodeEvent.js';
import { EVENT_CODES } from '../../src/events/eventTable.js';
import { SyscallEvent } from '../../src/sources/syscall/syscallEvent.js';

export type ParamValue = number | bigint | string | string[] | Uint8Array;
export type EventCode = keyof typeof EVENT_CODES;

/** One event's bytes, parameters by name (see encodeEventByName). */
export function eventBytes(
  code: EventCode,
  tid: number,
  ts: bigint,
  params: Record<string, ParamValue> = {},
  nparams?: number,
): Buffer {
  return encodeEventByName(EVENT_CODES[code], tid, ts, params, nparams);
}

let num = 0;

export function ev(
  code: EventCode,
  tid: number,
  ts: bigint,
  params: Record<string, ParamValue> = {},
  nparams?: number,
): SyscallEvent {
  const e = new SyscallEvent();
  e.set(eventBytes(code, tid, ts, params, nparams), 0);
  e.num = ++num;
  return e;
}

/** PT_SOCKADDR / PT_SOCKTUPLE builders. */
export function ip4(s: string): number[] {
  return s.split('.').map(Number);
}

function u16(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff];
}

function u64(n: bigint): number[] {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return [...b];
}

export function ip6(s: string): number[] {
  // A dotted IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    s = s.slice(0, dotted.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = [...h, ...new Array(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

export const sock = {
  addr4: (ip: string, port: number) => Buffer.from([2, ...ip4(ip), ...u16(port)]),
  addr6: (ip: string, port: number) => Buffer.from([10, ...ip6(ip), ...u16(port)]),
  addrUnix: (path: string) => Buffer.concat([Buffer.from([1]), Buffer.from(`${path}\0`)]),
  tuple4: (sip: string, sport: number, dip: string, dport: number) =>
    Buffer.from([2, ...ip4(sip), ...u16(sport), ...ip4(dip), ...u16(dport)]),
  tuple6: (sip: string, sport: number, dip: string, dport: number) =>
    Buffer.from([10, ...ip6(sip), ...u16(sport), ...ip6(dip), ...u16(dport)]),
  tupleUnix: (src: bigint, dst: bigint, path: string) =>
    Buffer.concat([Buffer.from([1, ...u64(src), ...u64(dst)]), Buffer.from(`${path}\0`)]),
};

export const SEC = 1_000_000_000n;
