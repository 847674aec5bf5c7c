// Writes a scap capture that libscap readers (sysdig 0.29 included) accept: section header,
// machine info, interface list, user list, process list (v9), one fd list per process (v2), then
// the events (EV/EVF v2 blocks) as they come. Metadata is collected (encoded at once, so later
// changes to the objects do not leak in) until the first event or close, since the process list
// must be one block and fd lists must follow it. Events are buffered and flushed every
// `flushBytes`, so memory stays bounded however long the capture.

import type { ScapEvent } from '../events/scapEvent.js';
import type { FdInfo, GroupInfo, ThreadInfo, UserInfo } from '../state/types.js';
import type { MachineInfo } from '../state/view.js';
import { BlockBuilder } from './blockBuilder.js';
import { EV_BLOCK_TYPE_V2, EV_BLOCK_TYPE_V2_LARGE, EVF_BLOCK_TYPE_V2, EVF_BLOCK_TYPE_V2_LARGE } from './blockTypes.js';
import { FileSink, type ByteSink } from './byteSink.js';
import { writeFdEntry, writeFdList } from './fdListEncode.js';
import { writeIfList, writeMachineInfo, writeSectionHeader, writeUserList } from './metadataEncode.js';
import { type ProcListLayout, writeProcEntry, writeProcList } from './procListEncode.js';
import type { CaptureMachineInfo, NetInterface } from './sink.js';

export interface CaptureWriterOptions {
  /** gzip the file (libscap reads both). Default false, as sysdig writes. */
  gzip?: boolean;
  /** Bytes of events buffered before a write (default 1 MiB). */
  flushBytes?: number;
  /** Process-list tail layout (default 'libs-0.9', which sysdig 0.29 reads; see procListEncode.ts). */
  procLayout?: ProcListLayout;
}

export interface CaptureWriteSummary {
  events: number;
  threads: number;
  fds: number;
  users: number;
  groups: number;
  interfaces: number;
  /** Uncompressed bytes produced. */
  bytes: number;
  /** fd lists left out because no thread of that pid was in the process list (libscap rejects them). */
  skippedFdLists: number;
  /** Metadata calls that came after the first event (not written: the header was already out). */
  lateMetadata: number;
}

/** Above this block length an event needs a V2_LARGE block (libscap's non-large read buffer). */
const MAX_SMALL_EVENT_BLOCK = 65536 + 8;

export class CaptureWriter {
  private readonly out = new BlockBuilder(1 << 16);
  private readonly scratch = new BlockBuilder(1024);
  private readonly flushBytes: number;
  private readonly layout: ProcListLayout;
  private machineInfo: MachineInfo | CaptureMachineInfo | undefined;
  private threads = new Map<number, Buffer>();
  private fds = new Map<number, Map<number, Buffer>>();
  private users: UserInfo[] = [];
  private groups: GroupInfo[] = [];
  private ifaces: NetInterface[] = [];
  private headerDone = false;
  private closed = false;
  private readonly s: CaptureWriteSummary = {
    events: 0,
    threads: 0,
    fds: 0,
    users: 0,
    groups: 0,
    interfaces: 0,
    bytes: 0,
    skippedFdLists: 0,
    lateMetadata: 0,
  };

  constructor(
    private readonly sink: ByteSink,
    opts: CaptureWriterOptions = {},
  ) {
    this.flushBytes = opts.flushBytes ?? 1 << 20;
    this.layout = opts.procLayout ?? 'libs-0.9';
  }

  private late(): boolean {
    if (this.closed) throw new Error('capture writer is closed');
    if (!this.headerDone) return false;
    this.s.lateMetadata++;
    return true;
  }

  private encode(fn: (b: BlockBuilder) => void): Buffer {
    this.scratch.reset();
    fn(this.scratch);
    return Buffer.from(this.scratch.view());
  }

