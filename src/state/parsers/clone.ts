// clone/clone3/fork/vfork exits (every version: the parameters are read by name, older ones
// simply lack some). The caller's exit (res = child tid) creates the child from the caller's
// data when it can; the child's own exit (res = 0) creates it from its parent (or its thread
// leader) when the caller's did not, as libsinsp does.

import { EVENT_CODES as C } from '../../events/eventTable.js';
import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import { splitNulStrings } from '../decode/strings.js';
import type { SystemState } from '../systemState.js';
import { PPM_CL, newThreadInfo } from '../threadInfo.js';
import type { ThreadInfo } from '../types.js';
import { exitBytes, exitInt, exitStr, exitU64, exitUint, hasParam, result } from './params.js';

/** A child entry younger than this was made by the caller's exit; the child's exit keeps it. */
const CLONE_STALE_TIME_NS = 2_000_000_000n;

const VFORK_EXITS = new Set<number>([C.PPME_SYSCALL_VFORK_X, C.PPME_SYSCALL_VFORK_17_X, C.PPME_SYSCALL_VFORK_20_X]);

export function parseCloneExit(s: SystemState, evt: SyscallEvent): void {
  const res = result(evt);
  if (res === undefined || res < 0) return;
  if (res === 0) parseChildSide(s, evt);
  else parseCallerSide(s, evt, res);
}

/** Fields every clone version carries, for a fresh child entry. */
function fillFromEvent(s: SystemState, evt: SyscallEvent, child: ThreadInfo): void {
  child.exe = exitStr(evt, 'exe') ?? '';
  child.args = splitNulStrings(exitBytes(evt, 'args'));
  const comm = exitStr(evt, 'comm');
  child.comm = comm !== undefined && comm !== '' ? comm : child.exe;
  child.fdlimit = exitInt(evt, 'fdlimit') ?? 0;
  if (hasParam(evt, 'vm_swap', false)) {
    child.pfMajor = exitUint(evt, 'pgft_maj') ?? 0;
    child.pfMinor = exitUint(evt, 'pgft_min') ?? 0;
    child.vmSize = exitUint(evt, 'vm_size') ?? 0;
    child.vmRss = exitUint(evt, 'vm_rss') ?? 0;
    child.vmSwap = exitUint(evt, 'vm_swap') ?? 0;
  }
  child.uid = exitUint(evt, 'uid') ?? 0;
  child.gid = exitUint(evt, 'gid') ?? 0;
  const cg = exitBytes(evt, 'cgroups');
  if (cg !== undefined) s.setCgroupsFromBytes(child, cg);
  child.cloneTs = evt.ts;
  child.lastEventTs = evt.ts;
}

/** Data a child takes from the thread it was cloned from (libsinsp's "valid caller" copy). */
function inheritFrom(child: ThreadInfo, from: ThreadInfo): void {
  child.exepath = from.exepath;
  child.exeWritable = from.exeWritable;
  child.exeUpperLayer = from.exeUpperLayer;
  child.exeLowerLayer = from.exeLowerLayer;
  child.exeFromMemfd = from.exeFromMemfd;
  child.root = from.root;
  child.sid = from.sid;
  child.vpgid = from.vpgid;
  child.pgid = from.pgid;
  child.tty = from.tty;
  child.loginuid = from.loginuid;
  child.capPermitted = from.capPermitted;
  child.capInheritable = from.capInheritable;
  child.capEffective = from.capEffective;
  child.exeIno = from.exeIno;
  child.exeInoCtime = from.exeInoCtime;
  child.exeInoMtime = from.exeInoMtime;
  child.trustedExepath = from.trustedExepath;
  // Old clone versions have no cgroups parameter: the child stays in its parent's container.
  if (child.cgroups.length === 0 && from.cgroups.length > 0) {
    child.cgroups = from.cgroups;
    child.containerId = from.containerId;
  }
}

