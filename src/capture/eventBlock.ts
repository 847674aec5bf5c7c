// Event blocks: u16 cpu id, u32 flags (EVF blocks only), then one event. V2 blocks hold the
// event in today's layout, which the ScapEvent view reads in place. V1 blocks hold events whose
// header lacks nparams (22 bytes); like libscap, we rebuild them in today's layout in a scratch
// buffer, finding nparams as the count whose lengths add up to the event's length.

import { EVENT_CODES, EVENT_TABLE } from '../events/eventTable.js';
import { EVENT_HEADER_SIZE, hasLargePayload } from '../events/scapEvent.js';
import type { EventBlockKind } from './blockTypes.js';

/** Header size of a V1 event: ts, tid, len, type. */
export const V1_EVENT_HEADER_SIZE = 22;

/** Old captures over-state the length of these two events by 3 bytes; libscap corrects it. */
const V1_LEN_FIXUPS = new Set<number>([EVENT_CODES.PPME_NOTIFICATION_E, EVENT_CODES.PPME_INFRASTRUCTURE_EVENT_E]);

/** Where the event of a block starts, and what the block says about it. */
export interface EventLocation {
  /** Offset (in the block's buffer) of the event header. */
  at: number;
  cpu: number;
  flags: number;
  /** Bytes between the event header and the trailer (the event plus padding). */
  room: number;
}

export function locateEvent(buf: Buffer, start: number, len: number, kind: EventBlockKind): EventLocation {
  const body = start + 8;
  const cpu = buf.readUInt16LE(body);
  const flags = kind.hasFlags ? buf.readUInt32LE(body + 2) : 0;
  const at = body + 2 + (kind.hasFlags ? 4 : 0);
  return { at, cpu, flags, room: start + len - 4 - at };
}

/** Minimum block length for an event block of this kind: header, cpu, flags, event header, trailer. */
export function minEventBlockLength(kind: EventBlockKind): number {
  return 8 + 2 + (kind.hasFlags ? 4 : 0) + (kind.hasNparams ? EVENT_HEADER_SIZE : V1_EVENT_HEADER_SIZE) + 4;
}

/**
 * Checks that a V2 event's parameter lengths fit its declared length; returns a reason when they
 * do not. Catches corruption here so consumers of the view never meet it.
 */
export function checkV2Params(buf: Buffer, at: number, len: number): string | undefined {
  const type = buf.readUInt16LE(at + 20);
  const nparams = buf.readUInt32LE(at + 22);
  const w = hasLargePayload(type) ? 4 : 2;
  let data = EVENT_HEADER_SIZE + nparams * w;
  if (data > len) return `event declares ${nparams} parameters, whose lengths alone exceed its length ${len}`;
  let lenAt = at + EVENT_HEADER_SIZE;
  for (let i = 0; i < nparams; i++, lenAt += w) data += w === 2 ? buf.readUInt16LE(lenAt) : buf.readUInt32LE(lenAt);
  if (data > len) return `event parameters add up to ${data} bytes, past the event's declared length ${len}`;
  return undefined;
}

/** The V1 event's length as libscap takes it (with the old over-statement corrected). */
export function v1EventLength(buf: Buffer, at: number): number {
  const len = buf.readUInt32LE(at + 16);
  return V1_LEN_FIXUPS.has(buf.readUInt16LE(at + 20)) ? len - 3 : len;
}

/** Rebuilds V1 events in today's layout, reusing one scratch buffer. */
export class V1EventConverter {
  private scratch = Buffer.alloc(4096);

  /**
   * Converts the V1 event at `at` (length `len`, already checked against its block) and returns
   * the scratch buffer holding it at offset 0, or a reason string when no parameter count fits.
   */
  convert(buf: Buffer, at: number, len: number): Buffer | string {
    const type = buf.readUInt16LE(at + 20);
    const maxParams = EVENT_TABLE[type]?.params.length ?? 0;
    const end = at + len;
    const lens = at + V1_EVENT_HEADER_SIZE;
    let nparams = -1;
    for (let n = maxParams; n >= 0; n--) {
      let p = lens + n * 2;
      if (p > end) continue;
      for (let i = 0; i < n; i++) p += buf.readUInt16LE(lens + i * 2);
      if (p < end) break;
      if (p === end) {
        nparams = n;
        break;
      }
    }
    if (nparams < 0) return `no parameter count of event type ${type} matches its length ${len}`;
    const outLen = len + 4;
    if (this.scratch.length < outLen) this.scratch = Buffer.alloc(Math.max(outLen, this.scratch.length * 2));
    const out = this.scratch;
    buf.copy(out, 0, at, at + V1_EVENT_HEADER_SIZE);
    out.writeUInt32LE(outLen, 16);
    out.writeUInt32LE(nparams, 22);
    buf.copy(out, EVENT_HEADER_SIZE, lens, end);
    return out;
  }
}
