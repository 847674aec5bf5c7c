// kafkajs codec for ZSTD (record-batch attribute 4) over @bokuweb/zstd-wasm: libzstd compiled to
// WebAssembly and shipped inside the package, since Node 20 has no zstd and a native module would
// need a build. Compression is one ZSTD_compress frame that declares its decoded size, which
// brokers and librdkafka read. Decompression goes a frame at a time: the library sizes its output
// from the first frame's header alone (1 MiB when the header has no size), so each frame gets a
// buffer bounded by its own headers, and input that would decode past a limit is refused before
// the WebAssembly heap grows for it.

import { compress, decompress, init } from '@bokuweb/zstd-wasm';
import { ZstdFormatError, zstdFrames, type ZstdFrame } from './zstdFrames.js';

/** libzstd's default level, the one librdkafka and the Java client use unless told otherwise. */
export const zstdLevel = 3;
/** A bound on decoded bytes, far above any record batch (brokers take 1 MiB compressed by default). */
export const zstdMaxOutput = 256 * 1024 * 1024;

/** What libzstd's error codes (zstd_errors.h) mean for input that reached it. */
const libzstdErrors: Readonly<Record<number, string>> = {
  10: 'unknown frame magic',
  12: 'unsupported frame format version',
  14: 'unsupported frame parameter',
  16: 'window larger than libzstd accepts',
  20: 'corrupt compressed data',
  22: 'content checksum does not match the decoded data',
  24: 'corrupt literals header',
  30: 'corrupt entropy tables',
  32: 'needs a dictionary',
  44: 'corrupt entropy tables',
  46: 'corrupt entropy tables',
  48: 'corrupt entropy tables',
  64: 'out of memory',
  70: 'decodes to more than its header declares',
  72: 'compressed size is wrong (cut short or trailing bytes)',
};
const libzstdOutputFull = 70;

let ready: Promise<void> | undefined;
function loaded(): Promise<void> {
  ready ??= init().catch((err: unknown) => {
    ready = undefined;
    throw new Error(`zstd: the WebAssembly libzstd did not load: ${(err as Error).message}`);
  });
  return ready;
}

export async function zstdCompress(data: Uint8Array): Promise<Buffer> {
  await loaded();
  let out: Uint8Array;
  try {
    out = compress(data, zstdLevel);
  } catch (err) {
    throw new Error(`zstd: compressing ${data.length} bytes failed: ${(err as Error).message}`);
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** The concatenated output of every frame in `stream` (skippable frames skipped). */
export async function zstdDecompress(stream: Uint8Array, maxOutput = zstdMaxOutput): Promise<Buffer> {
  const frames = zstdFrames(stream);
  await loaded();
  const parts: Buffer[] = [];
  let total = 0;
  for (const frame of frames) {
    if (frame.skippable) continue;
    const room = maxOutput - total;
    if (frame.contentSize !== undefined && frame.contentSize > room)
      throw new ZstdFormatError(
        `zstd: frame at byte ${frame.start} declares ${frame.contentSize} decoded bytes, past the limit of ${maxOutput}`,
      );
    const capacity = Math.min(frame.maxSize, room);
    let out: Uint8Array;
    try {
      out = decompress(stream.subarray(frame.start, frame.end), { defaultHeapSize: capacity });
    } catch (err) {
      throw libzstdError(err, frame, capacity < frame.maxSize ? maxOutput : undefined);
    }
    if (frame.contentSize !== undefined && out.length !== frame.contentSize)
      throw new ZstdFormatError(
        `zstd: frame at byte ${frame.start} decoded to ${out.length} bytes, its header declares ${frame.contentSize}`,
      );
    parts.push(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
    total += out.length;
  }
  return Buffer.concat(parts, total);
}

/** The library throws "Failed to ... with code N", N being libzstd's negated error code. */
function libzstdError(err: unknown, frame: ZstdFrame, limit: number | undefined): Error {
  const message = err instanceof Error ? err.message : String(err);
  const match = /code (-?\d+)/.exec(message);
  if (!match) return new ZstdFormatError(`zstd: frame at byte ${frame.start}: ${message}`);
  const n = Number(match[1]);
  const code = n < 0 ? -n : 2 ** 32 - n;
  if (code === libzstdOutputFull && limit !== undefined)
    return new ZstdFormatError(`zstd: frame at byte ${frame.start} decodes past the limit of ${limit} bytes`);
  const what =
    code === libzstdOutputFull && frame.contentSize === undefined
      ? 'corrupt compressed data, decodes to more than its blocks hold'
      : (libzstdErrors[code] ?? 'libzstd refused it');
  return new ZstdFormatError(`zstd: frame at byte ${frame.start}: ${what} (libzstd error ${code})`);
}

/** The codec factory kafkajs expects in CompressionCodecs. */
export const zstdCodec = () => ({
  compress: (encoder: { buffer: Buffer }): Promise<Buffer> => zstdCompress(encoder.buffer),
  decompress: (buffer: Buffer): Promise<Buffer> => zstdDecompress(buffer),
});
