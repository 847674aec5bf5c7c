// The parser of each event id, built once from the event table, plus per-id facts the event
// loop needs (uses an fd and where, may create a thread entry, carries no thread).

import { EVENT_CODES as C, EVENT_FLAGS, EVENT_TABLE, PPM_EVENT_MAX } from '../../events/eventTable.js';
import {
  parseAcceptExit,
  parseBindExit,
  parseConnectExit,
  parseRecvExit,
  parseSendExit,
  parseSocketExit,
} from './sockets.js';
import { parseCloneExit } from './clone.js';
import { parseChdirExit, parseChrootExit, parseFchdirExit, parseGetcwdExit } from './cwd.js';
import { parseExecveExit } from './execve.js';
import {
  parseCloseExit,
  parseDupExit,
  parseFcntlExit,
  parseMemfdCreateExit,
  parsePidfdGetfdExit,
  parsePidfdOpenExit,
  parsePipeExit,
  parseSingleFdExit,
  parseSocketpairExit,
} from './fdMisc.js';
import { parseOpenExit } from './files.js';
import {
  parseCapsetExit,
  parseMemoryExit,
  parsePrctlExit,
  parseRlimitExit,
  parseSetGidExit,
  parseSetUidExit,
  parseSetpgidExit,
  parseSetsidExit,
} from './identity.js';
import {
  parseContainerEvent,
  parseContainerJsonEvent,
  parseGroupAdded,
  parseGroupDeleted,
  parseUserAdded,
  parseUserDeleted,
} from './meta.js';
import { parseProcExit } from './procexit.js';
import type { StateParser } from './types.js';

const FAMILIES: ReadonlyArray<[StateParser, readonly number[]]> = [
  [
    parseCloneExit,
    [
      C.PPME_SYSCALL_CLONE_11_X,
      C.PPME_SYSCALL_CLONE_16_X,
      C.PPME_SYSCALL_CLONE_17_X,
      C.PPME_SYSCALL_CLONE_20_X,
      C.PPME_SYSCALL_CLONE3_X,
      C.PPME_SYSCALL_FORK_X,
      C.PPME_SYSCALL_FORK_17_X,
      C.PPME_SYSCALL_FORK_20_X,
      C.PPME_SYSCALL_VFORK_X,
      C.PPME_SYSCALL_VFORK_17_X,
      C.PPME_SYSCALL_VFORK_20_X,
    ],
  ],
  [
    parseExecveExit,
    [
      C.PPME_SYSCALL_EXECVE_8_X,
      C.PPME_SYSCALL_EXECVE_13_X,
      C.PPME_SYSCALL_EXECVE_14_X,
      C.PPME_SYSCALL_EXECVE_15_X,
      C.PPME_SYSCALL_EXECVE_16_X,
      C.PPME_SYSCALL_EXECVE_17_X,
      C.PPME_SYSCALL_EXECVE_18_X,
      C.PPME_SYSCALL_EXECVE_19_X,
      C.PPME_SYSCALL_EXECVEAT_X,
    ],
  ],
  [parseProcExit, [C.PPME_PROCEXIT_E, C.PPME_PROCEXIT_1_E]],
  [
    parseOpenExit,
    [
      C.PPME_SYSCALL_OPEN_X,
      C.PPME_SYSCALL_CREAT_X,
      C.PPME_SYSCALL_OPENAT_X,
      C.PPME_SYSCALL_OPENAT_2_X,
      C.PPME_SYSCALL_OPENAT2_X,
      C.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X,
    ],
  ],
  [parseSocketExit, [C.PPME_SOCKET_SOCKET_X]],
  [parseBindExit, [C.PPME_SOCKET_BIND_X]],
  [parseConnectExit, [C.PPME_SOCKET_CONNECT_X]],
  [
    parseAcceptExit,
    [
      C.PPME_SOCKET_ACCEPT_X,
      C.PPME_SOCKET_ACCEPT_5_X,
      C.PPME_SOCKET_ACCEPT4_X,
      C.PPME_SOCKET_ACCEPT4_5_X,
      C.PPME_SOCKET_ACCEPT4_6_X,
    ],
  ],
  [parseSocketpairExit, [C.PPME_SOCKET_SOCKETPAIR_X]],
  [parseSendExit, [C.PPME_SOCKET_SEND_X, C.PPME_SOCKET_SENDTO_X, C.PPME_SOCKET_SENDMSG_X, C.PPME_SOCKET_SENDMMSG_X]],
  [parseRecvExit, [C.PPME_SOCKET_RECV_X, C.PPME_SOCKET_RECVFROM_X, C.PPME_SOCKET_RECVMSG_X, C.PPME_SOCKET_RECVMMSG_X]],
  [parsePipeExit, [C.PPME_SYSCALL_PIPE_X, C.PPME_SYSCALL_PIPE2_X]],
  [
    parseSingleFdExit,
    [
      C.PPME_SYSCALL_EVENTFD_X,
      C.PPME_SYSCALL_EVENTFD2_X,
      C.PPME_SYSCALL_SIGNALFD_X,
      C.PPME_SYSCALL_SIGNALFD4_X,
      C.PPME_SYSCALL_TIMERFD_CREATE_X,
      C.PPME_SYSCALL_INOTIFY_INIT_X,
      C.PPME_SYSCALL_INOTIFY_INIT1_X,
      C.PPME_SYSCALL_BPF_X,
      C.PPME_SYSCALL_BPF_2_X,
      C.PPME_SYSCALL_USERFAULTFD_X,
      C.PPME_SYSCALL_IO_URING_SETUP_X,
      C.PPME_SYSCALL_EPOLL_CREATE_X,
      C.PPME_SYSCALL_EPOLL_CREATE1_X,
    ],
  ],
  [parseMemfdCreateExit, [C.PPME_SYSCALL_MEMFD_CREATE_X]],
  [parsePidfdOpenExit, [C.PPME_SYSCALL_PIDFD_OPEN_X]],
  [parsePidfdGetfdExit, [C.PPME_SYSCALL_PIDFD_GETFD_X]],
  [parseDupExit, [C.PPME_SYSCALL_DUP_X, C.PPME_SYSCALL_DUP_1_X, C.PPME_SYSCALL_DUP2_X, C.PPME_SYSCALL_DUP3_X]],
  [parseFcntlExit, [C.PPME_SYSCALL_FCNTL_X]],
  [parseCloseExit, [C.PPME_SYSCALL_CLOSE_X]],
  [parseSetUidExit, [C.PPME_SYSCALL_SETUID_X, C.PPME_SYSCALL_SETRESUID_X, C.PPME_SYSCALL_SETREUID_X]],
  [parseSetGidExit, [C.PPME_SYSCALL_SETGID_X, C.PPME_SYSCALL_SETRESGID_X, C.PPME_SYSCALL_SETREGID_X]],
  [parseSetsidExit, [C.PPME_SYSCALL_SETSID_X]],
  [parseSetpgidExit, [C.PPME_SYSCALL_SETPGID_X]],
  [parseCapsetExit, [C.PPME_SYSCALL_CAPSET_X]],
  [parsePrctlExit, [C.PPME_SYSCALL_PRCTL_X]],
  [parseRlimitExit, [C.PPME_SYSCALL_GETRLIMIT_X, C.PPME_SYSCALL_SETRLIMIT_X, C.PPME_SYSCALL_PRLIMIT_X]],
  [parseMemoryExit, [C.PPME_SYSCALL_BRK_4_X, C.PPME_SYSCALL_MMAP_X, C.PPME_SYSCALL_MMAP2_X, C.PPME_SYSCALL_MUNMAP_X]],
  [parseChdirExit, [C.PPME_SYSCALL_CHDIR_X]],
  [parseFchdirExit, [C.PPME_SYSCALL_FCHDIR_X]],
  [parseGetcwdExit, [C.PPME_SYSCALL_GETCWD_X]],
  [parseChrootExit, [C.PPME_SYSCALL_CHROOT_X]],
  [parseContainerEvent, [C.PPME_CONTAINER_E]],
  [parseContainerJsonEvent, [C.PPME_CONTAINER_JSON_E, C.PPME_CONTAINER_JSON_2_E]],
  [parseUserAdded, [C.PPME_USER_ADDED_E]],
  [parseUserDeleted, [C.PPME_USER_DELETED_E]],
  [parseGroupAdded, [C.PPME_GROUP_ADDED_E]],
  [parseGroupDeleted, [C.PPME_GROUP_DELETED_E]],
];

