// Where the frames of a zstd stream start and end, and how large each may decode, read from the
// frame and block headers alone (RFC 8878 §3.1). A stream may hold several frames back to back,
// and skippable frames; a frame's header need not say its decoded size (streaming writers such as
// `zstd` reading a pipe leave it out), but each block's header bounds it.

const frameMagic = 0xfd2fb528;
/** Skippable frames use magics 0x184D2A50 to 0x184D2A5F. */
const skippableMagicMask = 0xfffffff0;
const skippableMagic = 0x184d2a50;
/** No block decodes to more than 128 KiB (Block_Maximum_Size is at most this). */
export const zstdMaxBlock = 128 * 1024;

export interface ZstdFrame {
  /** Byte offset of the frame in the stream. */
  readonly start: number;
  readonly end: number;
  readonly skippable: boolean;
  /** Decoded size the frame header declares, when it declares one. */
  readonly contentSize?: number;
  /** Most bytes the frame can decode to, from its block headers. */
  readonly maxSize: number;
}

export class ZstdFormatError extends Error {
  override readonly name = 'ZstdFormatError';
}

export function zstdFrames(stream: Uint8Array): ZstdFrame[] {
  if (stream.length === 0) throw new ZstdFormatError('zstd: empty input, no zstd frame');
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const frames: ZstdFrame[] = [];
  for (let start = 0; start < stream.length; start = frames[frames.length - 1].end) {
    need(stream, start, 4, start, 'magic number');
    const magic = view.getUint32(start, true);
    if ((magic & skippableMagicMask) >>> 0 === skippableMagic) {
      need(stream, start + 4, 4, start, 'skippable frame size');
      const end = start + 8 + view.getUint32(start + 4, true);
      need(stream, start + 8, end - start - 8, start, 'skippable frame data');
      frames.push({ start, end, skippable: true, maxSize: 0 });
    } else if (magic === frameMagic) frames.push(frame(stream, view, start));
    else
      throw new ZstdFormatError(
        `zstd: byte ${start}: not a zstd frame (magic 0x${magic.toString(16).padStart(8, '0')}, want 0x${frameMagic.toString(16)})`,
      );
  }
  return frames;
}

function frame(stream: Uint8Array, view: DataView, start: number): ZstdFrame {
  let pos = start + 4;
  need(stream, pos, 1, start, 'frame header');
  const descriptor = stream[pos++];
  if (descriptor & 0x08) throw new ZstdFormatError(`zstd: frame at byte ${start}: reserved header bit is set`);
  const singleSegment = (descriptor & 0x20) !== 0;
  const checksum = (descriptor & 0x04) !== 0;
  const dictionaryIdSize = [0, 1, 2, 4][descriptor & 3];
  const sizeFlag = descriptor >> 6;
  const contentSizeSize = sizeFlag === 0 ? (singleSegment ? 1 : 0) : [0, 2, 4, 8][sizeFlag];
  const headerRest = (singleSegment ? 0 : 1) + dictionaryIdSize + contentSizeSize;
  need(stream, pos, headerRest, start, 'frame header');
  pos += (singleSegment ? 0 : 1) + dictionaryIdSize;
  let contentSize: number | undefined;
  if (contentSizeSize === 1) contentSize = stream[pos];
  else if (contentSizeSize === 2) contentSize = view.getUint16(pos, true) + 256;
  else if (contentSizeSize === 4) contentSize = view.getUint32(pos, true);
  else if (contentSizeSize === 8) contentSize = Number(view.getBigUint64(pos, true));
  pos += contentSizeSize;

  let maxSize = 0;
  for (let last = false; !last;) {
    need(stream, pos, 3, start, 'block header');
    const header = stream[pos] | (stream[pos + 1] << 8) | (stream[pos + 2] << 16);
    pos += 3;
    last = (header & 1) === 1;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === 3)
      throw new ZstdFormatError(`zstd: frame at byte ${start}: block at byte ${pos - 3} has the reserved type`);
    if (size > zstdMaxBlock)
      throw new ZstdFormatError(
        `zstd: frame at byte ${start}: block at byte ${pos - 3} is ${size} bytes, more than ${zstdMaxBlock}`,
      );
    // raw: `size` bytes as they are; RLE: one byte repeated `size` times; compressed: `size` bytes in
    const stored = type === 1 ? 1 : size;
    need(stream, pos, stored, start, 'block data');
    pos += stored;
    maxSize += type === 2 ? zstdMaxBlock : size;
  }
  if (checksum) {
    need(stream, pos, 4, start, 'content checksum');
    pos += 4;
  }
  if (contentSize !== undefined && contentSize > maxSize)
    throw new ZstdFormatError(
      `zstd: frame at byte ${start} declares ${contentSize} decoded bytes, but its blocks hold at most ${maxSize}`,
    );
  return { start, end: pos, skippable: false, contentSize, maxSize: contentSize ?? maxSize };
}

function need(stream: Uint8Array, pos: number, n: number, start: number, what: string): void {
  if (pos + n > stream.length)
    throw new ZstdFormatError(
      `zstd: frame at byte ${start} is cut short: its ${what} needs ${n} bytes at byte ${pos}, the input ends at ${stream.length}`,
    );
}
