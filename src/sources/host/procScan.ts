// The initial state of a live host, read from /proc as libscap's proc scan does: every thread with
// its process data (comm, exe, argv, env, cwd, ids, session, tty, capabilities, cgroups, pid
// namespace ids), and every process's open fds (files, directories, sockets by inode, pipes,
// anonymous inodes). It feeds the same handler a capture reader does, so the state — or a capture
// writer — is filled the same way from a file or from the running system. Processes that vanish
// mid-scan are skipped: the scan races with the system by nature.

import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { PPM_CL } from '../../state/threadInfo.js';
import { newThreadInfo } from '../../state/threadInfo.js';
import type { FdInfo, FdType, ThreadInfo } from '../../state/types.js';
import { ppmOpenFlags } from './openFlags.js';
import { type ProcSocket, readProcSockets } from './procNet.js';

export interface ProcScanHandler {
  thread(t: ThreadInfo): void;
  fd(pid: number, fd: FdInfo): void;
}

export interface ProcScanOptions {
  /** The proc mount to read (tests point it elsewhere). */
  procRoot?: string;
  /** Read each process's fds (libscap's default; off makes the scan much cheaper). */
  withFds?: boolean;
  /** At most this many fds per process, as libsinsp bounds fd tables. */
  maxFdsPerProcess?: number;
}

export interface ProcScanSummary {
  processes: number;
  threads: number;
  fds: number;
  /** Processes or threads that ended while they were read. */
  vanished: number;
}

const CLK_TCK = 100;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function link(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

function nulList(text: string | undefined): string[] {
  if (!text) return [];
  const items = text.split('\0');
  if (items[items.length - 1] === '') items.pop();
  return items;
}

function statusFields(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) m.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return m;
}

/** Fields of /proc/PID/stat after the `(comm)` part, which may itself hold blanks and parens. */
function statFields(text: string): string[] {
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

function lastNum(s: string | undefined, fallback: number): number {
  if (!s) return fallback;
  const parts = s.split(/\s+/);
  const n = Number(parts[parts.length - 1]);
  return Number.isFinite(n) ? n : fallback;
}

function bootTimeNs(procRoot: string): bigint {
  const btime = /^btime (\d+)$/m.exec(read(`${procRoot}/stat`) ?? '');
  return btime ? BigInt(btime[1]) * 1_000_000_000n : 0n;
}

function readThread(procRoot: string, pid: number, tid: number, bootNs: bigint): ThreadInfo | undefined {
  const dir = `${procRoot}/${pid}/task/${tid}`;
  const status = read(`${dir}/status`);
  const stat = read(`${dir}/stat`);
  if (status === undefined || stat === undefined) return undefined;
  const st = statusFields(status);
  const sf = statFields(stat);
  const t = newThreadInfo(tid);
  t.pid = pid;
  t.comm = (read(`${dir}/comm`) ?? '').replace(/\n$/, '');
  t.ptid = Number(st.get('PPid') ?? 0);
  // stat after comm: state ppid pgrp session tty_nr ... starttime is the 20th.
  t.vpgid = Number(sf[2]);
  t.pgid = Number(sf[2]);
  t.sid = Number(sf[3]);
  t.tty = Number(sf[4]);
  t.pfMinor = Number(sf[7]);
  t.pfMajor = Number(sf[9]);
  t.cloneTs = bootNs + (BigInt(sf[19] ?? '0') * 1_000_000_000n) / BigInt(CLK_TCK);
  const uids = (st.get('Uid') ?? '0 0').split(/\s+/).map(Number);
  const gids = (st.get('Gid') ?? '0 0').split(/\s+/).map(Number);
  t.uid = uids[0];
  t.euid = uids[1];
  t.gid = gids[0];
  t.egid = gids[1];
  t.capInheritable = BigInt(`0x${st.get('CapInh') ?? '0'}`);
  t.capPermitted = BigInt(`0x${st.get('CapPrm') ?? '0'}`);
  t.capEffective = BigInt(`0x${st.get('CapEff') ?? '0'}`);
  t.vtid = lastNum(st.get('NSpid'), tid);
  t.vpid = lastNum(st.get('NStgid'), pid);
  t.vmSize = Number((st.get('VmSize') ?? '0').split(/\s+/)[0]) || 0;
  t.vmRss = Number((st.get('VmRSS') ?? '0').split(/\s+/)[0]) || 0;
  t.vmSwap = Number((st.get('VmSwap') ?? '0').split(/\s+/)[0]) || 0;
  const loginuid = Number((read(`${dir}/loginuid`) ?? '').trim());
  if (Number.isFinite(loginuid) && loginuid >= 0) t.loginuid = loginuid;
  // Process-wide data lives in the leader's folder.
  const pdir = `${procRoot}/${pid}`;
  const argv = nulList(read(`${pdir}/cmdline`));
  t.exe = argv[0] ?? t.comm;
  t.args = argv.slice(1);
  t.env = nulList(read(`${pdir}/environ`));
  t.exepath = (link(`${pdir}/exe`) ?? '').replace(/ \(deleted\)$/, '');
  const cwd = link(`${dir}/cwd`) ?? link(`${pdir}/cwd`) ?? '';
  t.cwd = cwd.endsWith('/') ? cwd : `${cwd}/`;
  t.root = link(`${pdir}/root`);
  t.cgroups = parseProcCgroups(read(`${dir}/cgroup`) ?? read(`${pdir}/cgroup`) ?? '');
  const limits = /^Max open files\s+(\d+)/m.exec(read(`${pdir}/limits`) ?? '');
  t.fdlimit = limits ? Number(limits[1]) : 0;
  if (tid === pid) t.flags |= PPM_CL.IS_MAIN_THREAD;
  else t.flags |= PPM_CL.CLONE_THREAD | PPM_CL.CLONE_FILES;
  return t;
}

/**
 * /proc/PID/cgroup lines (`ID:controllers:path`) as controller → path pairs; the v2 line (empty
 * controller list) is named `unified`, hybrid hosts keep both.
 */
export function parseProcCgroups(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    const controllers = m[1] === '' ? ['unified'] : m[1].split(',');
    for (const c of controllers) out.push([c.replace(/^name=/, ''), m[2]]);
  }
  return out;
}

