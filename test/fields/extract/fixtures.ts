// Test fixtures: events built with encodeEvent, threads and fds as plain records, and a small
// in-memory SystemStateView.

import { encodeEvent } from '../../../src/events/encodeEvent.js';
import { EVENT_CODES } from '../../../src/events/eventTable.js';
import { SyscallSource } from '../../../src/sources/syscall/syscallSource.js';
import { SyscallEvent } from '../../../src/sources/syscall/syscallEvent.js';
import type { ContainerInfo, FdInfo, GroupInfo, ThreadInfo, UserInfo } from '../../../src/state/types.js';
import type { MachineInfo, SystemStateView } from '../../../src/state/view.js';
import type { FieldValue } from '../../../src/fields/types.js';

export const TS = 1_500_000_000_123_456_789n;

export function thread(over: Partial<ThreadInfo> = {}): ThreadInfo {
  return {
    tid: 20072,
    pid: 20072,
    ptid: 11310,
    sid: 11000,
    vpgid: 20072,
    pgid: 20072,
    comm: 'cat',
    exe: 'cat',
    exepath: '/bin/cat',
    args: ['/dev/null'],
    env: ['SHELL=/bin/bash', 'HOME=/home/mstemm'],
    cwd: '/mnt/work/',
    uid: 1000,
    gid: 1000,
    loginuid: 1000,
    tty: 34816,
    capInheritable: 0n,
    capPermitted: 0x3n,
    capEffective: (1n << 21n) | 1n,
    vtid: 20072,
    vpid: 20072,
    pidnsInitStartTs: 0n,
    cloneTs: TS - 5_000_000_000n,
    containerId: '',
    cgroups: [
      ['cpuset', '/user.slice'],
      ['cpu', '/user.slice/cpu'],
    ],
    flags: 0,
    fdlimit: 1024,
    vmSize: 360,
    vmRss: 4,
    vmSwap: 0,
    pfMajor: 0,
    pfMinor: 61,
    lastEventTs: TS,
    ...over,
  };
}

export function fileFd(fd: number, name: string, over: Partial<FdInfo> = {}): FdInfo {
  return { fd, type: 'file', name, openFlags: 4097, ...over };
}

export class FakeState implements SystemStateView {
  threads = new Map<number, ThreadInfo>();
  fds = new Map<number, Map<number, FdInfo>>();
  users: UserInfo[] = [];
  groups: GroupInfo[] = [];
  containers = new Map<string, ContainerInfo>();
  machine: MachineInfo | undefined = undefined;

  add(t: ThreadInfo, fds: FdInfo[] = []): this {
    this.threads.set(t.tid, t);
    if (fds.length > 0 || !this.fds.has(t.pid)) this.fds.set(t.pid, new Map(fds.map((f) => [f.fd, f])));
    return this;
  }
  thread(tid: number) {
    return this.threads.get(tid);
  }
  mainThread(t: ThreadInfo) {
    return this.threads.get(t.pid);
  }
  parent(t: ThreadInfo) {
    return this.threads.get(t.ptid);
  }
  fdTable(t: ThreadInfo) {
    return this.fds.get(t.pid);
  }
  user(uid: number, container: string) {
    return this.users.find((u) => u.uid === uid && u.container === container);
  }
  group(gid: number, container: string) {
    return this.groups.find((g) => g.gid === gid && g.container === container);
  }
  container(id: string) {
    return this.containers.get(id);
  }
}

export interface EventSpec {
  code: keyof typeof EVENT_CODES;
  params: Uint8Array[];
  tid?: number;
  ts?: bigint;
  state?: FakeState;
  /** Thread to attach (defaults to the state's thread of tid). */
  thread?: ThreadInfo | null;
  fdNum?: number;
  num?: number;
  cpu?: number;
}

export function event(spec: EventSpec): SyscallEvent {
  const tid = spec.tid ?? 20072;
  const buf = encodeEvent({ type: EVENT_CODES[spec.code], ts: spec.ts ?? TS, tid, params: spec.params });
  const evt = new SyscallEvent();
  evt.set(buf, 0, spec.cpu ?? 0);
  evt.num = spec.num ?? 141;
  evt.state = spec.state;
  evt.thread = spec.thread === null ? undefined : (spec.thread ?? spec.state?.thread(tid));
  if (spec.fdNum !== undefined) {
    evt.fdNum = spec.fdNum;
    evt.fdInfo = evt.thread && spec.state ? spec.state.fdTable(evt.thread)?.get(spec.fdNum) : undefined;
  }
  return evt;
}

const source = new SyscallSource();

/** Extracts a field (as written in a rule: `name` or `name[arg]`) from an event. */
export function extract(field: string, evt: SyscallEvent, usage: 'filter' | 'output' = 'filter'): FieldValue {
  const bracket = field.indexOf('[');
  const ref = bracket < 0 ? { name: field } : { name: field.slice(0, bracket), arg: field.slice(bracket + 1, -1) };
  return source.bindField(ref, usage)(evt);
}
