// Turns complete blocks into handler calls. The splitter (blockSplitter.ts) hands it each block
// whole; this file checks the block's frame (trailer, minimum sizes) and decodes its body.

import { EVENT_TABLE } from '../events/eventTable.js';
import { ScapEvent } from '../events/scapEvent.js';
import {
  blockTypeName,
  BLOCK_HEADER_SIZE,
  BLOCK_TRAILER_SIZE,
  eventBlockKind,
  FDL_BLOCK_TYPE,
  FDL_BLOCK_TYPE_INT,
  FDL_BLOCK_TYPE_V2,
  IL_BLOCK_TYPE,
  IL_BLOCK_TYPE_INT,
  IL_BLOCK_TYPE_V2,
  MI_BLOCK_TYPE,
  MI_BLOCK_TYPE_INT,
  procListVersion,
  SHB_BLOCK_TYPE,
  SHB_MAGIC,
  SHB_MAGIC_SWAPPED,
  UL_BLOCK_TYPE,
  UL_BLOCK_TYPE_INT,
  UL_BLOCK_TYPE_V2,
  type EventBlockKind,
} from './blockTypes.js';
import { Cursor } from './cursor.js';
import { BlockBodyError, CaptureFormatError } from './errors.js';
import { checkV2Params, locateEvent, minEventBlockLength, V1EventConverter, v1EventLength } from './eventBlock.js';
import { decodeFdList } from './fdList.js';
import { decodeIfList } from './ifList.js';
import { decodeMachineInfo } from './machineInfo.js';
import { decodeProcList } from './procList.js';
import { emptySummary, type CaptureHandler, type CaptureSummary } from './sink.js';
import { decodeUserList } from './userList.js';

/** Highest section-header major version this reader understands. */
export const SUPPORTED_MAJOR_VERSION = 1;
const MAX_WARNINGS = 100;

export class CaptureParser<E extends ScapEvent = ScapEvent> {
  readonly summary: CaptureSummary = emptySummary();
  private readonly view: E;
  private readonly v1 = new V1EventConverter();
  private sections = 0;
  private lastTsLo = 0;
  private lastTsHi = 0;
  private readonly counts = new Map<number, number>();

  constructor(
    private readonly handler: CaptureHandler<E>,
    view: E | undefined,
    private readonly name?: string,
    private readonly path?: string,
  ) {
    this.view = view ?? (new ScapEvent() as E);
  }

  fail(offset: number, type: number | undefined, reason: string): CaptureFormatError {
    const e = new CaptureFormatError(offset, type, reason, this.name);
    e.summary = this.summary;
    e.path = this.path;
    return e;
  }

  warn(message: string): void {
    const w = this.summary.warnings;
    if (w.length < MAX_WARNINGS) w.push(message);
    else if (w.length === MAX_WARNINGS) w.push('further warnings not listed');
  }

  /** Processes the block held in buf[start, start + len), found at stream offset `offset`. */
  block(buf: Buffer, start: number, len: number, offset: number): void {
    const type = buf.readUInt32LE(start);
    const trailer = buf.readUInt32LE(start + len - BLOCK_TRAILER_SIZE);
    if (trailer !== len) {
      throw this.fail(offset, type, `trailing length ${trailer} does not match the block's length ${len}`);
    }
    this.summary.blocks++;
    // Counted by id; named once at the end (no string work per event block).
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
    const kind = eventBlockKind(type);
    if (kind !== undefined) {
      this.event(buf, start, len, offset, type, kind);
      return;
    }
    const base = offset - start;
    const c = new Cursor(buf, start + BLOCK_HEADER_SIZE, start + len - BLOCK_TRAILER_SIZE, base);
    try {
      this.metadata(type, c, offset);
    } catch (e) {
      if (e instanceof BlockBodyError) throw this.fail(offset, type, e.message);
      throw e;
    }
  }