const ANON_TYPES: Readonly<Record<string, FdType>> = {
  '[eventfd]': 'event',
  '[signalfd]': 'signalfd',
  '[eventpoll]': 'eventpoll',
  inotify: 'inotify',
  '[timerfd]': 'timerfd',
  'bpf-map': 'bpf',
  'bpf-prog': 'bpf',
  '[userfaultfd]': 'userfaultfd',
  '[io_uring]': 'io_uring',
  '[pidfd]': 'pidfd',
};

function fdFromLink(
  fdNum: number,
  target: string,
  path: string,
  sockets: Map<number, ProcSocket>,
  flags: number,
): FdInfo {
  const fd: FdInfo = { fd: fdNum, type: 'unknown', name: target, openFlags: flags };
  const sock = /^socket:\[(\d+)\]$/.exec(target);
  if (sock) {
    const s = sockets.get(Number(sock[1]));
    fd.ino = Number(sock[1]);
    if (!s) {
      fd.type = 'unknown';
      return fd;
    }
    fd.type = s.family;
    fd.sock = { ...s.sock };
    if (s.family === 'unix') fd.name = s.sock.unixPath ?? '';
    else if (s.sock.serverSocket) fd.name = `${s.sock.dip}:${s.sock.dport}`;
    else fd.name = `${s.sock.sip}:${s.sock.sport}->${s.sock.dip}:${s.sock.dport}`;
    return fd;
  }
  if (/^pipe:\[\d+\]$/.test(target)) {
    fd.type = 'pipe';
    return fd;
  }
  if (target.startsWith('anon_inode:')) {
    const kind = target.slice('anon_inode:'.length);
    fd.type = ANON_TYPES[kind] ?? 'unknown';
    return fd;
  }
  if (target.startsWith('/memfd:')) {
    fd.type = 'memfd';
    return fd;
  }
  if (target.startsWith('/')) {
    try {
      const st = statSync(path);
      fd.type = st.isDirectory() ? 'directory' : 'file';
      fd.ino = st.ino;
      fd.dev = st.dev;
    } catch {
      fd.type = 'file';
    }
    fd.name = target.replace(/ \(deleted\)$/, '');
  }
  return fd;
}

function readFds(
  procRoot: string,
  pid: number,
  handler: ProcScanHandler,
  max: number,
  sockets: Map<number, ProcSocket>,
): number {
  let names: string[];
  try {
    names = readdirSync(`${procRoot}/${pid}/fd`);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    if (n >= max) break;
    const fdNum = Number(name);
    const path = `${procRoot}/${pid}/fd/${name}`;
    const target = link(path);
    if (target === undefined) continue;
    const info = /^flags:\s+([0-7]+)$/m.exec(read(`${procRoot}/${pid}/fdinfo/${name}`) ?? '');
    const flags = info ? ppmOpenFlags(parseInt(info[1], 8)) : 0;
    handler.fd(pid, fdFromLink(fdNum, target, path, sockets, flags));
    n++;
  }
  return n;
}

function numericEntries(dir: string): number[] {
  try {
    return readdirSync(dir)
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/** Scans every process and thread under the proc mount. */
export function scanProc(handler: ProcScanHandler, opts: ProcScanOptions = {}): ProcScanSummary {
  const procRoot = opts.procRoot ?? '/proc';
  const withFds = opts.withFds ?? true;
  const maxFds = opts.maxFdsPerProcess ?? 4096;
  const bootNs = bootTimeNs(procRoot);
  const summary: ProcScanSummary = { processes: 0, threads: 0, fds: 0, vanished: 0 };
  // Sockets are per network namespace; the host's table covers processes sharing it, others are
  // read through their own /proc/PID/net when their namespace differs.
  const hostNetNs = link(`${procRoot}/self/ns/net`);
  const socketsByNs = new Map<string, Map<number, ProcSocket>>();
  const socketsFor = (pid: number): Map<number, ProcSocket> => {
    const ns = link(`${procRoot}/${pid}/ns/net`) ?? hostNetNs ?? '';
    let table = socketsByNs.get(ns);
    if (!table) {
      table = readProcSockets(ns === hostNetNs ? procRoot : `${procRoot}/${pid}`);
      socketsByNs.set(ns, table);
    }
    return table;
  };
  for (const pid of numericEntries(procRoot)) {
    const tids = numericEntries(`${procRoot}/${pid}/task`);
    if (tids.length === 0) {
      summary.vanished++;
      continue;
    }
    // The leader first, so its threads find their process.
    tids.sort((a, b) => (a === pid ? -1 : b === pid ? 1 : a - b));
    let any = false;
    for (const tid of tids) {
      const t = readThread(procRoot, pid, tid, bootNs);
      if (!t) {
        summary.vanished++;
        continue;
      }
      handler.thread(t);
      summary.threads++;
      any = true;
    }
    if (!any) continue;
    summary.processes++;
    if (withFds) summary.fds += readFds(procRoot, pid, handler, maxFds, socketsFor(pid));
  }
  return summary;
}
