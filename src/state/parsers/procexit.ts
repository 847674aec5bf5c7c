// procexit: the thread is marked dead and removed after this event has been seen by the rules
// (libsinsp's delayed removal). The kernel's reaper_tid says where its children go.

import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import type { SystemState } from '../systemState.js';
import { exitInt } from './params.js';

export function parseProcExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  if (t === undefined) return;
  t.dead = true;
  s.scheduleThreadRemoval(t.tid);
  if (s.threads.childrenOf(t.tid).size === 0) return;
  // Newer procexit carries reaper_tid; older ones don't (-1: find one in user space).
  t.reaperTid = exitInt(evt, 'reaper_tid') ?? -1;
}
