// Cuts a byte stream into whole blocks. Blocks that lie inside one chunk are handed out in place
// (no copy); a block that spans chunks is gathered piece by piece and joined once complete, so a
// bogus length costs at most what the file really holds (and never more than `maxBlockBytes`).

import { BLOCK_HEADER_SIZE, BLOCK_TRAILER_SIZE, SHB_BLOCK_TYPE } from './blockTypes.js';
import type { CaptureFormatError } from './errors.js';

/** What the splitter feeds: the parser. */
export interface BlockConsumer {
  block(buf: Buffer, start: number, len: number, offset: number): void;
  fail(offset: number, type: number | undefined, reason: string): CaptureFormatError;
}

const MIN_BLOCK = BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE;

export class BlockSplitter {
  /** Stream offset of the first byte not yet part of a delivered block. */
  private offset = 0;
  private pieces: Buffer[] = [];
  private have = 0;
  /** Total length of the pending block, once its header is known; 0 before. */
  private want = 0;
  private pendingType = 0;

  constructor(
    private readonly parser: BlockConsumer,
    private readonly maxBlockBytes: number,
  ) {}

  /** Bytes consumed (delivered blocks plus the pending partial one). */
  get bytes(): number {
    return this.offset + this.have;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.have > 0) {
      pos = this.fillPending(chunk);
      if (this.have > 0) return;
    }
    const n = chunk.length;
    while (n - pos >= BLOCK_HEADER_SIZE) {
      const len = this.checkHeader(chunk, pos);
      if (pos + len > n) break;
      this.parser.block(chunk, pos, len, this.offset);
      this.offset += len;
      pos += len;
    }
    if (pos < n) {
      this.pieces.push(chunk.subarray(pos));
      this.have = n - pos;
      this.want = n - pos >= BLOCK_HEADER_SIZE ? chunk.readUInt32LE(pos + 4) : 0;
      if (this.want > 0) this.pendingType = chunk.readUInt32LE(pos);
    }
  }

  /** Signals the end of input: anything pending is a truncated block. */
  end(): void {
    if (this.have === 0) return;
    if (this.want === 0) {
      throw this.parser.fail(
        this.offset,
        undefined,
        `file ends ${this.have} bytes into a block header (truncated file)`,
      );
    }
    throw this.parser.fail(
      this.offset,
      this.pendingType,
      `block declares length ${this.want}, but the file ends ${this.have} bytes into it (truncated file)`,
    );
  }

  /** Type of the block being gathered, when its header has been seen. */
  get pendingBlockType(): number | undefined {
    return this.want > 0 ? this.pendingType : undefined;
  }

  /** Stream offset of the block being gathered (or of the next block). */
  get blockOffset(): number {
    return this.offset;
  }

  /** Adds bytes from `chunk` to the pending block; returns how many were taken. */
  private fillPending(chunk: Buffer): number {
    let pos = 0;
    if (this.want === 0) {
      const take = Math.min(BLOCK_HEADER_SIZE - this.have, chunk.length);
      this.pieces.push(chunk.subarray(0, take));
      this.have += take;
      pos = take;
      if (this.have < BLOCK_HEADER_SIZE) return pos;
      const head = Buffer.concat(this.pieces, this.have);
      this.pieces = [head];
      this.want = this.checkHeader(head, 0);
      this.pendingType = head.readUInt32LE(0);
    }
    const take = Math.min(this.want - this.have, chunk.length - pos);
    if (take > 0) {
      this.pieces.push(chunk.subarray(pos, pos + take));
      this.have += take;
      pos += take;
    }
    if (this.have === this.want) {
      const block = Buffer.concat(this.pieces, this.have);
      const len = this.want;
      this.pieces = [];
      this.have = 0;
      this.want = 0;
      this.parser.block(block, 0, len, this.offset);
      this.offset += len;
    }
    return pos;
  }

  /** Validates the header at buf[pos] and returns the block's length. */
  private checkHeader(buf: Buffer, pos: number): number {
    const type = buf.readUInt32LE(pos);
    const len = buf.readUInt32LE(pos + 4);
    if (this.offset === 0 && type !== SHB_BLOCK_TYPE) {
      throw this.parser.fail(0, type, 'not a scap capture: a capture starts with a section header block (0xa0d0d0a)');
    }
    if (len < MIN_BLOCK) {
      throw this.parser.fail(this.offset, type, `block length ${len} is shorter than a block's frame (12 bytes)`);
    }
    if (len > this.maxBlockBytes) {
      throw this.parser.fail(this.offset, type, `block length ${len} exceeds the limit of ${this.maxBlockBytes} bytes`);
    }
    return len;
  }
}
