// A syscall event in the scap layout, viewed in place over the bytes it arrived in (a capture
// file block or a ring-buffer batch). Nothing is decoded until asked: the header on `set`, the
// parameter offsets on first parameter access, each parameter's value only when a field or a
// state parser reads it. One view object is reused across events by readers that can, so the
// hot path allocates nothing per event.
//
// Layout (little endian, packed): ts u64 | tid u64 | len u32 | type u16 | nparams u32, then
// nparams lengths (u16 each, u32 for EF_LARGE_PAYLOAD events), then the parameter bytes.

import { EVENT_FLAGS, EVENT_TABLE, type EventInfo } from './eventTable.js';

export const EVENT_HEADER_SIZE = 26;

const LARGE = EVENT_FLAGS.EF_LARGE_PAYLOAD;
const FLAG_BITS: Readonly<Record<string, number>> = EVENT_FLAGS;

/** Per event id: the table entry and whether parameter lengths are 4 bytes wide. */
const LARGE_PAYLOAD: readonly boolean[] = EVENT_TABLE.map((e) => e.flags.some((f) => (FLAG_BITS[f] & LARGE) !== 0));

/** Unknown ids (newer drivers) still get a view; their parameters have no names. */
const UNKNOWN_EVENT: EventInfo = {
  id: -1,
  code: 'PPME_UNKNOWN',
  name: 'unknown',
  dir: 'enter',
  category: [],
  flags: [],
  params: [],
};

export function eventInfo(type: number): EventInfo {
  return EVENT_TABLE[type] ?? UNKNOWN_EVENT;
}

export function hasLargePayload(type: number): boolean {
  return LARGE_PAYLOAD[type] === true;
}

/** Raised when an event's bytes contradict its own header (lengths that run past its end). */
export class EventFormatError extends Error {}

export class ScapEvent {
  /** The bytes holding the event; `start` is where its header begins. */
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  /** CPU that produced the event (from the block or the ring buffer). */
  cpu = 0;
  /** Event block flags (EVF blocks), 0 otherwise. */
  blockFlags = 0;
  /** Sequence number, as `evt.num` shows it; the reader or sensor assigns it. */
  num = 0;

  type = 0;
  tid = 0;
  len = 0;
  nparams = 0;
  info: EventInfo = UNKNOWN_EVENT;

  private tsCache: bigint | undefined;
  private lenWidth = 2;
  private offsetsReady = false;
  /** Offsets (absolute in buf) of each parameter's data, and its length. */
  private offs = new Int32Array(32);
  private lens = new Int32Array(32);

  /** Points the view at the event whose header starts at `start`. Throws EventFormatError. */
  set(buf: Buffer, start: number, cpu = 0, blockFlags = 0): this {
    if (start + EVENT_HEADER_SIZE > buf.length) {
      throw new EventFormatError(`event header at byte ${start} runs past the end of its buffer`);
    }
    this.buf = buf;
    this.start = start;
    this.cpu = cpu;
    this.blockFlags = blockFlags;
    this.tsCache = undefined;
    // tid is u64; real tids fit in 32 bits, and -1 (unknown) reads as a huge value we clamp.
    const tidLo = buf.readUInt32LE(start + 8);
    const tidHi = buf.readUInt32LE(start + 12);
    this.tid = tidHi === 0 ? tidLo : tidHi === 0xffffffff ? tidLo - 0x100000000 : tidHi * 0x100000000 + tidLo;
    this.len = buf.readUInt32LE(start + 16);
    this.type = buf.readUInt16LE(start + 20);
    this.nparams = buf.readUInt32LE(start + 22);
    this.info = EVENT_TABLE[this.type] ?? UNKNOWN_EVENT;
    this.lenWidth = LARGE_PAYLOAD[this.type] ? 4 : 2;
    this.offsetsReady = false;
    if (this.len < EVENT_HEADER_SIZE || start + this.len > buf.length) {
      throw new EventFormatError(
        `event at byte ${start} declares length ${this.len}, but ${buf.length - start} bytes remain`,
      );
    }
    return this;
  }

  /** Timestamp in nanoseconds since the epoch. */
  get ts(): bigint {
    if (this.tsCache === undefined) this.tsCache = this.buf.readBigUInt64LE(this.start);
    return this.tsCache;
  }

  /** Timestamp as a double (ms precision is lost past 2^53 ns; fine for arithmetic on deltas). */
  get tsNumber(): number {
    return this.buf.readUInt32LE(this.start + 4) * 0x100000000 + this.buf.readUInt32LE(this.start);
  }

