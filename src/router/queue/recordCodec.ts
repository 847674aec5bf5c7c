// The on-disk form of one queued record: a 4-byte length and a 4-byte CRC-32 of the payload
// (both little-endian), then the payload, the record as JSON. A record cut short by a crash, or
// whose CRC does not match, marks where the valid log ends.

import { crc32 } from 'node:zlib';
import type { QueuedRecord } from './alertQueue.js';

export const RECORD_HEADER_BYTES = 8;
/** Far above any accepted body; a larger length field can only be garbage. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export function encodeRecord(record: QueuedRecord): Buffer {
  const payload = Buffer.from(JSON.stringify({ s: record.seq, t: record.acceptedAt, a: record.alert }));
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  payload.copy(out, RECORD_HEADER_BYTES);
  return out;
}

export type DecodeStep =
  | { kind: 'record'; record: QueuedRecord; next: number }
  /** Not enough bytes for the record that starts here (the end of the data read, or a torn tail). */
  | { kind: 'short' }
  | { kind: 'corrupt'; reason: string };

/** Decodes the record starting at `offset` of `buf`. */
export function decodeRecordAt(buf: Buffer, offset: number): DecodeStep {
  if (buf.length - offset < RECORD_HEADER_BYTES) return { kind: 'short' };
  const length = buf.readUInt32LE(offset);
  if (length === 0 || length > MAX_RECORD_BYTES) return { kind: 'corrupt', reason: `bad record length ${length}` };
  const start = offset + RECORD_HEADER_BYTES;
  if (buf.length - start < length) return { kind: 'short' };
  const payload = buf.subarray(start, start + length);
  if (crc32(payload) !== buf.readUInt32LE(offset + 4)) return { kind: 'corrupt', reason: 'CRC mismatch' };
  let parsed: { s: number; t: number; a: QueuedRecord['alert'] };
  try {
    parsed = JSON.parse(payload.toString('utf8')) as typeof parsed;
  } catch {
    return { kind: 'corrupt', reason: 'payload is not JSON' };
  }
  return { kind: 'record', record: { seq: parsed.s, acceptedAt: parsed.t, alert: parsed.a }, next: start + length };
}
