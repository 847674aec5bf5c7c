// Threads by tid, as libsinsp's thread manager keeps them: a process is its thread-group leader
// (tid === pid), threads of a process share one fd table, parents are found by ptid, children
// are re-parented to a reaper when their parent goes. The table is bounded: past maxThreads new
// threads are not tracked (counted as drops), threads not seen for threadTimeoutNs are purged
// every purgeIntervalNs of event time, and dead threads are removed once their exit is parsed.

import { FdTable, DEFAULT_MAX_FDS } from './fdTable.js';
import type { ThreadInfo } from './types.js';

/** libsinsp defaults: table size, inactive-thread timeout (30 min), purge scan period (20 min). */
export const DEFAULT_MAX_THREADS = 262144;
export const DEFAULT_THREAD_TIMEOUT_NS = 1800n * 1_000_000_000n;
export const DEFAULT_PURGE_INTERVAL_NS = 1200n * 1_000_000_000n;

export interface ThreadTableOptions {
  maxThreads?: number;
  maxFdsPerProcess?: number;
  threadTimeoutNs?: bigint;
  purgeIntervalNs?: bigint;
  /** Live mode: keep a stale thread that the OS still has (libsinsp checks /proc). */
  isThreadAlive?: (tid: number) => boolean;
}

export interface ThreadTableStats {
  /** Threads not added because the table was full. */
  dropped: number;
  added: number;
  removed: number;
  /** Removed by the inactivity purge. */
  purged: number;
}

/** Per-thread data the parsers keep between an enter event and its exit (libsinsp's last-event data). */
export interface ThreadScratch {
  /** Type of the last enter event of this thread, -1 when none. */
  lastEnterType: number;
  /** fd of the last enter event that used one, -1 otherwise. */
  lastEventFd: number;
  /** Copy of the last enter event's bytes (reused buffer) and its length; 0 when none kept. */
  enterBuf: Buffer;
  enterLen: number;
}

export class ThreadTable {
  readonly maxThreads: number;
  readonly maxFdsPerProcess: number;
  readonly threadTimeoutNs: bigint;
  readonly purgeIntervalNs: bigint;
  readonly stats: ThreadTableStats = { dropped: 0, added: 0, removed: 0, purged: 0 };

  private readonly threads = new Map<number, ThreadInfo>();
  /** fd tables by process id (thread-group leader). */
  private readonly fdTables = new Map<number, FdTable>();
  /** Members of each thread group, by pid. */
  private readonly groups = new Map<number, Set<number>>();
  /** Children of each thread, by the parent's tid. */
  private readonly children = new Map<number, Set<number>>();
  /** pid and ptid each thread is indexed under (to move it when they change). */
  private readonly linkedPid = new Map<number, number>();
  private readonly linkedPtid = new Map<number, number>();
  /** Thread groups that reap orphans (init of a namespace, PR_SET_CHILD_SUBREAPER). */
  private readonly reapers = new Set<number>();
  private readonly scratch = new Map<number, ThreadScratch>();
  private readonly isThreadAlive: ((tid: number) => boolean) | undefined;
  private lastPurgeTs = 0n;

  constructor(opts: ThreadTableOptions = {}) {
    this.maxThreads = opts.maxThreads ?? DEFAULT_MAX_THREADS;
    this.maxFdsPerProcess = opts.maxFdsPerProcess ?? DEFAULT_MAX_FDS;
    this.threadTimeoutNs = opts.threadTimeoutNs ?? DEFAULT_THREAD_TIMEOUT_NS;
    this.purgeIntervalNs = opts.purgeIntervalNs ?? DEFAULT_PURGE_INTERVAL_NS;
    this.isThreadAlive = opts.isThreadAlive;
  }

  get size(): number {
    return this.threads.size;
  }

  get(tid: number): ThreadInfo | undefined {
    return this.threads.get(tid);
  }

  values(): IterableIterator<ThreadInfo> {
    return this.threads.values();
  }

  /** Number of fd tables held (one per live process). */
  get fdTableCount(): number {
    return this.fdTables.size;
  }

  /**
   * Adds (or replaces) a thread and links it to its group and parent. Returns the entry, or
   * undefined when the table is full.
   */
  add(t: ThreadInfo): ThreadInfo | undefined {
    const existing = this.threads.get(t.tid);
    if (existing === undefined && this.threads.size >= this.maxThreads) {
      this.stats.dropped++;
      return undefined;
    }
    if (existing !== undefined) {
      this.unlink(existing);
      if (existing.incomplete && existing !== t) this.fdTables.delete(-existing.tid - 1);
    }
    this.threads.set(t.tid, t);
    this.stats.added++;
    this.link(t);
    if (t.pid === 1 || t.vpid === 1) this.reapers.add(t.pid);
    return t;
  }

