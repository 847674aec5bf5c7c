// Walking a thread's process tree through the state: main thread, parent, N-th ancestor, and the
// leader of a session or process group, as libsinsp finds them.

import type { ThreadInfo } from '../../../state/types.js';
import type { SystemStateView } from '../../../state/view.js';
import type { SyscallEvent } from '../../../sources/syscall/syscallEvent.js';

/** Ancestor walks stop here, so a corrupt tree (a loop) cannot hang extraction. */
export const MAX_ANCESTRY = 256;

export function mainThread(evt: SyscallEvent): ThreadInfo | undefined {
  const t = evt.thread;
  if (!t) return undefined;
  if (t.tid === t.pid || !evt.state) return t;
  return evt.state.mainThread(t) ?? t;
}

export function parentOf(state: SystemStateView | undefined, t: ThreadInfo): ThreadInfo | undefined {
  if (!state) return undefined;
  const p = state.parent(t);
  return p === t ? undefined : p;
}

/** Level 0 is the process itself, 1 its parent, and so on; undefined past the known tree. */
export function ancestor(evt: SyscallEvent, level: number): ThreadInfo | undefined {
  let t = mainThread(evt);
  for (let j = 0; j < level && t !== undefined && j < MAX_ANCESTRY; j++) t = parentOf(evt.state, t);
  return t;
}

/** Every ancestor from the parent up (for fields used without a level). */
export function ancestors(evt: SyscallEvent): ThreadInfo[] {
  const out: ThreadInfo[] = [];
  const start = mainThread(evt);
  let t = start ? parentOf(evt.state, start) : undefined;
  while (t !== undefined && out.length < MAX_ANCESTRY && t !== start) {
    out.push(t);
    t = parentOf(evt.state, t);
  }
  return out;
}

/** Whether the thread runs in a pid namespace of its own (its ids differ from the host's). */
export function inPidNamespace(t: ThreadInfo): boolean {
  return t.vtid > 0 && t.vtid !== t.tid;
}

/**
 * The leader of a group of processes sharing an id (session, process group): the process with
 * that pid when it is known on the host, else the oldest ancestor still sharing the id.
 */
export function groupLeader(
  evt: SyscallEvent,
  idOf: (t: ThreadInfo) => number,
  byPid: boolean,
): ThreadInfo | undefined {
  const t = evt.thread;
  if (!t) return undefined;
  if (byPid && !inPidNamespace(t)) {
    const leader = evt.state?.thread(idOf(t));
    if (leader) return leader;
  }
  let leader = mainThread(evt);
  if (!leader) return undefined;
  const id = idOf(leader);
  for (let p = parentOf(evt.state, leader), n = 0; p !== undefined && n < MAX_ANCESTRY; n++) {
    if (idOf(p) !== id) break;
    leader = p;
    p = parentOf(evt.state, p);
  }
  return leader;
}
