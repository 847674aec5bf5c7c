// scap fd type codes (scap_fd_type) and layer-4 protocol codes (scap_l4_proto), with the names
// the state uses for them.

import type { FdType, L4Proto } from '../state/types.js';

export const SCAP_FD = {
  UNKNOWN: 0,
  FILE: 1,
  DIRECTORY: 2,
  IPV4_SOCK: 3,
  IPV6_SOCK: 4,
  IPV4_SERVSOCK: 5,
  IPV6_SERVSOCK: 6,
  FIFO: 7,
  UNIX_SOCK: 8,
  EVENT: 9,
  UNSUPPORTED: 10,
  SIGNALFD: 11,
  EVENTPOLL: 12,
  INOTIFY: 13,
  TIMERFD: 14,
  NETLINK: 15,
  FILE_V2: 16,
  BPF: 17,
  USERFAULTFD: 18,
  IOURING: 19,
  MEMFD: 20,
  PIDFD: 21,
} as const;

/** FdType for the scap codes whose payload is just a name. */
export const NAMED_FD_TYPES: ReadonlyMap<number, FdType> = new Map<number, FdType>([
  [SCAP_FD.FILE, 'file'],
  [SCAP_FD.DIRECTORY, 'directory'],
  [SCAP_FD.FIFO, 'pipe'],
  [SCAP_FD.EVENT, 'event'],
  [SCAP_FD.UNSUPPORTED, 'unknown'],
  [SCAP_FD.SIGNALFD, 'signalfd'],
  [SCAP_FD.EVENTPOLL, 'eventpoll'],
  [SCAP_FD.INOTIFY, 'inotify'],
  [SCAP_FD.TIMERFD, 'timerfd'],
  [SCAP_FD.NETLINK, 'netlink'],
  [SCAP_FD.BPF, 'bpf'],
  [SCAP_FD.USERFAULTFD, 'userfaultfd'],
  [SCAP_FD.IOURING, 'io_uring'],
  [SCAP_FD.MEMFD, 'memfd'],
  [SCAP_FD.PIDFD, 'pidfd'],
]);

/** The scap code the writer uses for an FdInfo that carries only a name. */
export const NAMED_FD_CODES: ReadonlyMap<FdType, number> = new Map<FdType, number>(
  [...NAMED_FD_TYPES].map(([code, type]) => [type, code] as [FdType, number]),
);

export const SCAP_L4 = { UNKNOWN: 0, NA: 1, TCP: 2, UDP: 3, ICMP: 4, RAW: 5 } as const;

export function l4protoName(code: number): L4Proto {
  switch (code) {
    case SCAP_L4.TCP:
      return 'tcp';
    case SCAP_L4.UDP:
      return 'udp';
    case SCAP_L4.ICMP:
      return 'icmp';
    case SCAP_L4.RAW:
      return 'raw';
    default:
      return 'unknown';
  }
}

export function l4protoCode(p: L4Proto | undefined): number {
  switch (p) {
    case 'tcp':
      return SCAP_L4.TCP;
    case 'udp':
      return SCAP_L4.UDP;
    case 'icmp':
      return SCAP_L4.ICMP;
    case 'raw':
      return SCAP_L4.RAW;
    default:
      return SCAP_L4.UNKNOWN;
  }
}
