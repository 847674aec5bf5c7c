// Process attributes a syscall changes: user and group ids, session, process group,
// capabilities, the child-subreaper mark and (optionally) the name set with prctl.

import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import type { SystemState } from '../systemState.js';
import { anyInt, anyUint, exitInt, exitStr, exitU64, result } from './params.js';

/** (uid_t)-1 asks setreuid/setresuid (and the gid calls) to keep an id. */
const KEEP_ID = 0xffffffff;

/** setuid(uid); setresuid/setreuid set the effective uid (libsinsp's m_uid), unless kept (-1). */
export function parseSetUidExit(s: SystemState, evt: SyscallEvent): void {
  if (result(evt) !== 0 || evt.thread === undefined) return;
  const uid = anyUint(evt, 'euid') ?? anyUint(evt, 'uid');
  if (uid === undefined || uid === KEEP_ID) return;
  evt.thread.uid = uid;
  evt.thread.euid = uid;
}

export function parseSetGidExit(s: SystemState, evt: SyscallEvent): void {
  if (result(evt) !== 0 || evt.thread === undefined) return;
  const gid = anyUint(evt, 'egid') ?? anyUint(evt, 'gid');
  if (gid === undefined || gid === KEEP_ID) return;
  evt.thread.gid = gid;
  evt.thread.egid = gid;
}

export function parseSetsidExit(_s: SystemState, evt: SyscallEvent): void {
  const res = result(evt);
  if (res === undefined || res < 0 || evt.thread === undefined) return;
  evt.thread.sid = res;
}

/** setpgid(pid, pgid): pid 0 is the caller, pgid 0 makes the target its own group leader. */
export function parseSetpgidExit(s: SystemState, evt: SyscallEvent): void {
  if (result(evt) !== 0 || evt.thread === undefined) return;
  const pid = anyInt(evt, 'pid') ?? 0;
  const pgid = anyInt(evt, 'pgid') ?? 0;
  const target = pid === 0 ? evt.thread : s.threads.get(pid);
  if (target === undefined) return;
  target.pgid = pgid === 0 ? target.pid : pgid;
  // In the init pid namespace the virtual group id is the same number.
  if (target.tid === target.vtid) target.vpgid = target.pgid;
}

export function parseCapsetExit(_s: SystemState, evt: SyscallEvent): void {
  const res = result(evt);
  if (res === undefined || res < 0 || evt.thread === undefined) return;
  const t = evt.thread;
  t.capInheritable = exitU64(evt, 'cap_inheritable') ?? t.capInheritable;
  t.capPermitted = exitU64(evt, 'cap_permitted') ?? t.capPermitted;
  t.capEffective = exitU64(evt, 'cap_effective') ?? t.capEffective;
}

const PR_SET_NAME = 15;
const PR_SET_CHILD_SUBREAPER = 36;
const PR_GET_CHILD_SUBREAPER = 37;
/** The kernel keeps 15 characters of a thread's name. */
const TASK_COMM_LEN = 15;

export function parsePrctlExit(s: SystemState, evt: SyscallEvent): void {
  const res = result(evt);
  const t = evt.thread;
  if (res === undefined || res < 0 || t === undefined || t.incomplete) return;
  const option = exitInt(evt, 'option');
  if (option === PR_SET_CHILD_SUBREAPER || option === PR_GET_CHILD_SUBREAPER) {
    s.threads.setReaper(t.pid, (exitInt(evt, 'arg2_int') ?? 0) !== 0);
  } else if (option === PR_SET_NAME && s.options.prctlSetsComm) {
    const name = exitStr(evt, 'arg2_str');
    if (name !== undefined) t.comm = name.slice(0, TASK_COMM_LEN);
  }
}

const PPM_RLIMIT_NOFILE = 7;

/** getrlimit/setrlimit/prlimit on RLIMIT_NOFILE update the process' fd limit. */
export function parseRlimitExit(s: SystemState, evt: SyscallEvent): void {
  if (result(evt) !== 0 || evt.thread === undefined) return;
  if (anyInt(evt, 'resource') !== PPM_RLIMIT_NOFILE) return;
  const cur = exitInt(evt, 'cur') ?? exitInt(evt, 'newcur');
  if (cur === undefined || cur === -1) return;
  let target = evt.thread;
  const pid = exitInt(evt, 'pid');
  if (pid !== undefined && pid !== 0) {
    const other = s.threads.get(pid);
    if (other === undefined || other.incomplete) return;
    target = other;
  }
  const main = s.threads.mainThread(target);
  if (main !== undefined) main.fdlimit = cur;
}

/** brk/mmap/munmap exits report the process' memory sizes. */
export function parseMemoryExit(_s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  if (t === undefined) return;
  const size = exitInt(evt, 'vm_size');
  if (size !== undefined) t.vmSize = size;
  const rss = exitInt(evt, 'vm_rss');
  const swap = exitInt(evt, 'vm_swap');
  if (rss !== undefined && swap !== undefined) {
    t.vmRss = rss;
    t.vmSwap = swap;
  }
}
