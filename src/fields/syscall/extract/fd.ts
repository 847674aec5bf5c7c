// `fd.*` and `fdlist.*` extraction: the descriptor the state attached to the event, or, for an
// open that created none (it failed), the path the event names.

import { EVENT_CODES } from '../../../events/eventTable.js';
import type { FdInfo, SocketInfo } from '../../../state/types.js';
import type { SyscallEvent } from '../../../sources/syscall/syscallEvent.js';
import type { FieldValue } from '../../types.js';
import { concatenatePaths, fdTypeChar, fdTypeName, isSocket } from './fdText.js';
import { ParamIndex } from './paramIndex.js';
import type { FieldRequest, SyscallExtractor } from './types.js';
import { argIndex } from './types.js';

const C = EVENT_CODES;
const FD_UPPER_LAYER = 32768;
const FD_LOWER_LAYER = 65536;

/** Events whose path is the fd's name-to-be; used when the open failed and left no fd. */
const OPEN_EVENTS: ReadonlySet<number> = new Set([
  C.PPME_SYSCALL_OPEN_E,
  C.PPME_SYSCALL_OPEN_X,
  C.PPME_SYSCALL_OPENAT_2_X,
  C.PPME_SYSCALL_OPENAT2_X,
  C.PPME_SYSCALL_CREAT_E,
  C.PPME_SYSCALL_CREAT_X,
]);
const nameParam = new ParamIndex('name');
const dirfdParam = new ParamIndex('dirfd');

/** The absolute path a failed open named, as libsinsp shows it in fd.name. */
function pathFromEvent(evt: SyscallEvent): string | undefined {
  if (!OPEN_EVENTS.has(evt.type)) return undefined;
  const i = nameParam.of(evt);
  const path = i < 0 ? undefined : evt.paramString(i);
  if (path === undefined || path.length === 0) return undefined;
  if (path.startsWith('/')) return concatenatePaths('', path);
  const t = evt.thread;
  if (!t) return path;
  const d = dirfdParam.of(evt);
  const dirfd = d < 0 ? -100 : (evt.paramInt(d) ?? -100);
  if (dirfd === -100) return concatenatePaths(t.cwd, path);
  const dir = evt.state?.fdTable(t)?.get(dirfd);
  return dir ? concatenatePaths(dir.name, path) : path;
}

function directoryOf(name: string): string {
  const pos = name.lastIndexOf('/');
  if (pos < 0 || pos === name.length - 1) return name;
  return pos === 0 ? '/' : name.slice(0, pos);
}

function fileNameOf(name: string): string {
  const pos = name.lastIndexOf('/');
  return pos < 0 || pos === name.length - 1 ? name : name.slice(pos + 1);
}

type FdValue = (fd: FdInfo, evt: SyscallEvent) => FieldValue;

function ofFd(value: FdValue): SyscallExtractor {
  return (evt) => (evt.fdInfo ? value(evt.fdInfo, evt) : undefined);
}

function ofSocket(value: (s: SocketInfo, fd: FdInfo) => FieldValue): SyscallExtractor {
  return (evt) => {
    const fd = evt.fdInfo;
    return fd?.sock && isSocket(fd) ? value(fd.sock, fd) : undefined;
  };
}

/** Name-derived fields: from the fd when there is one, else from a failed open's path. */
function ofName(value: (name: string, isDir: boolean) => string | undefined): SyscallExtractor {
  return (evt) => {
    const fd = evt.fdInfo;
    if (fd) {
      if (fd.type !== 'file' && fd.type !== 'directory') return undefined;
      return value(fd.name, fd.type === 'directory');
    }
    const path = pathFromEvent(evt);
    return path === undefined ? undefined : value(path, false);
  };
}

function local(s: SocketInfo): [string | undefined, number | undefined] | undefined {
  if (s.isServer === undefined) return undefined;
  return s.isServer ? [s.dip, s.dport] : [s.sip, s.sport];
}

function remote(s: SocketInfo): [string | undefined, number | undefined] | undefined {
  if (s.isServer === undefined) return undefined;
  return s.isServer ? [s.sip, s.sport] : [s.dip, s.dport];
}

/** Both endpoints, for the filter-only fields matching either of them. */
function either<T>(a: T | undefined, b: T | undefined): T[] | undefined {
  const out: T[] = [];
  if (a !== undefined) out.push(a);
  if (b !== undefined) out.push(b);
  return out.length > 0 ? out : undefined;
}

const fdsParam = new ParamIndex('fds');

/** fdlist.*: a value for each descriptor of a poll-style call's `fds` parameter, comma-separated. */
function fdList(value: (fd: number, info: FdInfo | undefined) => string | undefined): SyscallExtractor {
  return (evt) => {
    const i = fdsParam.of(evt);
    const bytes = i < 0 ? undefined : evt.paramBytes(i);
    if (!bytes || bytes.length < 2) return undefined;
    const n = bytes.readUInt16LE(0);
    const table = evt.thread && evt.state ? evt.state.fdTable(evt.thread) : undefined;
    let out = '';
    for (let j = 0, at = 2; j < n && at + 10 <= bytes.length; j++, at += 10) {
      const fd = Number(bytes.readBigInt64LE(at));
      const v = value(fd, table?.get(fd));
      if (v === undefined) continue;
      out += out.length === 0 ? v : `,${v}`;
    }
    return out.length > 0 ? out : undefined;
  };
}

const sockOf = (info: FdInfo | undefined) => (info && isSocket(info) ? info.sock : undefined);

