// Socket state: socket() makes an fd of the family's type and protocol, bind() makes it a server
// socket, connect() fills its tuple (client role), accept() makes a connected server-side fd,
// and datagram sends/receives teach the tuple of sockets whose peer was not known. fd names are
// libsinsp's: `sip:sport->dip:dport` for IP sockets, `<src hex>-><dst hex> <path>` for unix ones.

import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import {
  PPM_AF_INET,
  PPM_AF_INET6,
  PPM_AF_NETLINK,
  PPM_AF_UNIX,
  decodeSockaddr,
  decodeSocktuple,
  endpointText,
  sockaddrText,
  unixTupleText,
  type InetTuple,
  type SockAddr,
  type SockTuple,
} from '../decode/sockaddr.js';
import type { SystemState } from '../systemState.js';
import type { FdInfo, L4Proto, SocketInfo } from '../types.js';
import { anyBytes, anyUint, enterBytes, exitBytes, result } from './params.js';

const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_RAW = 3;
const IPPROTO_IP = 0;
const IPPROTO_ICMP = 1;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_RAW = 255;
const EINPROGRESS = 115;

function l4protoOf(type: number, protocol: number): L4Proto {
  switch (protocol) {
    case IPPROTO_TCP:
      return type === SOCK_RAW ? 'raw' : 'tcp';
    case IPPROTO_UDP:
      return type === SOCK_RAW ? 'raw' : 'udp';
    case IPPROTO_IP:
      // type may carry SOCK_NONBLOCK / SOCK_CLOEXEC in its high bits.
      if ((type & 0xff) === SOCK_STREAM) return 'tcp';
      if ((type & 0xff) === SOCK_DGRAM) return 'udp';
      return 'unknown';
    case IPPROTO_ICMP:
      return type === SOCK_RAW ? 'raw' : 'icmp';
    case IPPROTO_RAW:
      return 'raw';
    default:
      return 'unknown';
  }
}

export function newSocketFd(fd: number, domain: number, type: number, protocol: number, ts: bigint): FdInfo {
  const fdi: FdInfo = { fd, type: 'unknown', name: '', openFlags: 0, createdTs: ts, sock: { l4proto: 'unknown' } };
  if (domain === PPM_AF_UNIX) fdi.type = 'unix';
  else if (domain === PPM_AF_INET || domain === PPM_AF_INET6) {
    fdi.type = domain === PPM_AF_INET ? 'ipv4' : 'ipv6';
    fdi.sock = { l4proto: l4protoOf(type, protocol) };
  } else if (domain === PPM_AF_NETLINK) fdi.type = 'netlink';
  return fdi;
}

export function parseSocketExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const fd = result(evt);
  if (t === undefined || fd === undefined || fd < 0) return;
  const domain = anyUint(evt, 'domain') ?? 0;
  const type = anyUint(evt, 'type') ?? 0;
  const proto = anyUint(evt, 'proto') ?? 0;
  s.attachNewFd(evt, t, newSocketFd(fd, domain, type, proto, evt.ts));
}

/** The `sip:sport->dip:dport` name of an IP socket. */
export function ipSocketName(sock: SocketInfo): string {
  return `${endpointText(sock.sip ?? '0.0.0.0', sock.sport ?? 0)}->${endpointText(sock.dip ?? '0.0.0.0', sock.dport ?? 0)}`;
}

function sockOf(fdi: FdInfo): SocketInfo {
  if (fdi.sock === undefined) fdi.sock = { l4proto: 'unknown' };
  return fdi.sock;
}

function isZeroIp(ip: string | undefined): boolean {
  return ip === undefined || ip === '0.0.0.0' || ip === '::';
}

/**
 * libsinsp's set_*_addresses_and_ports: returns false when the fd already has this tuple
 * (either direction); the source is always taken, the destination when unset or overwriteDest.
 */
function setTuple(fdi: FdInfo, t: InetTuple, dip: string, dport: number, overwriteDest: boolean): boolean {
  const s = sockOf(fdi);
  const sameType = (fdi.type === 'ipv4' && (t.family === PPM_AF_INET || t.v4Mapped)) || fdi.type === 'ipv6';
  if (
    sameType &&
    ((s.sip === t.sip && s.sport === t.sport && s.dip === dip && s.dport === dport) ||
      (s.sip === dip && s.sport === dport && s.dip === t.sip && s.dport === t.sport))
  ) {
    return false;
  }
  let changed = false;
  if (s.sip !== t.sip) {
    s.sip = t.sip;
    changed = true;
  }
  if (s.sport !== t.sport) {
    s.sport = t.sport;
    changed = true;
  }
  if (isZeroIp(s.dip) || (overwriteDest && s.dip !== dip)) {
    s.dip = dip;
    changed = true;
  }
  if (!s.dport || (overwriteDest && s.dport !== dport)) {
    s.dport = dport;
    changed = true;
  }
  return changed;
}

