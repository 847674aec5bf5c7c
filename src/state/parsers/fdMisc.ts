// fds that are not files or sockets (pipes, eventfd, signalfd, timerfd, inotify, epoll, bpf,
// userfaultfd, io_uring, memfd, pidfd), fd copies (dup*, fcntl F_DUPFD*, pidfd_getfd) and close.
// Names are libsinsp's: empty for anonymous fds, the given name for memfd, /proc/<pid> for pidfd.

import { EVENT_CODES as C } from '../../events/eventTable.js';
import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import { copyFd } from '../fdTable.js';
import type { SystemState } from '../systemState.js';
import { PPM_CL } from '../threadInfo.js';
import type { FdInfo, FdType } from '../types.js';
import { PPM_O } from './files.js';
import { anyInt, exitBytes, exitInt, exitStr, exitU64, exitUint, result } from './params.js';

function anonFd(fd: number, type: FdType, openFlags: number, ts: bigint): FdInfo {
  return { fd, type, name: '', openFlags, createdTs: ts };
}

export function parsePipeExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const res = result(evt);
  if (t === undefined || res === undefined || res < 0) return;
  const fd1 = exitInt(evt, 'fd1');
  const fd2 = exitInt(evt, 'fd2');
  if (fd1 === undefined || fd2 === undefined) return;
  const ino = exitUint(evt, 'ino') ?? 0;
  const flags = evt.type === C.PPME_SYSCALL_PIPE2_X ? (exitUint(evt, 'flags') ?? 0) : 0;
  const a = anonFd(fd1, 'pipe', flags, evt.ts);
  a.ino = ino;
  const b = anonFd(fd2, 'pipe', flags, evt.ts);
  b.ino = ino;
  s.attachNewFd(evt, t, a);
  s.addFdTo(t, b);
}

export function parseSocketpairExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const res = result(evt);
  if (t === undefined || res === undefined || res < 0) return;
  const fd1 = exitInt(evt, 'fd1');
  const fd2 = exitInt(evt, 'fd2');
  if (fd1 === undefined || fd2 === undefined || fd1 === fd2) return;
  const source = exitU64(evt, 'source') ?? 0n;
  const peer = exitU64(evt, 'peer') ?? 0n;
  const mk = (fd: number): FdInfo => ({
    fd,
    type: 'unix',
    name: '',
    openFlags: 0,
    createdTs: evt.ts,
    sock: { l4proto: 'unknown', unixSource: source, unixDest: peer },
  });
  s.attachNewFd(evt, t, mk(fd1));
  s.addFdTo(t, mk(fd2));
}

/** Event id → fd type for syscalls that return one new anonymous fd. */
const SINGLE_FD_TYPES = new Map<number, FdType>([
  [C.PPME_SYSCALL_EVENTFD_X, 'event'],
  [C.PPME_SYSCALL_EVENTFD2_X, 'event'],
  [C.PPME_SYSCALL_SIGNALFD_X, 'signalfd'],
  [C.PPME_SYSCALL_SIGNALFD4_X, 'signalfd'],
  [C.PPME_SYSCALL_TIMERFD_CREATE_X, 'timerfd'],
  [C.PPME_SYSCALL_INOTIFY_INIT_X, 'inotify'],
  [C.PPME_SYSCALL_INOTIFY_INIT1_X, 'inotify'],
  [C.PPME_SYSCALL_BPF_2_X, 'bpf'],
  [C.PPME_SYSCALL_BPF_X, 'bpf'],
  [C.PPME_SYSCALL_USERFAULTFD_X, 'userfaultfd'],
  [C.PPME_SYSCALL_IO_URING_SETUP_X, 'io_uring'],
  [C.PPME_SYSCALL_EPOLL_CREATE_X, 'eventpoll'],
  [C.PPME_SYSCALL_EPOLL_CREATE1_X, 'eventpoll'],
]);
const FLAGS_KEPT = new Set<number>([
  C.PPME_SYSCALL_EVENTFD2_X,
  C.PPME_SYSCALL_INOTIFY_INIT1_X,
  C.PPME_SYSCALL_SIGNALFD4_X,
]);

