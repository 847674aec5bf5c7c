// The system state Kestrel tracks, as libsinsp does: threads and their processes, fd tables,
// users, groups, containers and the machine. A capture reader (or the /proc scan) pushes the
// initial state in with addThread/addFd/addUser/addGroup/addContainer/setMachine; then
// process(evt) runs before the rules on every event: it attaches evt.thread, evt.fdNum,
// evt.fdInfo and evt.enter, and applies the event's state change. Bad input never throws out
// of process(): it is counted (stats.badEvents, lastError) and the event passes with what is
// known.

import { EVENT_CODES as C } from '../events/eventTable.js';
import { ScapEvent } from '../events/scapEvent.js';
import type { SyscallEvent } from '../sources/syscall/syscallEvent.js';
import { ContainerTable, DEFAULT_MAX_CONTAINERS } from './containerTable.js';
import { type ContainerMatch, containerFromCgroups } from './containerId.js';
import type { ContainerMetadataSource } from '../sources/host/ociBundles.js';
import { decodeCgroups } from './decode/strings.js';
import type { FdTable } from './fdTable.js';
import { EVENT_FACTS, PARSERS } from './parsers/dispatch.js';
import { incompleteThreadInfo } from './threadInfo.js';
import { ThreadTable, type ThreadScratch, type ThreadTableOptions } from './threadTable.js';
import type { ContainerInfo, FdInfo, GroupInfo, ThreadInfo, UserInfo } from './types.js';
import { UserTable } from './userTable.js';
import type { MachineInfo, SystemStateView } from './view.js';

export interface SystemStateOptions extends ThreadTableOptions {
  maxContainers?: number;
  /** Purge threads not seen for threadTimeoutNs (event time). Default true. */
  purgeThreads?: boolean;
  /**
   * prctl(PR_SET_NAME) renames the thread (proc.name). libsinsp does not track it, so the
   * default (false) keeps Falco's proc.name.
   */
  prctlSetsComm?: boolean;
  /** Host root prefix for names built from /proc paths (pidfd), like libsinsp's HOST_ROOT. */
  hostRoot?: string;
  /**
   * Where a live source learns a new container's name, image and pod (the runtimes' files on the
   * node); asked once per container, again a few times while it has nothing to say.
   */
  containerMetadata?: ContainerMetadataSource;
}

export interface SystemStateStats {
  /** Events given to process(). */
  events: number;
  /** Events whose parameters could not be read (truncated, shorter than their type...). */
  badEvents: number;
  /** Events with an id the event table does not know. */
  unknownEvents: number;
  /** Thread entries created on first sight of an unknown tid. */
  incompleteThreads: number;
}

/** Enter events longer than this are not kept for their exit (a bound on per-thread memory). */
const MAX_KEPT_ENTER = 64 * 1024;

/** Lookups of a container's metadata while the runtime has not written it yet (the first, then at execs). */
const MAX_METADATA_TRIES = 8;

export class SystemState implements SystemStateView {
  readonly threads: ThreadTable;
  readonly users = new UserTable();
  readonly containers: ContainerTable;
  readonly options: Required<Pick<SystemStateOptions, 'purgeThreads' | 'prctlSetsComm' | 'hostRoot'>> &
    Pick<SystemStateOptions, 'containerMetadata'>;
  readonly stats: SystemStateStats = { events: 0, badEvents: 0, unknownEvents: 0, incompleteThreads: 0 };
  /** The last bad-input message: what and where. */
  lastError: string | undefined;
  private machineInfo: MachineInfo | undefined;
  /** Timestamp of the first event with one (evt.reltime); events stamped 0 (container) do not count. */
  firstEventTs = 0n;
  private readonly enterView = new ScapEvent();
  private tidToRemove = -1;
  private readonly fdsToRemove: Array<[FdTable, number]> = [];

  constructor(opts: SystemStateOptions = {}) {
    this.threads = new ThreadTable(opts);
    this.containers = new ContainerTable(opts.maxContainers ?? DEFAULT_MAX_CONTAINERS);
    this.options = {
      purgeThreads: opts.purgeThreads ?? true,
      prctlSetsComm: opts.prctlSetsComm ?? false,
      hostRoot: opts.hostRoot ?? '',
      containerMetadata: opts.containerMetadata,
    };
  }

  // ---- SystemStateView ----

  thread(tid: number): ThreadInfo | undefined {
    return this.threads.get(tid);
  }

  mainThread(t: ThreadInfo): ThreadInfo | undefined {
    return this.threads.mainThread(t);
  }

  parent(t: ThreadInfo): ThreadInfo | undefined {
    return this.threads.parent(t);
  }

  /** The n-th ancestor process (1 = parent process). */
  ancestor(t: ThreadInfo, n: number): ThreadInfo | undefined {
    return this.threads.ancestor(t, n);
  }

  /** Ancestor processes from the parent up (loop-safe). */
  ancestors(t: ThreadInfo, max?: number): ThreadInfo[] {
    return this.threads.ancestors(t, max);
  }

