// From the event types rules need to the x86_64 syscalls the sensor must capture: an event's
// table name is its syscall's name (openat, execve, clone3...), except the few events that are
// not syscalls (procexit, which the sensor reports from sched_process_exit).

import { EVENT_CODES, EVENT_TABLE } from '../events/eventTable.js';
import { X86_64_SYSCALL_NUMBERS } from './syscallNumbersX64.js';

/** Event ids the sensor produces without a syscall. */
const PROCEXIT_IDS = new Set<number>([EVENT_CODES.PPME_PROCEXIT_E, EVENT_CODES.PPME_PROCEXIT_1_E]);

export interface SyscallSelection {
  /** Sorted, unique x86_64 syscall numbers. */
  syscalls: number[];
  /** Whether procexit events are wanted. */
  procExit: boolean;
}

/** Syscall numbers (and whether procexit is needed) for a set of event type ids. Unknown ids are ignored. */
export function syscallSelectionFor(eventTypeIds: Iterable<number>): SyscallSelection {
  const nrs = new Set<number>();
  let procExit = false;
  for (const id of eventTypeIds) {
    if (PROCEXIT_IDS.has(id)) {
      procExit = true;
      continue;
    }
    const info = EVENT_TABLE[id];
    if (info === undefined) continue;
    const nr = X86_64_SYSCALL_NUMBERS[info.name];
    if (nr !== undefined) nrs.add(nr);
  }
  return { syscalls: [...nrs].sort((a, b) => a - b), procExit };
}

/** x86_64 syscall numbers for the given event type ids (procexit is not a syscall: see syscallSelectionFor). */
export function syscallNumbersFor(eventTypeIds: Iterable<number>): number[] {
  return syscallSelectionFor(eventTypeIds).syscalls;
}

/** The syscall number of a name, or undefined. */
export function syscallNumber(name: string): number | undefined {
  return X86_64_SYSCALL_NUMBERS[name];
}
