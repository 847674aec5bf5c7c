// A growable little-endian byte builder for writing blocks: reserve the header, append fields,
// then `finishBlock` pads to 4 bytes and writes the length in the header and the trailer.

export class BlockBuilder {
  buf: Buffer;
  pos = 0;

  constructor(initial = 4096) {
    this.buf = Buffer.alloc(initial);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const b = Buffer.alloc(size);
    this.buf.copy(b, 0, 0, this.pos);
    this.buf = b;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.buf.writeUInt16LE(v & 0xffff, this.pos);
    this.pos += 2;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  i32(v: number): this {
    this.room(4);
    this.buf.writeInt32LE(v | 0, this.pos);
    this.pos += 4;
    return this;
  }

  u64(v: bigint): this {
    this.room(8);
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, v), this.pos);
    this.pos += 8;
    return this;
  }

  /** A signed 64-bit id or count given as a number (-1 stays all ones). */
  i64(v: number): this {
    this.room(8);
    this.buf.writeBigInt64LE(BigInt(Math.trunc(v)), this.pos);
    this.pos += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** A u16 length then the bytes, cut to `max` bytes. */
  lenPrefixed(b: Buffer, max: number): this {
    const n = Math.min(b.length, max, 0xffff);
    this.u16(n);
    return this.bytes(b.subarray(0, n));
  }

  /** A u16-length-prefixed UTF-8 string (no NUL), cut to `max` bytes. */
  str16(s: string, max: number): this {
    return this.lenPrefixed(Buffer.from(s, 'utf8'), max);
  }

  /** Starts a block: writes its type and a placeholder length; returns the block's start. */
  startBlock(type: number): number {
    const start = this.pos;
    this.u32(type).u32(0);
    return start;
  }

  /** Pads the block begun at `start` to 4 bytes and writes its length at both ends. */
  finishBlock(start: number): void {
    const pad = (4 - ((this.pos - start) & 3)) & 3;
    for (let i = 0; i < pad; i++) this.u8(0);
    const len = this.pos - start + 4;
    this.u32(len);
    this.buf.writeUInt32LE(len, start + 4);
  }

  /** Overwrites a u32 written earlier (entry lengths). */
  patchU32(at: number, v: number): void {
    this.buf.writeUInt32LE(v >>> 0, at);
  }

  /** The bytes built so far (a view, valid until the next append or reset). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }
}