export function bindFdField(req: FieldRequest): SyscallExtractor | undefined {
  switch (req.name) {
    case 'fd.num':
      return (evt) => (evt.fdNum >= 0 || evt.fdInfo ? evt.fdNum : undefined);
    case 'fd.type':
      return ofFd((fd) => fdTypeName(fd.type));
    case 'fd.typechar':
      return ofFd((fd) => fdTypeChar(fd.type));
    case 'fd.name':
      return (evt) => (evt.fdInfo ? evt.fdInfo.name : pathFromEvent(evt));
    case 'fd.directory':
      return ofName((name, isDir) => (isDir ? name : directoryOf(name)));
    case 'fd.filename':
      return ofName((name, isDir) => (isDir ? undefined : fileNameOf(name)));
    case 'fd.ip':
      return ofSocket((s) => either(s.sip, s.dip));
    case 'fd.cip':
      return ofSocket((s) => s.sip);
    case 'fd.sip':
      return ofSocket((s) => s.dip);
    case 'fd.lip':
      return ofSocket((s) => local(s)?.[0]);
    case 'fd.rip':
      return ofSocket((s) => remote(s)?.[0]);
    case 'fd.port':
      return ofSocket((s) => either(s.sport, s.dport));
    case 'fd.cport':
      return ofSocket((s) => s.sport);
    case 'fd.sport':
      return ofSocket((s) => s.dport);
    case 'fd.lport':
      return ofSocket((s) => local(s)?.[1]);
    case 'fd.rport':
      return ofSocket((s) => remote(s)?.[1]);
    case 'fd.net':
      return ofSocket((s) => either(s.sip, s.dip));
    case 'fd.cnet':
      return ofSocket((s) => s.sip);
    case 'fd.snet':
      return ofSocket((s) => s.dip);
    case 'fd.lnet':
      return ofSocket((s) => local(s)?.[0]);
    case 'fd.rnet':
      return ofSocket((s) => remote(s)?.[0]);
    // without a services database, a port's protocol name is the port number
    case 'fd.proto':
      return ofSocket((s) => either(s.sport?.toString(), s.dport?.toString()));
    case 'fd.cproto':
      return ofSocket((s) => s.sport?.toString());
    case 'fd.sproto':
      return ofSocket((s) => s.dport?.toString());
    case 'fd.lproto':
      return ofSocket((s) => local(s)?.[1]?.toString());
    case 'fd.rproto':
      return ofSocket((s) => remote(s)?.[1]?.toString());
    case 'fd.l4proto':
      return ofFd((fd) => {
        const p = fd.sock?.l4proto;
        return p === undefined || p === 'unknown' ? undefined : p;
      });
    case 'fd.sockfamily':
      return ofFd((fd) => (isSocket(fd) ? 'ip' : fd.type === 'unix' ? 'unix' : undefined));
    case 'fd.is_server':
      return ofFd((fd) => fd.sock?.isServer === true);
    case 'fd.uid':
      return (evt) => (evt.fdInfo && evt.thread ? `${evt.thread.tid}${evt.fdNum}` : undefined);
    case 'fd.containername':
      return (evt) => (evt.fdInfo && evt.thread ? `${evt.thread.containerId}:${evt.fdInfo.name}` : undefined);
    case 'fd.containerdirectory':
      return (evt) => {
        const fd = evt.fdInfo;
        if (!fd || !evt.thread || (fd.type !== 'file' && fd.type !== 'directory')) return undefined;
        return `${evt.thread.containerId}:${fd.type === 'directory' ? fd.name : directoryOf(fd.name)}`;
      };
    case 'fd.connected':
      // SocketInfo records no connection state; a socket with a peer address is connected
      return ofFd((fd) => (isSocket(fd) ? fd.sock?.dip !== undefined && fd.sock.dport !== undefined : false));
    case 'fd.name_changed':
      return ofFd((fd) => fd.nameChanged === true);
    case 'fd.dev':
      return ofFd((fd) => fd.dev);
    case 'fd.dev.major':
      return ofFd((fd) => (fd.dev === undefined ? undefined : Math.floor(fd.dev / 0x100000)));
    case 'fd.dev.minor':
      return ofFd((fd) => (fd.dev === undefined ? undefined : fd.dev & 0xfffff));
    case 'fd.ino':
      return ofFd((fd) => fd.ino);
    case 'fd.nameraw':
      return ofFd((fd) => fd.nameRaw ?? fd.name);
    case 'fd.types': {
      const n = argIndex(req);
      return (evt) => {
        const table = evt.thread && evt.state ? evt.state.fdTable(evt.thread) : undefined;
        if (!table) return undefined;
        if (n !== undefined) {
          const fd = table.get(n);
          const name = fd ? fdTypeName(fd.type) : undefined;
          return name === undefined ? undefined : [name];
        }
        const seen: string[] = [];
        for (const fd of table.values()) {
          const name = fdTypeName(fd.type);
          if (name !== undefined && !seen.includes(name)) seen.push(name);
        }
        return seen;
      };
    }
    case 'fd.is_upper_layer':
      return ofFd((fd) => (fd.openFlags & FD_UPPER_LAYER) !== 0);
    case 'fd.is_lower_layer':
      return ofFd((fd) => (fd.openFlags & FD_LOWER_LAYER) !== 0);
    case 'fdlist.nums':
      return fdList((fd) => String(fd));
    case 'fdlist.names':
      return fdList((_fd, info) => info?.name);
    case 'fdlist.cips':
      return fdList((_fd, info) => sockOf(info)?.sip);
    case 'fdlist.sips':
      return fdList((_fd, info) => sockOf(info)?.dip);
    case 'fdlist.cports':
      return fdList((_fd, info) => sockOf(info)?.sport?.toString());
    case 'fdlist.sports':
      return fdList((_fd, info) => sockOf(info)?.dport?.toString());
    default:
      // fd.cip.name and the other DNS names: Kestrel does no reverse lookups
      return undefined;
  }
}