  /** Re-indexes a thread after its pid or ptid changed in place. */
  relink(t: ThreadInfo): void {
    if (this.linkedPid.get(t.tid) === t.pid && this.linkedPtid.get(t.tid) === t.ptid) return;
    this.unlink(t);
    this.link(t);
    if (t.pid === 1 || t.vpid === 1) this.reapers.add(t.pid);
  }

  private link(t: ThreadInfo): void {
    let g = this.groups.get(t.pid);
    if (g === undefined) this.groups.set(t.pid, (g = new Set()));
    g.add(t.tid);
    this.linkedPid.set(t.tid, t.pid);
    let c = this.children.get(t.ptid);
    if (c === undefined) this.children.set(t.ptid, (c = new Set()));
    c.add(t.tid);
    this.linkedPtid.set(t.tid, t.ptid);
  }

  private unlink(t: ThreadInfo): void {
    const pid = this.linkedPid.get(t.tid);
    if (pid !== undefined) {
      const g = this.groups.get(pid);
      g?.delete(t.tid);
      if (g !== undefined && g.size === 0) this.groups.delete(pid);
      this.linkedPid.delete(t.tid);
    }
    const ptid = this.linkedPtid.get(t.tid);
    if (ptid !== undefined) {
      const c = this.children.get(ptid);
      c?.delete(t.tid);
      if (c !== undefined && c.size === 0) this.children.delete(ptid);
      this.linkedPtid.delete(t.tid);
    }
  }

  /** The thread-group leader of a thread (itself when it is the leader). */
  mainThread(t: ThreadInfo): ThreadInfo | undefined {
    if (t.tid === t.pid) return t;
    return this.threads.get(t.pid);
  }

  /** The parent of a thread, by ptid. */
  parent(t: ThreadInfo): ThreadInfo | undefined {
    return t.ptid > 0 && t.ptid !== t.tid ? this.threads.get(t.ptid) : undefined;
  }

  /**
   * The n-th ancestor process (1 = parent process), walking main threads as libsinsp's
   * get_ancestor_process does; undefined past the known chain or on a loop.
   */
  ancestor(t: ThreadInfo, n: number): ThreadInfo | undefined {
    let mt = this.mainThread(t);
    for (let i = 0; i < n; i++) {
      if (mt === undefined) return undefined;
      const p = this.parent(mt);
      if (p === undefined) return undefined;
      mt = this.mainThread(p);
    }
    return mt;
  }

  /** Ancestor processes from the parent up, stopping at the first unknown one or a loop. */
  ancestors(t: ThreadInfo, max = 64): ThreadInfo[] {
    const out: ThreadInfo[] = [];
    const seen = new Set<number>([t.tid]);
    let cur = this.parent(this.mainThread(t) ?? t);
    while (cur !== undefined && out.length < max && !seen.has(cur.tid)) {
      seen.add(cur.tid);
      out.push(cur);
      cur = this.parent(cur);
    }
    return out;
  }

  /** Tids of a thread's children. */
  childrenOf(tid: number): ReadonlySet<number> {
    return this.children.get(tid) ?? EMPTY_SET;
  }

  /** Tids in a thread group. */
  groupOf(pid: number): ReadonlySet<number> {
    return this.groups.get(pid) ?? EMPTY_SET;
  }

  /** Marks a thread group as a reaper (or not): PR_SET_CHILD_SUBREAPER. */
  setReaper(pid: number, on: boolean): void {
    if (on) this.reapers.add(pid);
    else this.reapers.delete(pid);
  }

  isReaper(pid: number): boolean {
    return this.reapers.has(pid);
  }

  /** The fd table of a thread's process, created on first use (undefined for incomplete threads). */
  fdTable(t: ThreadInfo, create = true): FdTable | undefined {
    const key = t.incomplete ? -t.tid - 1 : t.pid;
    let table = this.fdTables.get(key);
    if (table === undefined && create) {
      table = new FdTable(this.maxFdsPerProcess);
      this.fdTables.set(key, table);
    }
    return table;
  }

  /** The fd table of a process by pid, created on first use (the capture reader's fd lists). */
  fdTableForPid(pid: number, create = true): FdTable | undefined {
    let table = this.fdTables.get(pid);
    if (table === undefined && create) {
      table = new FdTable(this.maxFdsPerProcess);
      this.fdTables.set(pid, table);
    }
    return table;
  }

  /** Installs a process' fd table (fork copies the parent's). */
  setFdTable(pid: number, table: FdTable): void {
    this.fdTables.set(pid, table);
  }

  /** Moves an incomplete thread's own fd table under its (now known) pid. */
  adoptFdTable(t: ThreadInfo, fromKeyTid: number): void {
    const key = -fromKeyTid - 1;
    const table = this.fdTables.get(key);
    if (table === undefined) return;
    this.fdTables.delete(key);
    if (!this.fdTables.has(t.pid)) this.fdTables.set(t.pid, table);
  }

