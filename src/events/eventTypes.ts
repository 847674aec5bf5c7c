// Event type names and ids: what `evt.type` values mean for the syscall source. Mirrors
// libsinsp's name handling: a name selects every event id carrying it (all versions, both
// directions); a syscall without a dedicated event is reached through the generic events.

import { EVENT_TABLE, PPM_EVENT_MAX } from './eventTable.js';

/** Id of the generic enter event, used for syscalls without a dedicated event. */
export const GENERIC_ENTER_EVENT_ID = 0;
/** Id of the generic exit event. */
export const GENERIC_EXIT_EVENT_ID = 1;

/**
 * Syscall (and traced kernel event) names known to the driver, indexed by their ppm_sc code.
 * The empty string marks a code that is not assigned. Source facts: `PPM_SC_FIELDS` in
 * falcosecurity/libs driver/ppm_events_public.h, lower-cased as libscap presents them.
 */
export const SYSCALL_NAMES: readonly string[] = Object.freeze([
  'unknown',
  'restart_syscall',
  'exit',
  'read',
  'write',
  'open',
  'close',
  'creat',
  'link',
  'unlink',
  'chdir',
  'time',
  'mknod',
  'chmod',
  'stat',
  'lseek',
  'getpid',
  'mount',
  'ptrace',
  'alarm',
  'fstat',
  'pause',
  'utime',
  'access',
  'sync',
  'kill',
  'rename',
  'mkdir',
  'rmdir',
  'dup',
  'pipe',
  'times',
  'brk',
  'acct',
  'ioctl',
  'fcntl',
  'setpgid',
  'umask',
  'chroot',
  'ustat',
  'dup2',
  'getppid',
  'getpgrp',
  'setsid',
  'sethostname',
  'setrlimit',
  'getrusage',
  'gettimeofday',
  'settimeofday',
  'symlink',
  'lstat',
  'readlink',
  'uselib',
  'swapon',
  'reboot',
  'mmap',
  'munmap',
  'truncate',
  'ftruncate',
  'fchmod',
  'getpriority',
  'setpriority',
  'statfs',
  'fstatfs',
  'syslog',
  'setitimer',
  'getitimer',
  'uname',
  'vhangup',
  'wait4',
  'swapoff',
  'sysinfo',
  'fsync',
  'setdomainname',
  'adjtimex',
  'mprotect',
  'init_module',
  'delete_module',
  'quotactl',
  'getpgid',
  'fchdir',
  'sysfs',
  'personality',
  'getdents',
  'select',
  'flock',
  'msync',
  'readv',
  'writev',
  'getsid',
  'fdatasync',
  'mlock',
  'munlock',
  'mlockall',
  'munlockall',
  'sched_setparam',
  'sched_getparam',
  'sched_setscheduler',
  'sched_getscheduler',
  'sched_yield',
  'sched_get_priority_max',
  'sched_get_priority_min',
  'sched_rr_get_interval',
  'nanosleep',
  'mremap',
  'poll',
  'prctl',
  'rt_sigaction',
  'rt_sigprocmask',
  'rt_sigpending',
  'rt_sigtimedwait',
  'rt_sigqueueinfo',
  'rt_sigsuspend',
  'getcwd',
  'capget',
  'capset',
  'sendfile',
  'getrlimit',
  'lchown',
  'getuid',
  'getgid',
  'geteuid',
  'getegid',
  'setreuid',
  'setregid',
  'getgroups',
  'setgroups',
  'fchown',
  'setresuid',
  'getresuid',
  'setresgid',
  'getresgid',
  'chown',
  'setuid',
  'setgid',
  'setfsuid',
  'setfsgid',
  'pivot_root',
  'mincore',
  'madvise',
  'gettid',
  'setxattr',
  'lsetxattr',
  'fsetxattr',
  'getxattr',
  'lgetxattr',
  'fgetxattr',
  'listxattr',
  'llistxattr',
  'flistxattr',
  'removexattr',
  'lremovexattr',
  'fremovexattr',
  'tkill',
  'futex',
  'sched_setaffinity',
  'sched_getaffinity',
  'set_thread_area',
  'get_thread_area',
  'io_setup',
  'io_destroy',
  'io_getevents',
  'io_submit',
  'io_cancel',
  'exit_group',
  'epoll_create',
  'epoll_ctl',
  'epoll_wait',
  'remap_file_pages',
  'set_tid_address',
  'timer_create',
  'timer_settime',
  'timer_gettime',
  'timer_getoverrun',
  'timer_delete',
  'clock_settime',
  'clock_gettime',
  'clock_getres',
  'clock_nanosleep',
  'tgkill',
  'utimes',
  'mq_open',
  'mq_unlink',
  'mq_timedsend',
  'mq_timedreceive',
  'mq_notify',
  'mq_getsetattr',
  'kexec_load',
  'waitid',
  'add_key',
  'request_key',
  'keyctl',
  'ioprio_set',
  'ioprio_get',
  'inotify_init',
  'inotify_add_watch',
  'inotify_rm_watch',
  'openat',
  'mkdirat',
  'mknodat',
  'fchownat',
  'futimesat',
  'unlinkat',
  'renameat',
  'linkat',
  'symlinkat',
  'readlinkat',
  'fchmodat',
  'faccessat',
  'pselect6',
  'ppoll',
  'unshare',
  'set_robust_list',
  'get_robust_list',
  'splice',
  'tee',
  'vmsplice',
  'getcpu',
  'epoll_pwait',
  'utimensat',
  'signalfd',
  'timerfd_create',
  'eventfd',
  'timerfd_settime',
  'timerfd_gettime',
  'signalfd4',
  'eventfd2',
  'epoll_create1',
  'dup3',
  'pipe2',
  'inotify_init1',
  'preadv',
  'pwritev',
  'rt_tgsigqueueinfo',
  'perf_event_open',
  'fanotify_init',
  'prlimit64',
  'clock_adjtime',
  'syncfs',
  'setns',
  'getdents64',
  'socket',
  'bind',
  'connect',
  'listen',
  'accept',
  'getsockname',
  'getpeername',
  'socketpair',
  'sendto',
  'recvfrom',
  'shutdown',
  'setsockopt',
  'getsockopt',
  'sendmsg',
  'sendmmsg',
  'recvmsg',
  'recvmmsg',
  'accept4',
  'semop',
  'semget',
  'semctl',
  'msgsnd',
  'msgrcv',
  'msgget',
  'msgctl',
  'shmdt',
  'shmget',
  'shmctl',
  'statfs64',
  'fstatfs64',
  'fstatat64',
  'sendfile64',
  'ugetrlimit',
  'bdflush',
  'sigprocmask',
  'ipc',
  'socketcall',
  'stat64',
  'lstat64',
  'fstat64',
  'fcntl64',
  'mmap2',
  '_newselect',
  'sgetmask',
  'ssetmask',
  'sigpending',
  'olduname',
  'umount',
  'signal',
  'nice',
  'stime',
  '_llseek',
  'waitpid',
  'pread64',
  'pwrite64',
  'arch_prctl',
  'shmat',
  'rt_sigreturn',
  'fallocate',
  'newfstatat',
  'process_vm_readv',
  'process_vm_writev',
  'fork',
  'vfork',
  'setuid32',
  'getuid32',
  'setgid32',
  'geteuid32',
  'getgid32',
  'setresuid32',
  'setresgid32',
  'getresuid32',
  'getresgid32',
  'finit_module',
  'bpf',
  'seccomp',
  'sigaltstack',
  'getrandom',
  'fadvise64',
  'renameat2',
  'userfaultfd',
  'openat2',
  'umount2',
  'execve',
  'execveat',
  'copy_file_range',
  'clone',
  'clone3',
  'open_by_handle_at',
  'io_uring_setup',
  'io_uring_enter',
  'io_uring_register',
  'mlock2',
  'getegid32',
  'fsconfig',
  'fspick',
  'fsmount',
  'fsopen',
  'open_tree',
  'move_mount',
  'mount_setattr',
  'memfd_create',
  'memfd_secret',
  'ioperm',
  'kexec_file_load',
  'pidfd_getfd',
  'pidfd_open',
  'pidfd_send_signal',
  'pkey_alloc',
  'pkey_mprotect',
  'pkey_free',
  'landlock_create_ruleset',
  'quotactl_fd',
  'landlock_restrict_self',
  'landlock_add_rule',
  'epoll_pwait2',
  'migrate_pages',
  'move_pages',
  'preadv2',
  'pwritev2',
  'kcmp',
  'sched_setattr',
  'mbind',
  'epoll_ctl_old',
  'lookup_dcookie',
  'modify_ldt',
  'statx',
  'set_mempolicy',
  'io_pgetevents',
  'set_mempolicy_home_node',
  'semtimedop',
  'get_kernel_syms',
  'readahead',
  'futex_waitv',
  'getpmsg',
  'name_to_handle_at',
  'process_mrelease',
  'nfsservctl',
  'epoll_wait_old',
  'rseq',
  'create_module',
  '',
  'sched_getattr',
  'faccessat2',
  '_sysctl',
  'query_module',
  'get_mempolicy',
  'sync_file_range',
  'process_madvise',
  'membarrier',
  'iopl',
  'close_range',
  'fanotify_mark',
  'recv',
  'send',
  'sched_process_exit',
  'sched_switch',
  'page_fault_user',
  'page_fault_kernel',
  'signal_deliver',
]);

