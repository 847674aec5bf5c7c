// Little-endian reads over one block's body that fail with the offset of the bad value instead
// of running into the next block. `base` maps buffer positions to stream offsets for messages.

import { BlockBodyError } from './errors.js';

export class Cursor {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start: number,
    /** First position past the readable region. */
    public end: number,
    /** Stream offset of buf[0]. */
    readonly base: number,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Stream offset of the current position. */
  get offset(): number {
    return this.base + this.pos;
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.end) {
      throw new BlockBodyError(
        this.offset,
        `${what} needs ${n} bytes at byte ${this.offset}, but only ${this.end - this.pos} remain in the block`,
      );
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++];
  }

  u16(what: string): number {
    this.need(2, what);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  i32(what: string): number {
    this.need(4, what);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  u64(what: string): bigint {
    this.need(8, what);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  /** A signed 64-bit id (tid, pid, fd) as a number; ids fit in 53 bits, -1 stays -1. */
  i64n(what: string): number {
    this.need(8, what);
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readInt32LE(this.pos + 4);
    this.pos += 8;
    return hi * 0x100000000 + lo;
  }

  /** An unsigned 64-bit count as a number (precision lost only past 2^53). */
  u64n(what: string): number {
    this.need(8, what);
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    return hi * 0x100000000 + lo;
  }

  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** A u16-length-prefixed string (not NUL-terminated on file); `max` bounds the length. */
  str16(what: string, max: number): string {
    const at = this.offset;
    const n = this.u16(`${what} length`);
    if (n > max) throw new BlockBodyError(at, `${what} length ${n} at byte ${at} exceeds the limit of ${max}`);
    const b = this.bytes(n, what);
    // Strings from /proc may carry a NUL; libscap's C strings stop there.
    const z = b.indexOf(0);
    return b.toString('utf8', 0, z < 0 ? n : z);
  }

  /** A u16-length-prefixed raw buffer (args, env, cgroups: NUL-separated lists). */
  buf16(what: string, max: number): Buffer {
    const at = this.offset;
    const n = this.u16(`${what} length`);
    if (n > max) throw new BlockBodyError(at, `${what} length ${n} at byte ${at} exceeds the limit of ${max}`);
    return this.bytes(n, what);
  }

  skip(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }
}