  scratchOf(tid: number): ThreadScratch {
    let s = this.scratch.get(tid);
    if (s === undefined) {
      s = { lastEnterType: -1, lastEventFd: -1, enterBuf: EMPTY_BUF, enterLen: 0 };
      this.scratch.set(tid, s);
    }
    return s;
  }

  peekScratch(tid: number): ThreadScratch | undefined {
    return this.scratch.get(tid);
  }

  /**
   * Removes a thread as libsinsp's remove_thread: children go to a reaper (the one procexit named,
   * else another live thread of the group, else the nearest reaper ancestor, else ptid 0); a
   * process' leader and fd table go when its last thread goes.
   */
  remove(tid: number): void {
    const t = this.threads.get(tid);
    if (t === undefined) return;
    this.stats.removed++;
    if (t.incomplete) {
      this.reparentChildren(t);
      this.drop(t);
      this.fdTables.delete(-t.tid - 1);
      return;
    }
    t.dead = true;
    this.reparentChildren(t);
    const group = this.groups.get(t.pid);
    let alive = 0;
    if (group !== undefined) for (const m of group) if (this.threads.get(m)?.dead !== true) alive++;
    if (alive === 0) {
      const main = this.threads.get(t.pid);
      if (main !== undefined && main !== t) this.drop(main);
      this.fdTables.delete(t.pid);
      this.reapers.delete(t.pid);
      this.drop(t);
      return;
    }
    if (t.tid !== t.pid) this.drop(t);
  }

  private drop(t: ThreadInfo): void {
    this.unlink(t);
    this.threads.delete(t.tid);
    this.scratch.delete(t.tid);
    // Its own children entry (all reparented by now) goes with it.
    this.children.delete(t.tid);
  }

  private reparentChildren(t: ThreadInfo): void {
    const kids = this.children.get(t.tid);
    if (kids === undefined || kids.size === 0) return;
    let reaper: ThreadInfo | undefined;
    if (t.reaperTid !== undefined && t.reaperTid > 0) {
      const r = this.threads.get(t.reaperTid);
      if (r !== undefined && !r.incomplete && r !== t) reaper = r;
    }
    if (reaper === undefined) reaper = this.findNewReaper(t);
    if (reaper !== undefined) {
      t.reaperTid = reaper.tid;
      if (reaper.pid !== t.pid) this.reapers.add(reaper.pid);
    }
    const newPtid = reaper?.tid ?? 0;
    for (const kid of [...kids]) {
      const k = this.threads.get(kid);
      if (k === undefined) continue;
      k.ptid = newPtid;
      this.relink(k);
    }
  }

  /** The kernel's find_new_reaper, on what the table knows. */
  private findNewReaper(t: ThreadInfo): ThreadInfo | undefined {
    const group = this.groups.get(t.pid);
    if (group !== undefined) {
      for (const m of group) {
        const th = this.threads.get(m);
        if (th !== undefined && th !== t && !th.dead) return th;
      }
    }
    const inNs = t.tid !== t.vtid;
    const seen = new Set<number>([t.tid]);
    let p = this.threads.get(t.ptid);
    while (p !== undefined && !seen.has(p.tid)) {
      seen.add(p.tid);
      if ((p.tid !== p.vtid) !== inNs) break;
      if (this.reapers.has(p.pid)) {
        const g = this.groups.get(p.pid);
        if (g !== undefined) {
          for (const m of g) {
            const th = this.threads.get(m);
            if (th !== undefined && !th.dead) return th;
          }
        }
      }
      p = this.threads.get(p.ptid);
    }
    return undefined;
  }

  /**
   * Purges threads not seen for threadTimeoutNs, at most once per purgeIntervalNs of event time.
   * Returns the number removed.
   */
  purge(nowTs: bigint): number {
    if (this.lastPurgeTs === 0n) {
      this.lastPurgeTs = nowTs;
      return 0;
    }
    if (nowTs - this.lastPurgeTs < this.purgeIntervalNs) return 0;
    this.lastPurgeTs = nowTs;
    const stale: number[] = [];
    for (const t of this.threads.values()) {
      if (t.tid === 1) continue;
      const old = t.lastEventTs !== 0n && nowTs - t.lastEventTs > this.threadTimeoutNs;
      if (t.dead || (old && !(this.isThreadAlive?.(t.tid) ?? false))) stale.push(t.tid);
    }
    let n = 0;
    for (const tid of stale) {
      if (!this.threads.has(tid)) continue;
      this.remove(tid);
      n++;
    }
    this.stats.purged += n;
    return n;
  }

  clear(): void {
    this.threads.clear();
    this.fdTables.clear();
    this.groups.clear();
    this.children.clear();
    this.linkedPid.clear();
    this.linkedPtid.clear();
    this.reapers.clear();
    this.scratch.clear();
  }
}

const EMPTY_SET: ReadonlySet<number> = new Set();
const EMPTY_BUF = Buffer.alloc(0);