  machine(m: MachineInfo | CaptureMachineInfo): void {
    if (!this.late()) this.machineInfo = { ...m };
  }

  thread(t: ThreadInfo): void {
    if (this.late()) return;
    this.threads.set(
      t.tid,
      this.encode((b) => writeProcEntry(b, t, this.layout)),
    );
  }

  fd(pid: number, fd: FdInfo): void {
    if (this.late()) return;
    let m = this.fds.get(pid);
    if (m === undefined) this.fds.set(pid, (m = new Map()));
    m.set(
      fd.fd,
      this.encode((b) => writeFdEntry(b, fd)),
    );
  }

  user(u: UserInfo): void {
    if (!this.late()) this.users.push({ ...u });
  }

  group(g: GroupInfo): void {
    if (!this.late()) this.groups.push({ ...g });
  }

  iface(i: NetInterface): void {
    if (!this.late()) this.ifaces.push({ ...i });
  }

  /** Appends the event the view points at, with its cpu and block flags. */
  event(evt: ScapEvent): void {
    this.eventBytes(evt.buf.subarray(evt.start, evt.start + evt.len), evt.cpu, evt.blockFlags);
  }

  /** Appends one event given as its bytes in the scap layout. */
  eventBytes(event: Uint8Array, cpu = 0, flags = 0): void {
    if (this.closed) throw new Error('capture writer is closed');
    if (!this.headerDone) this.writeHeader();
    const b = this.out;
    const large = 8 + 2 + (flags !== 0 ? 4 : 0) + event.length + 4 > MAX_SMALL_EVENT_BLOCK;
    const type =
      flags !== 0
        ? large
          ? EVF_BLOCK_TYPE_V2_LARGE
          : EVF_BLOCK_TYPE_V2
        : large
          ? EV_BLOCK_TYPE_V2_LARGE
          : EV_BLOCK_TYPE_V2;
    const at = b.startBlock(type);
    b.u16(cpu);
    if (flags !== 0) b.u32(flags);
    b.bytes(event);
    b.finishBlock(at);
    this.s.events++;
    if (b.pos >= this.flushBytes) this.flush();
  }

  private writeHeader(): void {
    this.headerDone = true;
    const b = this.out;
    const s = this.s;
    writeSectionHeader(b);
    if (this.machineInfo) writeMachineInfo(b, this.machineInfo);
    if (this.ifaces.length > 0) writeIfList(b, this.ifaces);
    if (this.users.length > 0 || this.groups.length > 0) writeUserList(b, this.users, this.groups);
    if (this.threads.size > 0) writeProcList(b, this.threads.values());
    s.threads = this.threads.size;
    s.users = this.users.length;
    s.groups = this.groups.length;
    s.interfaces = this.ifaces.length;
    for (const [pid, fds] of this.fds) {
      if (!this.threads.has(pid)) {
        s.skippedFdLists++;
        continue;
      }
      writeFdList(b, pid, fds.values());
      s.fds += fds.size;
      if (b.pos >= this.flushBytes) this.flush();
    }
    this.threads = new Map();
    this.fds = new Map();
    this.users = [];
    this.groups = [];
    this.ifaces = [];
    this.flush();
  }

  private flush(): void {
    if (this.out.pos === 0) return;
    this.sink.write(this.out.view());
    this.s.bytes += this.out.pos;
    this.out.reset();
  }

  /** Writes what is pending and closes the sink. A capture without events still gets its header. */
  async close(): Promise<CaptureWriteSummary> {
    if (this.closed) return this.s;
    if (!this.headerDone) this.writeHeader();
    this.flush();
    this.closed = true;
    this.sink.close();
    return this.s;
  }
}

/** Opens `path` for writing (truncating it) and returns a writer on it. */
export async function createCaptureWriter(path: string, opts: CaptureWriterOptions = {}): Promise<CaptureWriter> {
  return new CaptureWriter(new FileSink(path, opts.gzip ?? false), opts);
}
