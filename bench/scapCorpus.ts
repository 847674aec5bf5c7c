// The capture the scap benchmarks replay: the real captures of Falco's regression suite merged
// into one file of at least a million events with Kestrel's CaptureWriter. Their process lists,
// fd lists, users and interfaces come first; then their events, repeated in cycles with the
// timestamps shifted forward so time only grows (the gaps between events as recorded, capped at
// MAX_GAP_NS so a million events span minutes, not days of idle threads). Each source capture
// gets its own tid range (capture i's tids are moved up by i × TID_STRIDE, in the metadata and in
// the events' header and pid parameters), so threads of different machines never collide and
// every event keeps meeting the thread table its own capture described.
//
// The captures' procinfo events (the old driver's per-thread CPU counters, 95% of their events)
// are left out: today's drivers no longer send them, so a live sensor sees syscalls, and so does
// this benchmark. Built once and cached in os.tmpdir() under a name that hashes the sources, the
// layout version and the compiled capture code that wrote it.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CaptureMachineInfo, createCaptureWriter, type NetInterface, readCapture } from '../src/capture/index.js';
import { EVENT_CODES, EVENT_TABLE } from '../src/events/eventTable.js';
import { ScapEvent } from '../src/events/scapEvent.js';
import type { FdInfo, GroupInfo, ThreadInfo, UserInfo } from '../src/state/types.js';
import { mustExist, SCAP_TRACES } from './corpus.js';

/** Fewest events the merged capture holds (whole cycles are written, so a few more). */
export const SCAP_BENCH_MIN_EVENTS = 1_000_000;
/** Bump when the way the capture is assembled changes, so stale caches are not reused. */
const LAYOUT_VERSION = 2;
/** Tid range of each source capture; every real tid must be below it. */
const TID_STRIDE = 100_000;
/** Longest time between two consecutive events of the merged capture. */
const MAX_GAP_NS = 1_000_000n;
/** Events left out of the merged capture (see above). */
const LEFT_OUT = new Set<number>([EVENT_CODES.PPME_PROCINFO_E]);

export interface BenchCapture {
  path: string;
  /** Events in the file. */
  events: number;
  /** Bytes of the file (uncompressed). */
  bytes: number;
  /** How many times every source capture's events were written. */
  cycles: number;
  /** Source captures and the events taken from each, e.g. `cat_write.scap (85)`. */
  sources: string[];
  /** Events of the sources left out (procinfo), per cycle. */
  leftOutPerCycle: number;
  threads: number;
  fds: number;
  /** What `sysdig -r FILE -q 'evt.num=0'` said when the file was built. */
  sysdigCheck: string;
  /** False when the cached file was reused. */
  built?: boolean;
}

interface SourceEvent {
  /** The event's bytes in today's layout, tids already moved; the ts is rewritten per cycle. */
  bytes: Buffer;
  /** ns since the capture's previous event (0 for events with no timestamp), at most MAX_GAP_NS. */
  gapNs: bigint;
  cpu: number;
  flags: number;
}

interface SourceCapture {
  name: string;
  machine?: CaptureMachineInfo;
  threads: ThreadInfo[];
  fds: Array<[number, FdInfo]>;
  users: UserInfo[];
  groups: GroupInfo[];
  ifaces: NetInterface[];
  events: SourceEvent[];
  leftOut: number;
  lastTs: bigint;
}

/** Per event id: the indexes of its pid-typed parameters (tids, pids, ptids, clone results). */
const PID_PARAMS: readonly number[][] = EVENT_TABLE.map((e) =>
  e.params.flatMap((p, i) => (p.type === 'PT_PID' || p.type === 'PT_PID32' ? [i] : [])),
);

const shift = (v: number, by: number) => (v > 0 ? v + by : v);