  private metadata(type: number, c: Cursor, offset: number): void {
    const s = this.summary;
    const h = this.handler;
    if (type === SHB_BLOCK_TYPE) {
      this.sectionHeader(c, offset);
      return;
    }
    if (this.sections === 0) throw this.fail(offset, type, 'block before the section header');
    const plVersion = procListVersion(type);
    if (plVersion > 0) {
      s.threads += decodeProcList(c, plVersion, (t) => h.thread?.(t));
      return;
    }
    switch (type) {
      case MI_BLOCK_TYPE:
      case MI_BLOCK_TYPE_INT: {
        const m = decodeMachineInfo(c);
        h.machine?.(m);
        return;
      }
      case FDL_BLOCK_TYPE:
      case FDL_BLOCK_TYPE_INT:
      case FDL_BLOCK_TYPE_V2:
        s.fds += decodeFdList(c, type === FDL_BLOCK_TYPE_V2, (pid, fd) => h.fd?.(pid, fd));
        return;
      case IL_BLOCK_TYPE:
      case IL_BLOCK_TYPE_INT:
      case IL_BLOCK_TYPE_V2:
        s.interfaces += decodeIfList(c, type === IL_BLOCK_TYPE_V2, (i) => h.iface?.(i));
        return;
      case UL_BLOCK_TYPE:
      case UL_BLOCK_TYPE_INT:
      case UL_BLOCK_TYPE_V2:
        decodeUserList(c, type === UL_BLOCK_TYPE_V2, {
          user: (u) => {
            s.users++;
            h.user?.(u);
          },
          group: (g) => {
            s.groups++;
            h.group?.(g);
          },
        });
        return;
      default:
        s.unknownBlocks++;
        this.warn(`skipped ${blockTypeName(type)} at byte ${offset}`);
    }
  }

  private sectionHeader(c: Cursor, offset: number): void {
    c.need(16, 'section header');
    const magic = c.u32('byte-order magic');
    if (magic === SHB_MAGIC_SWAPPED) {
      throw this.fail(offset, SHB_BLOCK_TYPE, 'capture written on a big-endian host (byte-order magic 0x4d3c2b1a)');
    }
    if (magic !== SHB_MAGIC) {
      throw this.fail(offset, SHB_BLOCK_TYPE, `bad byte-order magic 0x${magic.toString(16)} (expected 0x1a2b3c4d)`);
    }
    const major = c.u16('major version');
    const minor = c.u16('minor version');
    if (major > SUPPORTED_MAJOR_VERSION) {
      throw this.fail(offset, SHB_BLOCK_TYPE, `format version ${major}.${minor} is newer than this reader (1.x)`);
    }
    if (this.sections === 0) this.summary.version = { major, minor };
    this.sections++;
  }

  private event(buf: Buffer, start: number, len: number, offset: number, type: number, kind: EventBlockKind): void {
    if (this.sections === 0) throw this.fail(offset, type, 'event before the section header');
    if (len < minEventBlockLength(kind)) {
      throw this.fail(offset, type, `block length ${len} is too short to hold an event`);
    }
    const loc = locateEvent(buf, start, len, kind);
    const evLen = kind.hasNparams ? buf.readUInt32LE(loc.at + 16) : v1EventLength(buf, loc.at);
    const minLen = kind.hasNparams ? 26 : 22;
    if (evLen < minLen || evLen > loc.room) {
      throw this.fail(offset, type, `event declares length ${evLen}, but its block holds ${loc.room} bytes for it`);
    }
    if (loc.room - evLen > 3) {
      throw this.fail(
        offset,
        type,
        `event declares length ${evLen}, leaving ${loc.room - evLen} bytes of its block unused`,
      );
    }
    const evType = buf.readUInt16LE(loc.at + 20);
    const s = this.summary;
    if (evType >= EVENT_TABLE.length) {
      // libscap skips events newer than its table the same way.
      s.unknownEvents++;
      this.warn(`skipped event of unknown type ${evType} at byte ${offset}`);
      return;
    }
    const view = this.view;
    if (kind.hasNparams) {
      const bad = checkV2Params(buf, loc.at, evLen);
      if (bad !== undefined) throw this.fail(offset, type, bad);
      view.set(buf, loc.at, loc.cpu, loc.flags);
    } else {
      const out = this.v1.convert(buf, loc.at, evLen);
      if (typeof out === 'string') throw this.fail(offset, type, out);
      view.set(out, 0, loc.cpu, loc.flags);
    }
    view.num = ++s.events;
    if (s.events === 1) s.firstTs = view.ts;
    // The last timestamp as two words, so tracking it allocates nothing per event.
    this.lastTsLo = buf.readUInt32LE(loc.at);
    this.lastTsHi = buf.readUInt32LE(loc.at + 4);
    this.handler.event(view);
  }

  /** Completes the summary once the input has ended (or failed). */
  finish(bytes: number): CaptureSummary {
    const s = this.summary;
    s.bytes = bytes;
    s.blockCounts = {};
    for (const [type, n] of this.counts) s.blockCounts[blockTypeName(type)] = n;
    if (s.events > 0) s.lastTs = (BigInt(this.lastTsHi) << 32n) | BigInt(this.lastTsLo);
    return s;
  }
}
