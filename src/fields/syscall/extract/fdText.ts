// How libsinsp names descriptor kinds (`fd.type`, `fd.typechar`, the `<f>` in rendered fds) and
// joins relative paths to a base directory.

import type { FdInfo, FdType } from '../../../state/types.js';

const TYPE_CHARS: Readonly<Record<FdType, string>> = {
  file: 'f',
  directory: 'd',
  ipv4: '4',
  ipv6: '6',
  unix: 'u',
  pipe: 'p',
  event: 'e',
  signalfd: 's',
  eventpoll: 'l',
  inotify: 'i',
  timerfd: 't',
  netlink: 'n',
  bpf: 'b',
  userfaultfd: 'u',
  io_uring: 'r',
  memfd: 'm',
  pidfd: 'P',
  unknown: 'o',
};

export function fdTypeChar(type: FdType): string {
  return TYPE_CHARS[type] ?? 'o';
}

/** `fd.type`: the kind's name; undefined for descriptors of unknown kind. */
export function fdTypeName(type: FdType): string | undefined {
  return type === 'unknown' ? undefined : type;
}

export function isSocket(fd: FdInfo): boolean {
  return fd.type === 'ipv4' || fd.type === 'ipv6';
}

const L4_CHARS: Readonly<Record<string, string>> = { tcp: 't', udp: 'u', icmp: 'i', raw: 'r' };

/** The `<...>` tag of a rendered fd: kind char, plus the transport for IP sockets (`<4t>`). */
export function fdTag(fd: FdInfo): string {
  const proto = isSocket(fd) && fd.sock ? (L4_CHARS[fd.sock.l4proto] ?? '') : '';
  return `<${fdTypeChar(fd.type)}${proto}>`;
}

/** Replaces characters libsinsp refuses in names (control characters) by nothing, as it does. */
export function sanitize(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return s.replace(/[\x00-\x1f\x7f]/g, '');
  }
  return s;
}

/**
 * A path made absolute against `base` and normalised (`.`, `..`, repeated slashes), as
 * sinsp_utils::concatenate_paths does. An absolute path ignores the base.
 */
export function concatenatePaths(base: string, path: string): string {
  const full = path.startsWith('/')
    ? path
    : base.length === 0
      ? path
      : base.endsWith('/')
        ? base + path
        : `${base}/${path}`;
  if (!full.startsWith('/')) return full;
  const parts: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