function moveThread(t: ThreadInfo, by: number): ThreadInfo {
  if (t.tid >= TID_STRIDE || t.pid >= TID_STRIDE) throw new Error(`tid ${t.tid} is past the benchmark's tid stride`);
  return {
    ...t,
    tid: shift(t.tid, by),
    pid: shift(t.pid, by),
    ptid: shift(t.ptid, by),
    sid: shift(t.sid, by),
    pgid: shift(t.pgid, by),
    vpgid: t.vpgid === t.pgid ? shift(t.pgid, by) : t.vpgid,
    // Host threads see their own ids; threads in a pid namespace keep the namespace's.
    vtid: t.vtid === t.tid ? shift(t.tid, by) : t.vtid,
    vpid: t.vpid === t.pid ? shift(t.pid, by) : t.vpid,
    reaperTid: t.reaperTid === undefined ? undefined : shift(t.reaperTid, by),
  };
}

/** Moves the header tid and the positive pid parameters of the event copy in `evt` by `by`. */
function moveEventTids(evt: ScapEvent, by: number): void {
  const b = evt.buf;
  const tid = b.readBigInt64LE(8);
  if (tid > 0n) b.writeBigInt64LE(tid + BigInt(by), 8);
  for (const i of PID_PARAMS[evt.type] ?? []) {
    const len = evt.paramLength(i);
    const at = evt.paramOffset(i);
    if (len === 8) {
      const v = b.readBigInt64LE(at);
      if (v > 0n) b.writeBigInt64LE(v + BigInt(by), at);
    } else if (len === 4) {
      const v = b.readInt32LE(at);
      if (v > 0) b.writeInt32LE(v + by, at);
    }
  }
}

async function readSource(dir: string, name: string, by: number): Promise<SourceCapture> {
  const src: SourceCapture = {
    name,
    threads: [],
    fds: [],
    users: [],
    groups: [],
    ifaces: [],
    events: [],
    leftOut: 0,
    lastTs: 0n,
  };
  const copy = new ScapEvent();
  let prevTs = 0n;
  await readCapture(`${dir}${name}`, {
    machine: (m) => (src.machine = m),
    thread: (t) => src.threads.push(moveThread(t, by)),
    fd: (pid, fd) => src.fds.push([shift(pid, by), { ...fd }]),
    user: (u) => src.users.push({ ...u }),
    group: (g) => src.groups.push({ ...g }),
    iface: (i) => src.ifaces.push({ ...i }),
    event: (evt) => {
      const ts = evt.ts;
      if (ts > src.lastTs) src.lastTs = ts;
      if (LEFT_OUT.has(evt.type)) {
        src.leftOut++;
        return;
      }
      let gapNs = 0n;
      if (ts > 0n) {
        if (prevTs > 0n && ts > prevTs) gapNs = ts - prevTs < MAX_GAP_NS ? ts - prevTs : MAX_GAP_NS;
        prevTs = ts;
      }
      const bytes = evt.copyBytes();
      if (by !== 0) moveEventTids(copy.set(bytes, 0), by);
      src.events.push({ bytes, gapNs, cpu: evt.cpu, flags: evt.blockFlags });
    },
  });
  return src;
}

function sourceNames(dir: string): string[] {
  return readdirSync(mustExist(dir))
    .filter((f) => f.endsWith('.scap'))
    .sort();
}

/** Hash of what the file depends on: the sources, this layout, and the compiled capture code. */
function cacheKey(dir: string, names: readonly string[]): string {
  const h = createHash('sha256');
  h.update(
    `layout ${LAYOUT_VERSION} stride ${TID_STRIDE} gap ${MAX_GAP_NS} left out ${[...LEFT_OUT].join(',')} min ${SCAP_BENCH_MIN_EVENTS}\n`,
  );
  for (const n of names) h.update(n).update(readFileSync(`${dir}${n}`));
  const captureCode = fileURLToPath(new URL('../src/capture/', import.meta.url));
  for (const f of readdirSync(captureCode).sort()) {
    if (f.endsWith('.js')) h.update(f).update(readFileSync(join(captureCode, f)));
  }
  return h.digest('hex').slice(0, 16);
}