/** Parser by event id (undefined: the event changes no state). */
export const PARSERS: ReadonlyArray<StateParser | undefined> = (() => {
  const table: Array<StateParser | undefined> = new Array(PPM_EVENT_MAX).fill(undefined);
  for (const [parser, ids] of FAMILIES) for (const id of ids) table[id] = parser;
  return table;
})();

export interface EventFacts {
  usesFd: boolean;
  /** Index of the fd parameter this event uses (enter or exit), -1 when none. */
  fdParam: number;
  /** Events about the system, not a thread: no thread is attached or created. */
  noThread: boolean;
  /** First sight of an unknown tid on this event creates an incomplete entry. */
  createsThread: boolean;
}

const FLAG_BITS: Readonly<Record<string, number>> = EVENT_FLAGS;

const NO_THREAD = new Set<number>([
  C.PPME_CONTAINER_E,
  C.PPME_CONTAINER_JSON_E,
  C.PPME_CONTAINER_JSON_2_E,
  C.PPME_USER_ADDED_E,
  C.PPME_USER_DELETED_E,
  C.PPME_GROUP_ADDED_E,
  C.PPME_GROUP_DELETED_E,
  C.PPME_PLUGINEVENT_E,
  C.PPME_ASYNCEVENT_E,
]);

/** Where libsinsp never looks a thread up from the OS: clone exits, schedswitch, procexit. */
const NO_CREATE = new Set<number>([
  ...FAMILIES[0][1],
  C.PPME_PROCEXIT_E,
  C.PPME_PROCEXIT_1_E,
  C.PPME_SCHEDSWITCH_1_E,
  C.PPME_SCHEDSWITCH_6_E,
]);

/** The fd parameter of an fd-using event: `fd`, else `oldfd` / `out_fd`, else the first PT_FD that is not the result. */
function fdParamOf(id: number): number {
  const params = EVENT_TABLE[id].params;
  for (const name of ['fd', 'oldfd', 'out_fd']) {
    const i = params.findIndex((p) => p.name === name);
    if (i >= 0) return i;
  }
  return params.findIndex((p, i) => p.type === 'PT_FD' && !(i === 0 && (id & 1) === 1) && p.name !== 'res');
}

export const EVENT_FACTS: readonly EventFacts[] = EVENT_TABLE.map((e) => {
  const bits = e.flags.reduce((acc, f) => acc | (FLAG_BITS[f] ?? 0), 0);
  const usesFd = (bits & EVENT_FLAGS.EF_USES_FD) !== 0;
  return {
    usesFd,
    fdParam: usesFd ? fdParamOf(e.id) : -1,
    noThread: NO_THREAD.has(e.id),
    createsThread: !NO_CREATE.has(e.id) && !NO_THREAD.has(e.id),
  };
});