function buildIdsByName(): ReadonlyMap<string, readonly number[]> {
  const byName = new Map<string, number[]>();
  for (const info of EVENT_TABLE) {
    const ids = byName.get(info.name);
    if (ids) ids.push(info.id);
    else byName.set(info.name, [info.id]);
  }
  for (const ids of byName.values()) Object.freeze(ids);
  return byName;
}

/** Event name → every event id with that name, ascending (old versions and both directions). */
export const EVENT_IDS_BY_NAME: ReadonlyMap<string, readonly number[]> = buildIdsByName();

/** Event id → event name (`EVENT_NAMES_BY_ID[2] === 'open'`). */
export const EVENT_NAMES_BY_ID: readonly string[] = Object.freeze(EVENT_TABLE.map((e) => e.name));

/** Syscall name → ppm_sc code. */
export const SYSCALL_CODES_BY_NAME: ReadonlyMap<string, number> = new Map(
  SYSCALL_NAMES.flatMap((name, code) => (name === '' ? [] : [[name, code] as const])),
);

/**
 * Every name accepted as an `evt.type` value by the syscall source: the event table's names
 * plus the driver's syscall names (those without a dedicated event match generic events).
 */
export const ALL_EVENT_TYPE_NAMES: ReadonlySet<string> = new Set([
  ...EVENT_IDS_BY_NAME.keys(),
  ...SYSCALL_CODES_BY_NAME.keys(),
]);