function swapAddresses(sock: SocketInfo): void {
  const ip = sock.sip;
  const port = sock.sport;
  sock.sip = sock.dip;
  sock.sport = sock.dport;
  sock.dip = ip;
  sock.dport = port;
}

function isInet(t: SockTuple | SockAddr | undefined): t is InetTuple {
  return t !== undefined && (t.family === PPM_AF_INET || t.family === PPM_AF_INET6) && 'sip' in t;
}

export function parseBindExit(_s: SystemState, evt: SyscallEvent): void {
  const fdi = evt.fdInfo;
  const res = result(evt);
  if (fdi === undefined || res === undefined || res < 0) return;
  const raw = exitBytes(evt, 'addr');
  const addr = decodeSockaddr(raw);
  if (addr === undefined) return;
  if ('ip' in addr && addr.port > 0) {
    const sock = sockOf(fdi);
    const mapped = addr.family === PPM_AF_INET6 && addr.ip.startsWith('::ffff:') && addr.ip.includes('.');
    fdi.type = addr.family === PPM_AF_INET || mapped ? 'ipv4' : 'ipv6';
    sock.serverSocket = true;
    sock.dip = mapped ? addr.ip.slice(7) : addr.ip;
    sock.dport = addr.port;
    sock.isServer = true;
  }
  fdi.name = sockaddrText(addr);
}

/** The connect destination: the enter event's address unless the exit's tuple differs from the exit's address. */
function connectDest(
  tuple: InetTuple,
  exitAddr: SockAddr | undefined,
  enterAddr: SockAddr | undefined,
): [string, number] {
  if (exitAddr === undefined || enterAddr === undefined || !('ip' in exitAddr) || !('ip' in enterAddr)) {
    return [tuple.dip, tuple.dport];
  }
  const exitIp = tuple.v4Mapped && exitAddr.ip.startsWith('::ffff:') ? exitAddr.ip.slice(7) : exitAddr.ip;
  if (exitIp !== tuple.dip || exitAddr.port !== tuple.dport) return [tuple.dip, tuple.dport];
  const enterIp = tuple.v4Mapped && enterAddr.ip.startsWith('::ffff:') ? enterAddr.ip.slice(7) : enterAddr.ip;
  return [enterIp, enterAddr.port];
}

export function parseConnectExit(_s: SystemState, evt: SyscallEvent): void {
  const fdi = evt.fdInfo;
  const res = result(evt);
  if (evt.thread === undefined || fdi === undefined || res === undefined) return;
  if (res < 0 && res !== -EINPROGRESS) return;
  const enterAddr = decodeSockaddr(enterBytes(evt, 'addr'));
  const tuple = decodeSocktuple(exitBytes(evt, 'tuple'));
  if (tuple === undefined) {
    if (enterAddr === undefined) return;
    if ('ip' in enterAddr) {
      fdi.type = enterAddr.family === PPM_AF_INET ? 'ipv4' : 'ipv6';
      const sock = sockOf(fdi);
      sock.dip = enterAddr.ip;
      sock.dport = enterAddr.port;
    } else fdi.name = sockaddrText(enterAddr);
    return;
  }
  const exitAddr = decodeSockaddr(exitBytes(evt, 'addr'));
  if (isInet(tuple)) {
    fdi.type = tuple.family === PPM_AF_INET || tuple.v4Mapped ? 'ipv4' : 'ipv6';
    const [dip, dport] = connectDest(tuple, exitAddr, enterAddr);
    const changed = setTuple(fdi, tuple, dip, dport, true);
    const sock = sockOf(fdi);
    // A UDP server connecting: its side is the destination.
    if (changed && sock.isServer === true && sock.l4proto === 'udp') swapAddresses(sock);
    fdi.name = ipSocketName(sock);
  } else if ('source' in tuple) {
    if (fdi.type !== 'unix') return;
    const sock = sockOf(fdi);
    sock.unixSource = tuple.source;
    sock.unixDest = tuple.dest;
    let path = tuple.path;
    if (exitAddr !== undefined && enterAddr !== undefined && 'path' in exitAddr && 'path' in enterAddr) {
      if (exitAddr.path === tuple.path) path = enterAddr.path;
    }
    sock.unixPath = path;
    fdi.name = unixTupleText(tuple.source, tuple.dest, path);
  } else return;
  const sock = sockOf(fdi);
  if (sock.isServer === undefined) sock.isServer = false;
}