function parseCallerSide(s: SystemState, evt: SyscallEvent, childTid: number): void {
  const callerTid = evt.tid;
  let caller = evt.thread ?? s.createIncompleteThread(callerTid, evt.ts);
  if (caller === undefined) return;
  evt.thread = caller;
  let validCaller = true;
  if (caller.incomplete) {
    validCaller = false;
    const pid = exitInt(evt, 'pid');
    const ptid = exitInt(evt, 'ptid');
    if (pid !== undefined && ptid !== undefined) {
      caller.pid = pid;
      caller.ptid = ptid;
      const vtid = exitInt(evt, 'vtid');
      const vpid = exitInt(evt, 'vpid');
      caller.vtid = vpid !== undefined ? (vtid ?? callerTid) : callerTid;
      caller.vpid = vpid ?? -1;
      s.completeThread(caller);
      caller = evt.thread ?? caller;
    }
  }
  const flags = exitUint(evt, 'flags') ?? 0;
  // A child in another pid namespace is created by its own exit event: its tid here is not ours.
  if (flags & (PPM_CL.CHILD_IN_PIDNS | PPM_CL.CLONE_NEWPID | PPM_CL.CLONE_PARENT) || callerTid !== caller.vtid) return;
  // vfork: the child may already have exited before the parent returns; its own exit adds it.
  if (flags & PPM_CL.CLONE_VFORK || VFORK_EXITS.has(evt.type)) return;

  const existing = s.threads.get(childTid);
  if (existing !== undefined) {
    if (existing.flags & PPM_CL.CLONE_INVERTED) return;
    s.threads.remove(childTid);
  }
  const child = newThreadInfo(childTid);
  child.flags = flags;
  if (!(flags & PPM_CL.CLONE_THREAD)) {
    if (validCaller) {
      const table = s.threads.fdTable(caller, false);
      if (table !== undefined) s.threads.setFdTable(childTid, table.cloneFor());
      child.cwd = caller.cwd;
      child.env = caller.env;
    }
    child.pid = childTid;
    child.ptid = caller.tid;
  } else {
    child.pid = caller.pid;
    child.ptid = caller.ptid;
    child.flags |= PPM_CL.CLONE_FILES;
    child.lastExecTs = caller.lastExecTs;
  }
  child.vtid = childTid;
  child.vpid = child.pid;
  fillFromEvent(s, evt, child);
  child.pidnsInitStartTs = s.bootTs;
  if (validCaller) inheritFrom(child, caller);
  else {
    caller.exe = child.exe;
    caller.comm = child.comm;
    caller.args = child.args;
  }
  s.threads.add(child);
}

function parseChildSide(s: SystemState, evt: SyscallEvent): void {
  const childTid = evt.tid;
  const known = evt.thread;
  if (known !== undefined && known.cloneTs !== 0n) {
    if (evt.ts - known.cloneTs < CLONE_STALE_TIME_NS) return;
    s.threads.remove(childTid);
    evt.thread = undefined;
  }
  const child = newThreadInfo(childTid);
  child.pid = exitInt(evt, 'pid') ?? childTid;
  child.ptid = exitInt(evt, 'ptid') ?? 0;
  const vpid = exitInt(evt, 'vpid');
  if (vpid !== undefined) {
    child.vtid = exitInt(evt, 'vtid') ?? childTid;
    child.vpid = vpid;
  } else {
    child.vtid = childTid;
    child.vpid = -1;
  }
  child.flags = (exitUint(evt, 'flags') ?? 0) | PPM_CL.CLONE_INVERTED;
  const leader = !(child.flags & PPM_CL.CLONE_THREAD);
  const lookupTid = leader ? child.ptid : child.pid;
  if (!leader) child.flags |= PPM_CL.CLONE_FILES;

  const lookup = s.threads.get(lookupTid) ?? s.createIncompleteThread(lookupTid, evt.ts);
  if (lookup === undefined) {
    evt.thread = undefined;
    return;
  }
  let validLookup = true;
  if (lookup.incomplete) {
    validLookup = false;
    if (!leader) {
      lookup.pid = child.pid;
      lookup.ptid = child.ptid;
      lookup.vpid = child.vpid;
      lookup.vtid = lookup.vpid;
      s.completeThread(lookup);
    }
  }
  fillFromEvent(s, evt, child);
  if (validLookup) {
    inheritFrom(child, lookup);
    if (leader) {
      const table = s.threads.fdTable(lookup, false);
      if (table !== undefined) s.threads.setFdTable(child.pid, table.cloneFor());
      child.cwd = lookup.cwd;
      child.env = lookup.env;
    } else child.lastExecTs = lookup.lastExecTs;
  } else if (!leader) {
    lookup.exe = child.exe;
    lookup.comm = child.comm;
    lookup.args = child.args;
  }
  const inNs = child.flags & (PPM_CL.CHILD_IN_PIDNS | PPM_CL.CLONE_NEWPID) || child.tid !== child.vtid;
  if (inNs) {
    const nsStart = exitU64(evt, 'pidns_init_start_ts');
    if (nsStart !== undefined) child.pidnsInitStartTs = nsStart + s.bootTs;
  } else child.pidnsInitStartTs = s.bootTs;
  evt.thread = s.threads.add(child);
}