/** Whether `name` is a valid `evt.type` value for the syscall source. */
export function isKnownEventTypeName(name: string): boolean {
  return ALL_EVENT_TYPE_NAMES.has(name);
}

/** Falco's error text for an `evt.type` comparison against a name no event or syscall has. */
export function unknownEventTypeMessage(name: string): string {
  return `unknown event type ${name}`;
}

/** The name of an event id (`undefined` when out of range). */
export function eventNameOf(id: number): string | undefined {
  return EVENT_NAMES_BY_ID[id];
}

/** All event ids, 0 to PPM_EVENT_MAX - 1. */
export function allEventIds(): Set<number> {
  const ids = new Set<number>();
  for (let id = 0; id < PPM_EVENT_MAX; id++) ids.add(id);
  return ids;
}

/**
 * The event ids a set of `evt.type` names selects, as libsinsp computes them for rule
 * indexing: every non-generic event whose name is listed; and if some listed name has no
 * event but is a syscall name, both generic events too. Unknown names select nothing.
 */
export function eventIdsForNames(names: Iterable<string>): Set<number> {
  const ids = new Set<number>();
  let needsGeneric = false;
  for (const name of names) {
    const eventIds = EVENT_IDS_BY_NAME.get(name);
    let matchedEvent = false;
    if (eventIds) {
      for (const id of eventIds) {
        if (id === GENERIC_ENTER_EVENT_ID || id === GENERIC_EXIT_EVENT_ID) continue;
        ids.add(id);
        matchedEvent = true;
      }
    }
    if (!matchedEvent && SYSCALL_CODES_BY_NAME.has(name)) needsGeneric = true;
  }
  if (needsGeneric) {
    ids.add(GENERIC_ENTER_EVENT_ID);
    ids.add(GENERIC_EXIT_EVENT_ID);
  }
  return ids;
}

/** Whether an event id is an enter event (even ids) rather than an exit event. */
export function isEnterEvent(id: number): boolean {
  return id % 2 === 0;
}
