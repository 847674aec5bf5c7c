// fd-list blocks (FDL_BLOCK_TYPE, v2): the open fds of one process at capture start. Body: the
// tid, then entries of fd (i64), ino (u64), scap type (u8) and a type-specific payload; v2
// entries start with their u32 length so newer fields can be skipped. Names are rendered as
// libsinsp renders fds imported from /proc: `sip:sport->dip:dport` for connected inet sockets,
// `ip:port` for server sockets, the path for unix sockets and files.

import { formatIpv4, formatIpv6, isV4Mapped } from '../state/decode/sockaddr.js';
import type { FdInfo } from '../state/types.js';
import { Cursor } from './cursor.js';
import { BlockBodyError } from './errors.js';
import { l4protoName, NAMED_FD_TYPES, SCAP_FD } from './fdTypes.js';
import { SCAP_MAX_PATH_SIZE } from './limits.js';

/** Decodes an fd-list block body; returns the number of fds emitted. */
export function decodeFdList(c: Cursor, v2: boolean, emit: (pid: number, fd: FdInfo) => void): number {
  const pid = c.i64n('fd list tid');
  let n = 0;
  while (c.remaining >= 4) {
    const fd = decodeEntry(c, v2);
    if (fd !== undefined) {
      emit(pid, fd);
      n++;
    }
  }
  return n;
}

function fname(c: Cursor): string {
  // libscap rejects names of SCAP_MAX_PATH_SIZE bytes or more.
  return c.str16('fd name', SCAP_MAX_PATH_SIZE - 1);
}

function decodeEntry(c: Cursor, v2: boolean): FdInfo | undefined {
  const at = c.offset;
  let end = -1;
  const blockEnd = c.end;
  if (v2) {
    const len = c.u32('fd entry length');
    end = c.pos - 4 + len;
    if (len < 4 || end > c.end)
      throw new BlockBodyError(at, `fd entry at byte ${at} declares length ${len}, past its block`);
    c.end = end;
  }
  try {
    const fd = decodeFields(c, end);
    if (end >= 0) c.pos = end;
    return fd;
  } finally {
    c.end = blockEnd;
  }
}

function decodeFields(c: Cursor, end: number): FdInfo | undefined {
  const fdNum = c.i64n('fd');
  const ino = c.u64n('ino');
  const code = c.u8('fd type');
  const fd: FdInfo = { fd: fdNum, type: 'unknown', name: '', openFlags: 0, ino };
  switch (code) {
    case SCAP_FD.IPV4_SOCK: {
      const ips = c.bytes(8, 'ipv4 addresses');
      const sport = c.u16('sport');
      const dport = c.u16('dport');
      const l4proto = l4protoName(c.u8('l4proto'));
      const sip = formatIpv4(ips, 0);
      const dip = formatIpv4(ips, 4);
      fd.type = 'ipv4';
      fd.sock = { l4proto, sip, sport, dip, dport };
      fd.name = `${sip}:${sport}->${dip}:${dport}`;
      break;
    }
    case SCAP_FD.IPV4_SERVSOCK: {
      const ip = formatIpv4(c.bytes(4, 'ipv4 address'), 0);
      const port = c.u16('port');
      const l4proto = l4protoName(c.u8('l4proto'));
      fd.type = 'ipv4';
      fd.sock = { l4proto, dip: ip, dport: port, serverSocket: true, isServer: true };
      fd.name = `${ip}:${port}`;
      break;
    }
    case SCAP_FD.IPV6_SOCK: {
      const ips = c.bytes(32, 'ipv6 addresses');
      const sport = c.u16('sport');
      const dport = c.u16('dport');
      const l4proto = l4protoName(c.u8('l4proto'));
      // libsinsp turns a socket with both ends IPv4-mapped into an IPv4 one.
      const mapped = isV4Mapped(ips, 0) && isV4Mapped(ips, 16);
      const sip = mapped ? formatIpv4(ips, 12) : formatIpv6(ips, 0);
      const dip = mapped ? formatIpv4(ips, 28) : formatIpv6(ips, 16);
      fd.type = mapped ? 'ipv4' : 'ipv6';
      fd.sock = { l4proto, sip, sport, dip, dport };
      fd.name = `${sip}:${sport}->${dip}:${dport}`;
      break;
    }
    case SCAP_FD.IPV6_SERVSOCK: {
      const ip = formatIpv6(c.bytes(16, 'ipv6 address'), 0);
      const port = c.u16('port');
      const l4proto = l4protoName(c.u8('l4proto'));
      fd.type = 'ipv6';
      fd.sock = { l4proto, dip: ip, dport: port, serverSocket: true, isServer: true };
      fd.name = `${ip}:${port}`;
      break;
    }
    case SCAP_FD.UNIX_SOCK: {
      const unixSource = c.u64('unix source');
      const unixDest = c.u64('unix destination');
      const path = fname(c);
      fd.type = 'unix';
      fd.name = path;
      // A named unix socket found in /proc is taken to be the listening end.
      fd.sock = { l4proto: 'unknown', unixPath: path, unixSource, unixDest, isServer: path !== '' };
      break;
    }
    case SCAP_FD.FILE_V2: {
      fd.openFlags = c.u32('open flags');
      fd.type = 'file';
      fd.name = fname(c);
      if (end >= 0 && c.pos + 4 <= end) fd.dev = c.u32('dev');
      break;
    }
    case SCAP_FD.UNKNOWN:
      // libsinsp does not add fds of unknown type; v1 entries of this type carry nothing more.
      return undefined;
    default: {
      const named = NAMED_FD_TYPES.get(code);
      if (named === undefined) {
        // A type from a newer library: libscap keeps it as unsupported, with this name.
        fd.type = 'unknown';
        fd.name = `unknown-type:[${code}]`;
      } else {
        fd.type = named;
        fd.name = fname(c);
      }
    }
  }
  return fd;
}
