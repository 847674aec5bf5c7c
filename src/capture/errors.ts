// The one error the capture reader raises for bad input: it says where (byte offset in the
// uncompressed scap stream) and in which block the file stopped making sense.

import { blockTypeName } from './blockTypes.js';
import type { CaptureSummary } from './sink.js';

export class CaptureFormatError extends Error {
  /** Summary of what was read (and delivered) before the error. */
  summary: CaptureSummary | undefined;
  /** The file being read, when reading a file (the message does not repeat it). */
  path: string | undefined;

  constructor(
    /** Byte offset, in the uncompressed stream, of the block (or value) at fault. */
    readonly offset: number,
    /** Block id at fault, or undefined when the header itself could not be read. */
    readonly blockType: number | undefined,
    /** What is wrong, without the location (the message adds it). */
    readonly reason: string,
    /** A name to prefix the message with (ReadCaptureOptions.name). */
    name?: string,
  ) {
    const where = blockType === undefined ? 'block header' : blockTypeName(blockType);
    super(`${name === undefined ? '' : `${name}: `}${where} at byte ${offset}: ${reason}`);
    this.name = 'CaptureFormatError';
  }
}

/** A short read inside a block body; the block decoder turns it into a CaptureFormatError. */
export class BlockBodyError extends Error {
  constructor(
    /** Absolute byte offset where the bad value starts. */
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}
