// Decoders for the NUL-separated string lists the driver sends (argv, env, cgroups) and for
// PT_FDLIST (poll/select fd sets).

/** Splits NUL-separated (and usually NUL-terminated) strings; a trailing empty item is dropped. */
export function splitNulStrings(b: Uint8Array | undefined): string[] {
  const out: string[] = [];
  if (b === undefined || b.length === 0) return out;
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length);
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0) {
      out.push(buf.toString('utf8', start, i));
      start = i + 1;
    }
  }
  if (start < buf.length) out.push(buf.toString('utf8', start, buf.length));
  return out;
}

/** Decodes the `cgroups` parameter: `controller=path` strings into [controller, path] pairs. */
export function decodeCgroups(b: Uint8Array | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const item of splitNulStrings(b)) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    out.push([item.slice(0, eq), item.slice(eq + 1)]);
  }
  return out;
}

export interface FdListEntry {
  fd: number;
  /** Poll event flags (PPM_POLL*). */
  flags: number;
}

/** Raised when a PT_FDLIST parameter is shorter than its declared count. */
export class FdListDecodeError extends Error {}

/** Decodes PT_FDLIST: u16 count, then per entry an i64 fd and i16 flags. */
export function decodeFdList(b: Uint8Array | undefined): FdListEntry[] {
  const out: FdListEntry[] = [];
  if (b === undefined || b.length === 0) return out;
  if (b.length < 2) throw new FdListDecodeError(`fd list: ${b.length} bytes, count needs 2`);
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const n = view.getUint16(0, true);
  if (b.length < 2 + n * 10)
    throw new FdListDecodeError(`fd list: ${n} entries need ${2 + n * 10} bytes, got ${b.length}`);
  for (let i = 0; i < n; i++) {
    const at = 2 + i * 10;
    out.push({ fd: Number(view.getBigInt64(at, true)), flags: view.getInt16(at + 8, true) });
  }
  return out;
}
