// The read side of the system state: what field extractors and outputs may look at. The state
// parsers (src/state/parsers) own the write side.

import type { ContainerInfo, FdInfo, GroupInfo, ThreadInfo, UserInfo } from './types.js';

export interface MachineInfo {
  numCpus: number;
  memoryBytes: bigint;
  maxCpuFrequency: number;
  pageSize: number;
  hostname: string;
  /** Boot time, ns since epoch, when the capture says it. */
  bootTs: bigint;
}

export interface SystemStateView {
  /** A thread by tid, or undefined. */
  thread(tid: number): ThreadInfo | undefined;
  /** The thread-group leader of a thread (itself when it is the leader). */
  mainThread(t: ThreadInfo): ThreadInfo | undefined;
  /** The parent process of a thread (by ptid), or undefined. */
  parent(t: ThreadInfo): ThreadInfo | undefined;
  /** The open fds of a thread's process (threads of a process share one table). */
  fdTable(t: ThreadInfo): ReadonlyMap<number, FdInfo> | undefined;
  user(uid: number, container: string): UserInfo | undefined;
  group(gid: number, container: string): GroupInfo | undefined;
  container(id: string): ContainerInfo | undefined;
  readonly machine: MachineInfo | undefined;
  /** Timestamp of the first event processed (evt.reltime counts from it); absent before any. */
  readonly firstEventTs?: bigint;
}
