// Entry points of the capture reader: a file read as a stream (plain or gzip, detected by its
// magic bytes) with bounded memory, and the same over an in-memory Buffer.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { ScapEvent } from '../events/scapEvent.js';
import { BlockSplitter } from './blockSplitter.js';
import { CaptureFormatError } from './errors.js';
import { DEFAULT_MAX_BLOCK_BYTES } from './limits.js';
import { CaptureParser } from './parser.js';
import type { CaptureHandler, CaptureSummary } from './sink.js';

export interface ReadCaptureOptions<E extends ScapEvent = ScapEvent> {
  /** The event view to reuse for every event (e.g. a SyscallEvent); a new ScapEvent otherwise. */
  view?: E;
  /** Largest block accepted; longer ones are an error (default 256 MiB). */
  maxBlockBytes?: number;
  /** Bytes per read from the file (default 1 MiB). */
  chunkBytes?: number;
  /** Name to prefix error messages with (none by default; CaptureFormatError.path has the file). */
  name?: string;
}

function isGzip(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Reads a whole capture held in memory. Throws CaptureFormatError after delivering what precedes the fault. */
export function readCaptureBuffer<E extends ScapEvent = ScapEvent>(
  data: Buffer,
  handler: CaptureHandler<E>,
  opts: ReadCaptureOptions<E> = {},
): CaptureSummary {
  const parser = new CaptureParser<E>(handler, opts.view, opts.name);
  const compressed = isGzip(data);
  parser.summary.compressed = compressed;
  let plain = data;
  if (compressed) {
    try {
      plain = gunzipSync(data);
    } catch (e) {
      throw parser.fail(0, undefined, `gzip stream: ${(e as Error).message}`);
    }
  }
  const splitter = new BlockSplitter(parser, opts.maxBlockBytes ?? DEFAULT_MAX_BLOCK_BYTES);
  try {
    splitter.push(plain);
    splitter.end();
  } finally {
    parser.finish(splitter.bytes);
  }
  return parser.summary;
}

async function sniffGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return isGzip(b.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/**
 * Streams a capture file into `handler`. Memory stays bounded by the read chunk size and the
 * largest block. Rejects with CaptureFormatError (after delivering every complete event before
 * the fault), or with the handler's own error if a callback throws.
 */
export async function readCapture<E extends ScapEvent = ScapEvent>(
  path: string,
  handler: CaptureHandler<E>,
  opts: ReadCaptureOptions<E> = {},
): Promise<CaptureSummary> {
  const compressed = await sniffGzip(path);
  const parser = new CaptureParser<E>(handler, opts.view, opts.name, path);
  parser.summary.compressed = compressed;
  const splitter = new BlockSplitter(parser, opts.maxBlockBytes ?? DEFAULT_MAX_BLOCK_BYTES);
  const file = createReadStream(path, { highWaterMark: opts.chunkBytes ?? 1 << 20 });
  let input: Readable = file;
  if (compressed) {
    // Output in 64 KiB pieces (zlib's minimum is 64 bytes): a damaged gzip stream then loses at
    // most that much decoded data before its error.
    const gunzip = createGunzip({ chunkSize: Math.max(64, Math.min(opts.chunkBytes ?? 1 << 16, 1 << 16)) });
    file.on('error', (e) => gunzip.destroy(e));
    input = file.pipe(gunzip);
  }
  try {
    try {
      for await (const chunk of input) splitter.push(chunk as Buffer);
    } catch (e) {
      if (e instanceof CaptureFormatError || !compressed || !isZlibError(e)) throw e;
      throw parser.fail(splitter.blockOffset, splitter.pendingBlockType, `gzip stream: ${(e as Error).message}`);
    }
    splitter.end();
  } finally {
    parser.finish(splitter.bytes);
    file.destroy();
    input.destroy();
  }
  return parser.summary;
}

function isZlibError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** Reads a capture only for its summary (block and event counts, version, warnings). */
export function captureInfo(path: string, opts: Omit<ReadCaptureOptions, 'view'> = {}): Promise<CaptureSummary> {
  return readCapture(path, { event: () => {} }, opts);
}
