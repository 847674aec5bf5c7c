// kafkajs codec for LZ4 (record-batch attribute 3) over the pure-JS lz4js. Kafka's LZ4 is the LZ4
// frame format; the frame is written here, as Kafka's KafkaLZ4BlockOutputStream does (64 KiB
// independent blocks, no checksums), because lz4js.compress lets a block refer back into the one
// before, which Kafka's decoder (one block at a time) cannot follow, and lets a block's last match
// start within 12 bytes of its end, which the LZ4 spec forbids.

import lz4 from 'lz4js';
import xxh32 from 'lz4js/xxh32.js';

const magic = 0x184d2204;
const blockSize = 64 * 1024;
/** FLG: version 01, blocks independent; no block or content checksum, no content size. */
const flg = 0x60;
/** BD: 64 KiB maximum block size. */
const bd = 4 << 4;
const uncompressedBlock = 0x80000000;
/** lz4js starts a match before sEnd - 9; ending its input 3 bytes early gives the spec's 12. */
const tailReserve = 3;

export function lz4Frame(data: Uint8Array): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt32LE(magic, 0);
  header[4] = flg;
  header[5] = bd;
  header[6] = (xxh32.hash(0, header, 4, 2) >>> 8) & 0xff;
  const parts: Buffer[] = [header];
  for (let start = 0; start < data.length; start += blockSize) {
    const block = data.subarray(start, Math.min(start + blockSize, data.length));
    const compressed = compressBlock(block);
    const length = Buffer.alloc(4);
    if (compressed && compressed.length < block.length) {
      length.writeUInt32LE(compressed.length);
      parts.push(length, compressed);
    } else {
      length.writeUInt32LE((uncompressedBlock | block.length) >>> 0);
      parts.push(length, Buffer.from(block));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

/** One raw LZ4 block of all of `block`, or undefined when lz4js finds nothing to compress. */
function compressBlock(block: Uint8Array): Buffer | undefined {
  if (block.length <= tailReserve) return undefined;
  const out = new Uint8Array(lz4.compressBound(block.length));
  // a fresh hash table per block keeps matches inside the block (independent blocks)
  const size = lz4.compressBlock(block, out, 0, block.length - tailReserve, new Uint32Array(1 << 16));
  if (size === 0) return undefined;
  // The block ends with a literals-only sequence; rewrite it to run to the end of `block`.
  let pos = 0;
  let decoded = 0;
  for (;;) {
    const token = pos;
    const [literals, after] = readLength(out, pos + 1, out[pos] >> 4);
    pos = after + literals;
    decoded += literals;
    if (pos >= size) {
      const tail = block.subarray(decoded - literals);
      return Buffer.concat([out.subarray(0, token), literalRun(tail)]);
    }
    const [match, next] = readLength(out, pos + 2, out[token] & 15);
    pos = next;
    decoded += match + 4;
  }
}

/** A 4-bit length of 15 continues in bytes, each 255 meaning more follows. */
function readLength(buf: Uint8Array, pos: number, nibble: number): [number, number] {
  let n = nibble;
  if (nibble === 15)
    for (let b = 255; b === 255; pos++) {
      b = buf[pos];
      n += b;
    }
  return [n, pos];
}

function literalRun(literals: Uint8Array): Buffer {
  const n = literals.length;
  const extra: number[] = [];
  if (n >= 15) {
    let rest = n - 15;
    for (; rest >= 255; rest -= 255) extra.push(255);
    extra.push(rest);
  }
  return Buffer.concat([Buffer.from([Math.min(n, 15) << 4, ...extra]), literals]);
}

/** The codec factory kafkajs expects in CompressionCodecs. */
export const lz4Codec = () => ({
  async compress(encoder: { buffer: Buffer }): Promise<Buffer> {
    return lz4Frame(encoder.buffer);
  },
  async decompress(buffer: Buffer): Promise<Buffer> {
    return Buffer.from(lz4.decompress(buffer));
  },
});