/** Runs sysdig over the file: its exit status must be 0. Returns what to report. */
function sysdigReads(path: string): string {
  const r = spawnSync('sysdig', ['-r', path, '-q', 'evt.num=0'], { encoding: 'utf8' });
  if (r.error !== undefined) return `not checked: sysdig cannot run (${r.error.message})`;
  if (r.status !== 0) {
    throw new Error(`sysdig -r ${path} -q 'evt.num=0' exited ${r.status}: ${(r.stderr || r.stdout).trim()}`);
  }
  return 'sysdig -r FILE -q evt.num=0 exits 0';
}

function keyed<T>(items: readonly T[], key: (x: T) => string): T[] {
  const m = new Map<string, T>();
  for (const x of items) if (!m.has(key(x))) m.set(key(x), x);
  return [...m.values()];
}

async function build(path: string, dir: string, names: readonly string[]): Promise<BenchCapture> {
  const sources: SourceCapture[] = [];
  for (let i = 0; i < names.length; i++) {
    // A capture without kept events still brings its threads and fds: idle state, as on a host.
    sources.push(await readSource(dir, names[i], i * TID_STRIDE));
  }
  const perCycle = sources.reduce((n, s) => n + s.events.length, 0);
  if (perCycle === 0) throw new Error(`no events in the captures of ${dir}`);
  const cycles = Math.ceil(SCAP_BENCH_MIN_EVENTS / perCycle);

  const tmp = `${path}.${process.pid}.tmp`;
  const w = await createCaptureWriter(tmp);
  const machine = sources.find((s) => s.machine)?.machine;
  const highestTid = sources.length * TID_STRIDE;
  if (machine) w.machine({ ...machine, maxPid: Math.max(machine.maxPid, highestTid) });
  for (const i of keyed(
    sources.flatMap((s) => s.ifaces),
    (x) => `${x.name} ${x.addr}`,
  ))
    w.iface(i);
  for (const u of keyed(
    sources.flatMap((s) => s.users),
    (x) => `${x.container}/${x.uid}`,
  ))
    w.user(u);
  for (const g of keyed(
    sources.flatMap((s) => s.groups),
    (x) => `${x.container}/${x.gid}`,
  ))
    w.group(g);
  for (const s of sources) for (const t of s.threads) w.thread(t);
  for (const s of sources) for (const [pid, fd] of s.fds) w.fd(pid, fd);

  // Start after every source's last event, so no thread of the process lists is younger than
  // the events that follow.
  let ts = sources.reduce((m, s) => (s.lastTs > m ? s.lastTs : m), 0n) + 1_000_000_000n;
  for (let c = 0; c < cycles; c++) {
    for (const s of sources) {
      ts += MAX_GAP_NS;
      for (const e of s.events) {
        ts += e.gapNs;
        e.bytes.writeBigUInt64LE(ts, 0);
        w.eventBytes(e.bytes, e.cpu, e.flags);
      }
    }
  }
  const summary = await w.close();
  let check: string;
  try {
    check = sysdigReads(tmp);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
  renameSync(tmp, path);
  return {
    path,
    events: summary.events,
    bytes: statSync(path).size,
    cycles,
    sources: sources.map((s) => `${s.name} (${s.events.length})`),
    leftOutPerCycle: sources.reduce((n, s) => n + s.leftOut, 0),
    threads: summary.threads,
    fds: summary.fds,
    sysdigCheck: check,
  };
}

/** The merged capture: reused from os.tmpdir() when its cache entry is whole, built otherwise. */
export async function benchCapture(): Promise<BenchCapture> {
  const dir = SCAP_TRACES;
  const names = sourceNames(dir);
  const path = join(os.tmpdir(), `kestrel-bench-scap-${cacheKey(dir, names)}.scap`);
  const infoPath = `${path}.json`;
  if (existsSync(path) && existsSync(infoPath)) {
    const info = JSON.parse(readFileSync(infoPath, 'utf8')) as BenchCapture;
    if (info.bytes === statSync(path).size) return { ...info, path, built: false };
  }
  const info = await build(path, dir, names);
  writeFileSync(infoPath, `${JSON.stringify(info, null, 2)}\n`);
  return { ...info, built: true };
}
