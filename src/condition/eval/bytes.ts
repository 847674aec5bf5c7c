// Byte-buffer helpers for BYTEBUF fields. Extracted buffers are Uint8Array; a string is read as
// one byte per character (a "binary" string).

const encoder = new TextEncoder();

/** The bytes of a literal compared against a buffer (its UTF-8 encoding). */
export function literalBytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes a hex string (bcontains/bstartswith values); undefined when it is not hex. */
export function unhex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export type ByteSource = Uint8Array | string;

function at(b: ByteSource, i: number): number {
  return typeof b === 'string' ? b.charCodeAt(i) & 0xff : b[i];
}

export function bytesEqual(a: ByteSource, b: ByteSource): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (at(a, i) !== at(b, i)) return false;
  return true;
}

export function bytesStartWith(hay: ByteSource, prefix: ByteSource): boolean {
  if (prefix.length > hay.length) return false;
  for (let i = 0; i < prefix.length; i++) if (at(hay, i) !== at(prefix, i)) return false;
  return true;
}

export function bytesEndWith(hay: ByteSource, suffix: ByteSource): boolean {
  const offset = hay.length - suffix.length;
  if (offset < 0) return false;
  for (let i = 0; i < suffix.length; i++) if (at(hay, offset + i) !== at(suffix, i)) return false;
  return true;
}

/** memmem: whether `needle` occurs in `hay` (an empty needle always does). */
export function bytesContain(hay: ByteSource, needle: ByteSource): boolean {
  const n = needle.length;
  if (n === 0) return true;
  const last = hay.length - n;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < n; j++) if (at(hay, i + j) !== at(needle, j)) continue outer;
    return true;
  }
  return false;
}

export function isByteSource(v: unknown): v is ByteSource {
  return typeof v === 'string' || v instanceof Uint8Array;
}
