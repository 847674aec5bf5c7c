// Which syscalls the live sensor captures, chosen as Falco chooses them with `base_syscalls`: the
// syscalls the loaded rules can match, plus those the system state needs to stay right (process
// lifecycle, identity, fds). Everything else is dropped in the kernel before its arguments are
// read. `custom_set` adds names (`!name` removes one), `repair` keeps only the state syscalls the
// chosen ones need, `all` captures everything.

import type { BaseSyscallsConfig } from '../../config/types.js';
import { EVENT_TABLE } from '../../events/eventTable.js';
import { SYSCALL_NAMES } from '../../events/eventTypes.js';

/** Process lifecycle and identity: without these, proc.* and user.* fields go stale. */
const PROCESS_STATE = [
  'clone',
  'clone3',
  'fork',
  'vfork',
  'execve',
  'execveat',
  'setuid',
  'setgid',
  'setresuid',
  'setresgid',
  'setreuid',
  'setregid',
  'setsid',
  'setpgid',
  'prctl',
  'capset',
  'chdir',
  'fchdir',
  'chroot',
  'unshare',
  'setns',
];

/** Descriptor lifecycle: without these, fd.* fields go stale. */
const FD_STATE = [
  'open',
  'openat',
  'openat2',
  'creat',
  'open_by_handle_at',
  'close',
  'close_range',
  'dup',
  'dup2',
  'dup3',
  'fcntl',
  'socket',
  'socketpair',
  'connect',
  'accept',
  'accept4',
  'bind',
  'listen',
  'pipe',
  'pipe2',
  'eventfd',
  'eventfd2',
  'signalfd',
  'signalfd4',
  'timerfd_create',
  'inotify_init',
  'inotify_init1',
  'epoll_create',
  'epoll_create1',
  'memfd_create',
  'userfaultfd',
  'io_uring_setup',
  'bpf',
  'pidfd_open',
  'pidfd_getfd',
];

/** Every syscall the state parsers use (Falco's sinsp state set). */
export const STATE_SYSCALLS: ReadonlySet<string> = new Set([...PROCESS_STATE, ...FD_STATE]);

export class SyscallSelectionError extends Error {}

const KNOWN_SYSCALLS: ReadonlySet<string> = new Set(SYSCALL_NAMES.filter((n) => n !== '' && n !== 'unknown'));

/** Syscall names the events of these ids belong to (an id names its syscall, generic ones none). */
export function syscallsOfEventIds(ids: Iterable<number>): Set<string> {
  const out = new Set<string>();
  for (const id of ids) {
    const e = EVENT_TABLE[id];
    if (e === undefined || !e.category.includes('EC_SYSCALL')) continue;
    if (KNOWN_SYSCALLS.has(e.name)) out.add(e.name);
  }
  return out;
}

/**
 * The syscalls to capture. `ruleSyscalls` are the names the rules match (from their event types;
 * rules matching every event type make the selection `all`). Unknown names in custom_set are an
 * error naming them.
 */
export function selectSyscalls(
  ruleSyscalls: ReadonlySet<string> | 'all',
  config: BaseSyscallsConfig,
): Set<string> | 'all' {
  const unknown = config.customSet.map((n) => n.replace(/^!/, '')).filter((n) => !KNOWN_SYSCALLS.has(n));
  if (unknown.length > 0) {
    throw new SyscallSelectionError(`base_syscalls.custom_set: unknown syscall names: ${unknown.join(', ')}`);
  }
  if (config.all || ruleSyscalls === 'all') return 'all';
  const adds = config.customSet.filter((n) => !n.startsWith('!'));
  const removes = new Set(config.customSet.filter((n) => n.startsWith('!')).map((n) => n.slice(1)));
  const chosen = new Set([...ruleSyscalls, ...adds]);
  if (config.repair) {
    // Only what the chosen syscalls need: the process lifecycle always (every event needs its
    // thread), and the fd lifecycle when any chosen syscall works on fds.
    for (const n of PROCESS_STATE) chosen.add(n);
    const usesFds = [...chosen].some((n) => !PROCESS_STATE.includes(n));
    if (usesFds)
      for (const n of ['close', 'dup', 'dup2', 'dup3', 'fcntl', 'socket', 'accept', 'accept4']) chosen.add(n);
  } else if (adds.length === 0) {
    for (const n of STATE_SYSCALLS) chosen.add(n);
  } else {
    // A custom set without repair is taken as given, plus the process lifecycle Falco always keeps.
    for (const n of ['clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat']) chosen.add(n);
  }
  for (const n of removes) chosen.delete(n);
  return chosen;
}