  fdTable(t: ThreadInfo): ReadonlyMap<number, FdInfo> | undefined {
    return this.threads.fdTable(t, false);
  }

  user(uid: number, container: string): UserInfo | undefined {
    return this.users.user(uid, container);
  }

  group(gid: number, container: string): GroupInfo | undefined {
    return this.users.group(gid, container);
  }

  container(id: string): ContainerInfo | undefined {
    return this.containers.get(id);
  }

  get machine(): MachineInfo | undefined {
    return this.machineInfo;
  }

  // ---- Initial state (capture reader, /proc scan) ----

  /** Adds a thread from the capture's process list; derives its container id from cgroups. */
  addThread(t: ThreadInfo): ThreadInfo | undefined {
    // libsinsp keeps a cwd with a trailing '/', whatever the capture recorded
    if (t.cwd !== '' && !t.cwd.endsWith('/')) t.cwd = `${t.cwd}/`;
    if (t.containerId === '' && t.cgroups.length > 0) t.containerId = this.containerOf(containerFromCgroups(t.cgroups));
    return this.threads.add(t);
  }

  /** Adds an fd to process `pid`'s table (shared by its threads). */
  addFd(pid: number, fd: FdInfo): FdInfo | undefined {
    return this.threads.fdTableForPid(pid)?.add(fd);
  }

  addUser(u: UserInfo): void {
    this.users.addUser(u);
  }

  addGroup(g: GroupInfo): void {
    this.users.addGroup(g);
  }

  addContainer(c: ContainerInfo): void {
    this.containers.add(c);
  }

  setMachine(m: MachineInfo): void {
    this.machineInfo = m;
  }

  /** Boot time (ns since epoch) from the machine info, 0n when unknown. */
  get bootTs(): bigint {
    return this.machineInfo?.bootTs ?? 0n;
  }

  // ---- Event processing ----

  /** Applies removals delayed until the rules saw the event that caused them (procexit, close). */
  flushPending(): void {
    if (this.tidToRemove !== -1) {
      const tid = this.tidToRemove;
      this.tidToRemove = -1;
      this.threads.remove(tid);
    }
    if (this.fdsToRemove.length > 0) {
      for (const [table, fd] of this.fdsToRemove) table.delete(fd);
      this.fdsToRemove.length = 0;
    }
  }

  process(evt: SyscallEvent): void {
    this.flushPending();
    evt.resetAttachments();
    evt.state = this;
    this.stats.events++;
    if (this.firstEventTs === 0n) this.firstEventTs = evt.ts;
    const type = evt.type;
    const facts = EVENT_FACTS[type];
    if (facts === undefined) {
      this.stats.unknownEvents++;
      evt.thread = this.threads.get(evt.tid);
      return;
    }
    let scratch: ThreadScratch | undefined;
    try {
      if (this.options.purgeThreads) this.threads.purge(evt.ts);
      const parser = PARSERS[type];
      if (facts.noThread) {
        parser?.(this, evt);
        return;
      }
      let t = this.threads.get(evt.tid);
      if (t === undefined && facts.createsThread) t = this.createIncompleteThread(evt.tid, evt.ts);
      evt.thread = t;
      if (t !== undefined) {
        t.lastEventTs = evt.ts;
        scratch = this.threads.scratchOf(t.tid);
        this.attachFd(evt, t, scratch, facts.usesFd, facts.fdParam);
      }
      const before = evt.fdInfo;
      const beforeName = before?.name;
      parser?.(this, evt);
      if (before !== undefined && evt.fdInfo === before) before.nameChanged = before.name !== beforeName;
    } catch (e) {
      this.stats.badEvents++;
      this.lastError = `event #${evt.num} ${evt.info.code} (tid ${evt.tid}): ${(e as Error).message}`;
    } finally {
      // An exit consumes its enter event's data.
      if (scratch !== undefined && !evt.isEnter) {
        scratch.lastEnterType = -1;
        scratch.enterLen = 0;
      }
    }
  }

  private attachFd(evt: SyscallEvent, t: ThreadInfo, sc: ThreadScratch, usesFd: boolean, fdParam: number): void {
    if (evt.isEnter) {
      sc.lastEnterType = evt.type;
      sc.lastEventFd = -1;
      this.keepEnter(sc, evt);
      if (usesFd && fdParam >= 0 && fdParam < evt.nparams && evt.paramLength(fdParam) > 0) {
        const fd = evt.paramInt(fdParam) ?? -1;
        sc.lastEventFd = fd;
        evt.fdNum = fd;
        evt.fdInfo = this.threads.fdTable(t, false)?.get(fd);
      }
      return;
    }
    const last = sc.lastEnterType;
    const valid =
      last >= 0 &&
      (last + 1 === evt.type || (evt.type === C.PPME_SYSCALL_EXECVE_19_X && last === C.PPME_SYSCALL_EXECVEAT_E));
    if (valid && sc.enterLen > 0) evt.enter = this.enterView.set(sc.enterBuf, 0);
    if (!usesFd) return;
    let fd = -1;
    if (fdParam >= 0 && fdParam < evt.nparams && evt.paramLength(fdParam) > 0) fd = evt.paramInt(fdParam) ?? -1;
    else if (valid) fd = sc.lastEventFd;
    if (fd === -1 && !(fdParam >= 0 && fdParam < evt.nparams)) return;
    evt.fdNum = fd;
    evt.fdInfo = this.threads.fdTable(t, false)?.get(fd);
  }

