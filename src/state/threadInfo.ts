// Constructors for thread entries and the PPM_CL_* thread flags the state uses.

import type { ThreadInfo } from './types.js';

/** PPM_CL_* bits (driver clone flags plus libsinsp's own markers). */
export const PPM_CL = {
  CLONE_FILES: 1 << 0,
  CLONE_NEWPID: 1 << 6,
  CLONE_PARENT: 1 << 8,
  CLONE_THREAD: 1 << 13,
  CLONE_VM: 1 << 15,
  CLONE_INVERTED: 1 << 16,
  NAME_CHANGED: 1 << 17,
  CLOSED: 1 << 18,
  ACTIVE: 1 << 19,
  CLONE_NEWUSER: 1 << 20,
  PIPE_SRC: 1 << 21,
  PIPE_DST: 1 << 22,
  CLONE_VFORK: 1 << 27,
  CHILD_IN_PIDNS: 1 << 29,
  IS_MAIN_THREAD: 1 << 30,
} as const;

/** PPM_EXE_* bits of execve's `flags` parameter. */
export const PPM_EXE = { WRITABLE: 1, UPPER_LAYER: 2, FROM_MEMFD: 4, LOWER_LAYER: 8 } as const;

export const UNKNOWN_ID = 0xffffffff;

/** A thread entry with every field at its "unknown" value; callers fill in what they know. */
export function newThreadInfo(tid: number): ThreadInfo {
  return {
    tid,
    pid: tid,
    ptid: 0,
    sid: 0,
    vpgid: 0,
    pgid: -1,
    comm: '',
    exe: '',
    exepath: '',
    args: [],
    env: [],
    cwd: '',
    uid: 0,
    gid: 0,
    loginuid: UNKNOWN_ID,
    tty: 0,
    capInheritable: 0n,
    capPermitted: 0n,
    capEffective: 0n,
    vtid: tid,
    vpid: tid,
    pidnsInitStartTs: 0n,
    cloneTs: 0n,
    containerId: '',
    cgroups: [],
    flags: 0,
    fdlimit: 0,
    vmSize: 0,
    vmRss: 0,
    vmSwap: 0,
    pfMajor: 0,
    pfMinor: 0,
    lastEventTs: 0n,
  };
}

/** The entry libsinsp makes for a tid it has never seen and cannot look up ("invalid" thread). */
export function incompleteThreadInfo(tid: number, ts: bigint): ThreadInfo {
  const t = newThreadInfo(tid);
  // libsinsp's threadinfo defaults: ids it cannot know are -1
  t.pid = -1;
  t.ptid = -1;
  t.sid = -1;
  t.vpgid = -1;
  t.vtid = -1;
  t.vpid = -1;
  t.fdlimit = -1;
  t.comm = '<NA>';
  t.exe = '<NA>';
  t.uid = UNKNOWN_ID;
  t.gid = UNKNOWN_ID;
  t.loginuid = UNKNOWN_ID;
  t.incomplete = true;
  t.lastEventTs = ts;
  return t;
}

export function isMainThread(t: ThreadInfo): boolean {
  return t.tid === t.pid;
}