export function parseAcceptExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  const fd = result(evt);
  if (t === undefined || fd === undefined || fd < 0) return;
  evt.fdNum = fd;
  const raw = exitBytes(evt, 'tuple');
  const tuple = decodeSocktuple(raw);
  if (tuple === undefined) return;
  const fdi: FdInfo = { fd, type: 'unknown', name: '', openFlags: 0, createdTs: evt.ts };
  if (isInet(tuple)) {
    fdi.type = tuple.family === PPM_AF_INET || tuple.v4Mapped ? 'ipv4' : 'ipv6';
    fdi.sock = { l4proto: 'tcp', sip: tuple.sip, sport: tuple.sport, dip: tuple.dip, dport: tuple.dport };
    fdi.name = ipSocketName(fdi.sock);
  } else if ('source' in tuple) {
    fdi.type = 'unix';
    fdi.sock = { l4proto: 'unknown', unixSource: tuple.source, unixDest: tuple.dest, unixPath: tuple.path };
    fdi.name = unixTupleText(tuple.source, tuple.dest, tuple.path);
  } else return;
  fdi.sock.isServer = true;
  s.attachNewFd(evt, t, fdi);
}

/**
 * libsinsp's update_fd for a datagram tuple seen on send/receive. Returns whether it changed
 * the fd.
 */
function updateFdFromTuple(fdi: FdInfo, tuple: SockTuple): boolean {
  if (isInet(tuple)) {
    const v4 = tuple.family === PPM_AF_INET || tuple.v4Mapped === true;
    fdi.type = v4 ? 'ipv4' : 'ipv6';
    const sock = sockOf(fdi);
    if (sock.serverSocket) sock.serverSocket = false;
    if (!setTuple(fdi, tuple, tuple.dip, tuple.dport, false)) return false;
    // An address changing under a connection means a datagram socket.
    if (sock.l4proto === 'unknown') sock.l4proto = 'udp';
    return true;
  }
  if ('source' in tuple) {
    fdi.type = 'unix';
    const sock = sockOf(fdi);
    sock.unixSource = tuple.source;
    sock.unixDest = tuple.dest;
    sock.unixPath = tuple.path;
    return true;
  }
  return false;
}

function learnTuple(evt: SyscallEvent, incoming: boolean): void {
  const fdi = evt.fdInfo;
  if (fdi === undefined) return;
  if (fdi.name !== '' && fdi.sock?.l4proto === 'tcp') return;
  const tuple = decodeSocktuple(anyBytes(evt, 'tuple'));
  if (tuple === undefined || !updateFdFromTuple(fdi, tuple)) return;
  if (fdi.type === 'ipv4' || fdi.type === 'ipv6') {
    const sock = sockOf(fdi);
    // Without a known role, a receiver is taken as the server and a sender as the client.
    if (sock.isServer === undefined) sock.isServer = incoming;
    if (incoming ? sock.isServer === false : sock.isServer === true) swapAddresses(sock);
    fdi.name = ipSocketName(sock);
  } else if ('source' in tuple) {
    fdi.name = unixTupleText(tuple.source, tuple.dest, tuple.path);
  }
}

/** send/sendto/sendmsg/sendmmsg exits. */
export function parseSendExit(s: SystemState, evt: SyscallEvent): void {
  const res = result(evt);
  if (res === undefined || res < 0 || evt.thread === undefined) return;
  if (evt.fdInfo === undefined && evt.fdNum >= 0) {
    // The socket() was missed: guess a UDP socket of the tuple's family, as libsinsp does.
    const tuple = decodeSocktuple(anyBytes(evt, 'tuple'));
    if (tuple !== undefined && (tuple.family === PPM_AF_INET || tuple.family === PPM_AF_INET6)) {
      s.attachNewFd(evt, evt.thread, newSocketFd(evt.fdNum, tuple.family, SOCK_DGRAM, IPPROTO_UDP, evt.ts));
    }
  }
  learnTuple(evt, false);
}

/** recv/recvfrom/recvmsg/recvmmsg exits. */
export function parseRecvExit(_s: SystemState, evt: SyscallEvent): void {
  const res = result(evt);
  if (res === undefined || res < 0 || evt.thread === undefined) return;
  learnTuple(evt, true);
}