  private keepEnter(sc: ThreadScratch, evt: SyscallEvent): void {
    sc.enterLen = 0;
    if (evt.nparams === 0 || evt.len > MAX_KEPT_ENTER) return;
    if (sc.enterBuf.length < evt.len) sc.enterBuf = Buffer.allocUnsafe(Math.max(evt.len, 128));
    evt.buf.copy(sc.enterBuf, 0, evt.start, evt.start + evt.len);
    sc.enterLen = evt.len;
  }

  // ---- Helpers for the parsers ----

  /** A new incomplete entry for an unknown tid; undefined when the table is full. */
  createIncompleteThread(tid: number, ts: bigint): ThreadInfo | undefined {
    const t = this.threads.add(incompleteThreadInfo(tid, ts));
    if (t !== undefined) this.stats.incompleteThreads++;
    return t;
  }

  /** An incomplete entry whose pid/ptid became known: link it and keep the fds it collected. */
  completeThread(t: ThreadInfo): void {
    if (!t.incomplete) {
      this.threads.relink(t);
      return;
    }
    t.incomplete = false;
    this.threads.relink(t);
    this.threads.adoptFdTable(t, t.tid);
  }

  setCgroups(t: ThreadInfo, cgroups: Array<[string, string]>): void {
    t.cgroups = cgroups;
    t.containerId = this.containerOf(containerFromCgroups(cgroups));
  }

  /**
   * The container id of a cgroup match ('' for the host), describing a new container when possible.
   * The runtime's threads enter the container's cgroup before it has written its files, so a miss
   * is retried only at an exec (`retry`), when the container's own program starts.
   */
  private containerOf(m: ContainerMatch | undefined, retry = false): string {
    if (m === undefined) return '';
    const source = this.options.containerMetadata;
    if (source !== undefined && this.containers.get(m.id) === undefined) {
      const tries = this.metadataTries.get(m.id) ?? 0;
      if (tries === 0 || (retry && tries < MAX_METADATA_TRIES)) {
        const found = source.lookup(m.fullId);
        if (found !== undefined) {
          this.containers.add(found);
          this.metadataTries.delete(m.id);
        } else {
          if (this.metadataTries.size >= 4096) this.metadataTries.clear();
          this.metadataTries.set(m.id, tries + 1);
        }
      }
    }
    return m.id;
  }

  private readonly metadataTries = new Map<string, number>();

  /**
   * Sets a thread's cgroups from the raw `cgroups` parameter. A host runs few distinct cgroup
   * sets, so decoding and container matching are done once per set (bounded cache; the decoded
   * list is shared and never mutated).
   */
  setCgroupsFromBytes(t: ThreadInfo, raw: Uint8Array, atExec = false): void {
    const key = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
    let hit = this.cgroupCache.get(key);
    if (hit === undefined) {
      const cgroups = decodeCgroups(raw);
      hit = { cgroups, match: containerFromCgroups(cgroups) };
      if (this.cgroupCache.size >= 1024) this.cgroupCache.clear();
      this.cgroupCache.set(key, hit);
    }
    t.cgroups = hit.cgroups;
    t.containerId = hit.match === undefined ? '' : this.containerOf(hit.match, atExec);
  }

  private readonly cgroupCache = new Map<
    string,
    { cgroups: Array<[string, string]>; match: ContainerMatch | undefined }
  >();

  /** Adds a new fd to the thread's process and makes it the event's fd. */
  attachNewFd(evt: SyscallEvent, t: ThreadInfo, fdi: FdInfo): FdInfo | undefined {
    const stored = this.threads.fdTable(t)?.add(fdi);
    evt.fdNum = fdi.fd;
    evt.fdInfo = stored;
    return stored;
  }

  /** Adds an fd to the thread's process (a second fd of pipe/socketpair, pidfd_getfd). */
  addFdTo(t: ThreadInfo, fdi: FdInfo): FdInfo | undefined {
    return this.threads.fdTable(t)?.add(fdi);
  }

  scheduleThreadRemoval(tid: number): void {
    if (this.tidToRemove !== -1 && this.tidToRemove !== tid) this.threads.remove(this.tidToRemove);
    this.tidToRemove = tid;
  }

  scheduleFdRemoval(t: ThreadInfo, fd: number): void {
    const table = this.threads.fdTable(t, false);
    if (table !== undefined) this.fdsToRemove.push([table, fd]);
  }
}
