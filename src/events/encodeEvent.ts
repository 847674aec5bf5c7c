// Builds events in the scap layout: for the capture writer, for converting older event versions
// and for tests that need exact events without a kernel.

import { EVENT_TABLE } from './eventTable.js';
import { EVENT_HEADER_SIZE, hasLargePayload } from './scapEvent.js';

export interface EventToEncode {
  type: number;
  ts: bigint;
  tid: number;
  /** Each parameter's encoded bytes, in table order. */
  params: readonly Uint8Array[];
}

/** Encodes one event (header, lengths, data) into a new buffer. */
export function encodeEvent(e: EventToEncode): Buffer {
  const w = hasLargePayload(e.type) ? 4 : 2;
  let dataLen = 0;
  for (const p of e.params) dataLen += p.length;
  const len = EVENT_HEADER_SIZE + e.params.length * w + dataLen;
  const buf = Buffer.alloc(len);
  buf.writeBigUInt64LE(e.ts, 0);
  buf.writeBigInt64LE(BigInt(e.tid), 8);
  buf.writeUInt32LE(len, 16);
  buf.writeUInt16LE(e.type, 20);
  buf.writeUInt32LE(e.params.length, 22);
  let at = EVENT_HEADER_SIZE;
  for (const p of e.params) {
    if (w === 2) {
      if (p.length > 0xffff) throw new RangeError(`parameter of ${p.length} bytes does not fit a 16-bit length`);
      buf.writeUInt16LE(p.length, at);
    } else buf.writeUInt32LE(p.length, at);
    at += w;
  }
  for (const p of e.params) {
    buf.set(p, at);
    at += p.length;
  }
  return buf;
}

/** Parameter encoders for the common scap parameter types. */
export const enc = {
  u8: (v: number) => Buffer.from([v & 0xff]),
  i8: (v: number) => {
    const b = Buffer.alloc(1);
    b.writeInt8(v);
    return b;
  },
  u16: (v: number) => {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(v);
    return b;
  },
  i16: (v: number) => {
    const b = Buffer.alloc(2);
    b.writeInt16LE(v);
    return b;
  },
  u32: (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    return b;
  },
  i32: (v: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    return b;
  },
  u64: (v: number | bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    return b;
  },
  i64: (v: number | bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(v));
    return b;
  },
  /** NUL-terminated text (PT_CHARBUF, PT_FSPATH, PT_FSRELPATH). */
  str: (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]),
  /** NUL-separated, NUL-terminated strings (argv, env in PT_BYTEBUF). */
  strs: (items: readonly string[]) => Buffer.concat(items.map((s) => Buffer.from(`${s}\0`, 'utf8'))),
  bytes: (b: Uint8Array | string) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b)),
  /** An empty parameter (the driver's way of saying "not available"). */
  empty: () => Buffer.alloc(0),
};

/** A parameter value given by name: numbers by the parameter's width, text, string lists, bytes. */
export type NamedParamValue = number | bigint | string | readonly string[] | Uint8Array;

/** Encoded width of the fixed-size parameter types (8 for the 64-bit ones and the default). */
const PARAM_WIDTH: Readonly<Record<string, number>> = {
  PT_INT8: 1,
  PT_UINT8: 1,
  PT_FLAGS8: 1,
  PT_ENUMFLAGS8: 1,
  PT_SIGTYPE: 1,
  PT_L4PROTO: 1,
  PT_SOCKFAMILY: 1,
  PT_INT16: 2,
  PT_UINT16: 2,
  PT_FLAGS16: 2,
  PT_ENUMFLAGS16: 2,
  PT_PORT: 2,
  PT_SYSCALLID: 2,
  PT_INT32: 4,
  PT_UINT32: 4,
  PT_FLAGS32: 4,
  PT_ENUMFLAGS32: 4,
  PT_UID: 4,
  PT_GID: 4,
  PT_MODE: 4,
  PT_BOOL: 4,
  PT_IPV4ADDR: 4,
  PT_FD32: 4,
  PT_PID32: 4,
  PT_SIGSET: 4,
};

function encodeNamedValue(where: string, type: string, v: NamedParamValue): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return enc.strs(v as string[]);
  if (typeof v === 'string') return type === 'PT_BYTEBUF' ? enc.bytes(v) : enc.str(v);
  if (typeof v !== 'number' && typeof v !== 'bigint') throw new TypeError(`${where}: unsupported value`);
  const w = PARAM_WIDTH[type] ?? 8;
  const b = Buffer.alloc(w);
  const n = BigInt(v);
  if (w === 1) b.writeUInt8(Number(BigInt.asUintN(8, n)));
  else if (w === 2) b.writeUInt16LE(Number(BigInt.asUintN(16, n)));
  else if (w === 4) b.writeUInt32LE(Number(BigInt.asUintN(32, n)));
  else b.writeBigUInt64LE(BigInt.asUintN(64, n));
  return b;
}

/**
 * Encodes event `id` with parameters given by name, in table order; parameters left out are sent
 * empty (as the driver does for values it could not read). `nparams` cuts the list, as older
 * event versions are shorter. Throws for a name the event does not have.
 */
export function encodeEventByName(
  id: number,
  tid: number,
  ts: bigint,
  params: Readonly<Record<string, NamedParamValue>> = {},
  nparams?: number,
): Buffer {
  const info = EVENT_TABLE[id];
  if (info === undefined) throw new RangeError(`no event with id ${id}`);
  for (const k of Object.keys(params)) {
    if (!info.params.some((p) => p.name === k)) throw new Error(`${info.code} has no parameter '${k}'`);
  }
  const list = info.params.slice(0, nparams ?? info.params.length).map((p) => {
    const v = params[p.name];
    return v === undefined ? enc.empty() : encodeNamedValue(`${info.code}.${p.name}`, p.type, v);
  });
  return encodeEvent({ type: id, ts, tid, params: list });
}