  get name(): string {
    return this.info.name;
  }

  get isEnter(): boolean {
    return (this.type & 1) === 0;
  }

  private computeOffsets(): void {
    const n = this.nparams;
    if (this.offs.length < n) {
      this.offs = new Int32Array(n);
      this.lens = new Int32Array(n);
    }
    const w = this.lenWidth;
    const b = this.buf;
    let lenAt = this.start + EVENT_HEADER_SIZE;
    let dataAt = lenAt + n * w;
    const end = this.start + this.len;
    if (dataAt > end)
      throw new EventFormatError(`event ${this.info.code} at byte ${this.start}: parameter lengths run past its end`);
    for (let i = 0; i < n; i++) {
      const l = w === 2 ? b.readUInt16LE(lenAt) : b.readUInt32LE(lenAt);
      lenAt += w;
      if (dataAt + l > end) {
        throw new EventFormatError(`event ${this.info.code} at byte ${this.start}: parameter ${i} runs past its end`);
      }
      this.offs[i] = dataAt;
      this.lens[i] = l;
      dataAt += l;
    }
    this.offsetsReady = true;
  }

  /** Whether parameter i is present (older event versions have fewer parameters). */
  hasParam(i: number): boolean {
    return i < this.nparams;
  }

  /** Absolute offset of parameter i's data in `buf`. */
  paramOffset(i: number): number {
    if (!this.offsetsReady) this.computeOffsets();
    return this.offs[i];
  }

  /** Length of parameter i in bytes; -1 when the event has no such parameter. */
  paramLength(i: number): number {
    if (i >= this.nparams) return -1;
    if (!this.offsetsReady) this.computeOffsets();
    return this.lens[i];
  }

  /** Parameter i's bytes, as a view (no copy); undefined when absent. */
  paramBytes(i: number): Buffer | undefined {
    if (i >= this.nparams) return undefined;
    if (!this.offsetsReady) this.computeOffsets();
    const o = this.offs[i];
    return this.buf.subarray(o, o + this.lens[i]);
  }

  /** Index of the parameter named `name` in this event's table entry, or -1. */
  paramIndex(name: string): number {
    const ps = this.info.params;
    for (let i = 0; i < ps.length; i++) if (ps[i].name === name) return i;
    return -1;
  }

  /**
   * Parameter i as a signed integer of its encoded width (1, 2, 4 or 8 bytes); 64-bit values
   * outside the safe range lose precision, which no fd, pid, errno or uid reaches.
   * undefined when the parameter is absent or empty.
   */
  paramInt(i: number): number | undefined {
    return this.readInteger(i, true);
  }

  /** Parameter i as an unsigned integer of its encoded width (see paramInt). */
  paramUint(i: number): number | undefined {
    return this.readInteger(i, false);
  }

  private readInteger(i: number, signed: boolean): number | undefined {
    const l = this.paramLength(i);
    if (l <= 0) return undefined;
    const o = this.offs[i];
    const b = this.buf;
    switch (l) {
      case 1:
        return signed ? b.readInt8(o) : b[o];
      case 2:
        return signed ? b.readInt16LE(o) : b.readUInt16LE(o);
      case 4:
        return signed ? b.readInt32LE(o) : b.readUInt32LE(o);
      case 8: {
        const hi = signed ? b.readInt32LE(o + 4) : b.readUInt32LE(o + 4);
        return hi * 0x100000000 + b.readUInt32LE(o);
      }
      default:
        return undefined;
    }
  }

  /** Parameter i as an exact unsigned 64-bit value (bigint); undefined when absent. */
  paramU64(i: number): bigint | undefined {
    const l = this.paramLength(i);
    if (l !== 8) return l > 0 ? BigInt(this.paramUint(i) ?? 0) : undefined;
    return this.buf.readBigUInt64LE(this.offs[i]);
  }

  /**
   * Parameter i as text: the bytes up to the first NUL, as libsinsp reads PT_CHARBUF/PT_FSPATH.
   * undefined when absent; '' when empty.
   */
  paramString(i: number): string | undefined {
    const l = this.paramLength(i);
    if (l < 0) return undefined;
    const o = this.offs[i];
    let e = o;
    const end = o + l;
    const b = this.buf;
    while (e < end && b[e] !== 0) e++;
    return b.toString('utf8', o, e);
  }

  /** Copies the event's bytes out (for keeping an enter event until its exit, or writing). */
  copyBytes(): Buffer {
    return Buffer.from(this.buf.subarray(this.start, this.start + this.len));
  }
}