/** Old bpf exits return PT_DYN: index byte (0 = fd, 1 = errno) then an i64. */
function oldBpfFd(evt: SyscallEvent): number | undefined {
  const b = exitBytes(evt, 'res_or_fd');
  if (b === undefined || b.length < 9 || b[0] !== 0) return undefined;
  return Number(b.readBigInt64LE(1));
}

export function parseSingleFdExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const type = SINGLE_FD_TYPES.get(evt.type);
  if (t === undefined || type === undefined) return;
  const fd = evt.type === C.PPME_SYSCALL_BPF_X ? oldBpfFd(evt) : result(evt);
  if (fd === undefined || fd < 0) return;
  const flags = FLAGS_KEPT.has(evt.type) ? (exitUint(evt, 'flags') ?? 0) : 0;
  s.attachNewFd(evt, t, anonFd(fd, type, flags, evt.ts));
}

export function parseMemfdCreateExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const fd = result(evt);
  if (t === undefined || fd === undefined || fd < 0) return;
  const fdi = anonFd(fd, 'memfd', exitUint(evt, 'flags') ?? 0, evt.ts);
  fdi.name = exitStr(evt, 'name') ?? '';
  s.attachNewFd(evt, t, fdi);
}

export function parsePidfdOpenExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const fd = result(evt);
  if (t === undefined || fd === undefined || fd < 0) return;
  const pid = exitInt(evt, 'pid') ?? 0;
  const fdi = anonFd(fd, 'pidfd', exitUint(evt, 'flags') ?? 0, evt.ts);
  fdi.name = `${s.options.hostRoot}/proc/${pid}`;
  fdi.pid = pid;
  s.attachNewFd(evt, t, fdi);
}

export function parsePidfdGetfdExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const fd = result(evt);
  if (t === undefined || fd === undefined || fd < 0) return;
  const pidfd = exitInt(evt, 'pid_fd');
  const targetFd = exitInt(evt, 'target_fd');
  if (pidfd === undefined || targetFd === undefined) return;
  const pidfdInfo = s.threads.fdTable(t, false)?.get(pidfd);
  if (pidfdInfo === undefined || pidfdInfo.type !== 'pidfd' || pidfdInfo.pid === undefined) return;
  const target = s.threads.get(pidfdInfo.pid);
  if (target === undefined) return;
  const source = s.threads.fdTable(target, false)?.get(targetFd);
  if (source === undefined) return;
  s.addFdTo(t, copyFd(source, fd));
}

export function parseDupExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const res = result(evt);
  if (t === undefined || res === undefined || res < 0) return;
  // A shell pipe: the thread dup'd something onto its stdin or stdout.
  if (res === 0) t.flags |= PPM_CL.PIPE_DST;
  if (res === 1) t.flags |= PPM_CL.PIPE_SRC;
  const old = evt.fdInfo;
  if (old === undefined) return;
  if (evt.type === C.PPME_SYSCALL_DUP3_X) {
    const flags = exitUint(evt, 'flags') ?? 0;
    if (flags) old.openFlags |= flags;
    else old.openFlags &= ~PPM_O.CLOEXEC;
  }
  s.attachNewFd(evt, t, copyFd(old, res));
}

const PPM_FCNTL_F_DUPFD = 1;
const PPM_FCNTL_F_DUPFD_CLOEXEC = 26;

export function parseFcntlExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const res = result(evt);
  if (t === undefined || res === undefined || res < 0) return;
  const cmd = anyInt(evt, 'cmd');
  if (cmd !== PPM_FCNTL_F_DUPFD && cmd !== PPM_FCNTL_F_DUPFD_CLOEXEC) return;
  if (evt.fdInfo === undefined) return;
  s.attachNewFd(evt, t, copyFd(evt.fdInfo, res));
}

/** close: only a successful one removes the fd, after the rules saw this event. */
export function parseCloseExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const res = result(evt);
  if (t === undefined || res === undefined || res < 0 || evt.fdInfo === undefined) return;
  s.scheduleFdRemoval(t, evt.fdNum);
}
