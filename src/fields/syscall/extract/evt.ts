// `evt.*` and `syscall.type` extraction, with today's libsinsp semantics (sinsp_filter_check_event
// and the generic event class).

import { EVENT_CODES } from '../../../events/eventTable.js';
import { SYSCALL_NAMES } from '../../../events/eventTypes.js';
import { alertHostname } from '../../../engine/hostname.js';
import {
  dateTimeSecondsText,
  dateTimeText,
  iso8601Text,
  timeSecondsText,
  timeText,
} from '../../../outputs/timeText.js';
import type { SyscallEvent } from '../../../sources/syscall/syscallEvent.js';
import type { FieldValue } from '../../types.js';
import { categoryOf, EVENT_CATEGORIES, EVENT_FLAGS, flagsOf, isSyscallEvent, returnValue } from './eventInfo.js';
import { concatenatePaths } from './fdText.js';
import { ParamIndex } from './paramIndex.js';
import { eventArgsText, paramValueText, paramResolvedText, paramText } from './paramText.js';
import type { FieldRequest, SyscallExtractor } from './types.js';
import { argIndex, argKey } from './types.js';

const NS = 1_000_000_000n;
const C = EVENT_CODES;
const F = EVENT_FLAGS;
const EC = EVENT_CATEGORIES;

const PPM_O_RDONLY = 1;
const PPM_O_WRONLY = 2;
const PPM_O_CREAT = 4;
const PPM_O_TMPFILE = 8192;
const PPM_O_F_CREATED = 16384;
const EXEC_BITS = 0o111;

function categoryText(evt: SyscallEvent): string {
  const cat = categoryOf(evt.type);
  switch (cat) {
    case EC.EC_UNKNOWN:
      return 'unknown';
    case EC.EC_OTHER:
      return 'other';
    case EC.EC_FILE:
      return 'file';
    case EC.EC_NET:
      return 'net';
    case EC.EC_IPC:
      return 'IPC';
    case EC.EC_MEMORY:
      return 'memory';
    case EC.EC_PROCESS:
      return 'process';
    case EC.EC_SLEEP:
      return 'sleep';
    case EC.EC_SYSTEM:
      return 'system';
    case EC.EC_SIGNAL:
      return 'signal';
    case EC.EC_USER:
      return 'user';
    case EC.EC_TIME:
      return 'time';
    case EC.EC_PROCESSING:
      return 'processing';
    case EC.EC_IO_READ:
    case EC.EC_IO_WRITE:
    case EC.EC_IO_OTHER:
      // I/O events take the category of the descriptor they work on
      switch (evt.fdInfo?.type) {
        case 'file':
        case 'directory':
          return 'file';
        case 'ipv4':
        case 'ipv6':
          return 'net';
        case 'pipe':
        case 'unix':
        case 'event':
        case 'signalfd':
        case 'inotify':
        case 'userfaultfd':
          return 'ipc';
        default:
          return 'unknown';
      }
    case EC.EC_WAIT:
      return 'wait';
    case EC.EC_SCHEDULER:
      return 'scheduler';
    case EC.EC_INTERNAL:
      return 'internal';
    default:
      return 'unknown';
  }
}

function typeName(evt: SyscallEvent): string {
  if (evt.type === C.PPME_GENERIC_X) {
    const sc = evt.paramUint(0);
    return sc !== undefined && sc < SYSCALL_NAMES.length ? SYSCALL_NAMES[sc] : 'unknown';
  }
  if (evt.type === C.PPME_ASYNCEVENT_E) return evt.paramString(1) ?? evt.name;
  return evt.name;
}

const isFileFd = (evt: SyscallEvent) => evt.fdInfo?.type === 'file';
const isNetFd = (evt: SyscallEvent) => evt.fdInfo?.type === 'ipv4' || evt.fdInfo?.type === 'ipv6';

/** `evt.buflen` and its variants: the byte count an I/O exit returned, when it is one. */
function buflen(when: (evt: SyscallEvent) => boolean): SyscallExtractor {
  return (evt) => {
    if (!evt.fdInfo || !when(evt) || evt.isEnter) return undefined;
    const res = returnValue(evt);
    return res !== undefined && res >= 0 ? res : undefined;
  };
}

const isIo = (evt: SyscallEvent) => (categoryOf(evt.type) & EC.EC_IO_BASE) !== 0;
const isIoRead = (evt: SyscallEvent) => categoryOf(evt.type) === EC.EC_IO_READ;
const isIoWrite = (evt: SyscallEvent) => categoryOf(evt.type) === EC.EC_IO_WRITE;

function errorCount(evt: SyscallEvent): number | undefined {
  const res = returnValue(evt);
  return res === undefined ? undefined : res < 0 ? 1 : 0;
}

const OPEN_TYPES: ReadonlySet<number> = new Set([
  C.PPME_SYSCALL_OPEN_X,
  C.PPME_SYSCALL_OPENAT_2_X,
  C.PPME_SYSCALL_OPENAT2_X,
  C.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X,
]);
const FILE_OPEN_TYPES: ReadonlySet<number> = new Set([
  C.PPME_SYSCALL_OPEN_X,
  C.PPME_SYSCALL_CREAT_X,
  C.PPME_SYSCALL_OPENAT_2_X,
  C.PPME_SYSCALL_OPENAT2_X,
  C.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X,
]);
const NET_ERROR_TYPES: ReadonlySet<number> = new Set([
  C.PPME_SOCKET_ACCEPT_5_X,
  C.PPME_SOCKET_ACCEPT4_6_X,
  C.PPME_SOCKET_CONNECT_X,
]);

type OpenCheck = 'read' | 'write' | 'exec' | 'create';

function isOpen(check: OpenCheck): SyscallExtractor {
  return (evt) => {
    const type = evt.type;
    if (OPEN_TYPES.has(type)) {
      const newer = type === C.PPME_SYSCALL_OPENAT_2_X || type === C.PPME_SYSCALL_OPENAT2_X;
      const flags = evt.paramUint(newer ? 3 : 2) ?? 0;
      switch (check) {
        case 'read':
          return (flags & PPM_O_RDONLY) !== 0;
        case 'write':
          return (flags & PPM_O_WRONLY) !== 0;
        case 'create': {
          if (flags & PPM_O_F_CREATED) return true;
          const res = returnValue(evt);
          return (flags & PPM_O_TMPFILE) !== 0 && res !== undefined && res >= 0;
        }
        default: {
          if (!(flags & (PPM_O_TMPFILE | PPM_O_CREAT)) || type === C.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X) return false;
          const mode = evt.paramUint(newer ? 4 : 3);
          return mode !== undefined && (mode & EXEC_BITS) !== 0;
        }
      }
    }
    if (check === 'exec' && type === C.PPME_SYSCALL_CREAT_X) {
      const mode = evt.paramUint(2);
      return mode !== undefined && (mode & EXEC_BITS) !== 0;
    }
    return false;
  };
}

/** Which (dirfd, path) parameters evt.abspath joins, per event type and selector. */
function abspathParams(type: number, which: 0 | 1 | 2): [string, string] | undefined {
  switch (type) {
    case C.PPME_SYSCALL_RENAMEAT_X:
    case C.PPME_SYSCALL_RENAMEAT2_X:
      return which === 2 ? ['newdirfd', 'newpath'] : ['olddirfd', 'oldpath'];
    case C.PPME_SYSCALL_LINKAT_2_X:
      return which === 2 ? ['newdir', 'newpath'] : ['olddir', 'oldpath'];
    case C.PPME_SYSCALL_SYMLINKAT_X:
      return ['linkdirfd', 'linkpath'];
    case C.PPME_SYSCALL_OPENAT_2_X:
    case C.PPME_SYSCALL_OPENAT2_X:
    case C.PPME_SYSCALL_UNLINKAT_2_X:
      return ['dirfd', 'name'];
    case C.PPME_SYSCALL_MKDIRAT_X:
      return ['dirfd', 'path'];
    case C.PPME_SYSCALL_FCHMODAT_X:
      return ['dirfd', 'filename'];
    case C.PPME_SYSCALL_FCHOWNAT_X:
      return ['dirfd', 'pathname'];
    default:
      return undefined;
  }
}

function abspath(which: 0 | 1 | 2): SyscallExtractor {
  return (evt) => {
    const t = evt.thread;
    if (!t) return undefined;
    if (evt.type === C.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X) {
      const fd = returnValue(evt);
      const path = evt.paramString(3);
      return fd !== undefined && fd > 0 && path !== undefined ? concatenatePaths('', path) : undefined;
    }
    const names = abspathParams(evt.type, which);
    if (!names) return undefined;
    const di = evt.paramIndex(names[0]);
    const pi = evt.paramIndex(names[1]);
    if (di < 0 || pi < 0 || evt.paramLength(di) <= 0 || evt.paramLength(pi) <= 0) return undefined;
    const dirfd = evt.paramInt(di) ?? 0;
    const path = evt.paramString(pi) ?? '';
    let dir: string;
    if (path.startsWith('/')) dir = '.';
    else if (dirfd === -100) dir = t.cwd;
    else {
      const info = evt.state?.fdTable(t)?.get(dirfd);
      dir = info === undefined ? '<UNKNOWN>/' : info.name.endsWith('/') ? info.name : `${info.name}/`;
    }
    return path.startsWith('/') ? concatenatePaths('', path) : concatenatePaths(dir, path);
  };
}

/** evt.rawarg: the parameter in its native type (numbers, text, or the raw bytes). */
function rawParam(evt: SyscallEvent, i: number): FieldValue {
  const len = evt.paramLength(i);
  if (len <= 0) return undefined;
  const type = evt.info.params[i]?.type ?? 'PT_BYTEBUF';
  switch (type) {
    case 'PT_INT8':
    case 'PT_INT16':
    case 'PT_INT32':
    case 'PT_INT64':
    case 'PT_FD':
    case 'PT_FD32':
    case 'PT_PID':
    case 'PT_PID32':
    case 'PT_ERRNO':
      return evt.paramInt(i);
    case 'PT_UINT64':
    case 'PT_RELTIME':
    case 'PT_ABSTIME': {
      const v = evt.paramU64(i);
      return v === undefined ? undefined : type === 'PT_UINT64' && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    case 'PT_CHARBUF':
    case 'PT_FSPATH':
    case 'PT_FSRELPATH':
      return evt.paramString(i);
    case 'PT_DOUBLE':
      return len === 8 ? evt.buf.readDoubleLE(evt.paramOffset(i)) : undefined;
    case 'PT_BOOL':
      return (evt.paramUint(i) ?? 0) !== 0;
    case 'PT_UINT8':
    case 'PT_UINT16':
    case 'PT_UINT32':
    case 'PT_FLAGS8':
    case 'PT_FLAGS16':
    case 'PT_FLAGS32':
    case 'PT_ENUMFLAGS8':
    case 'PT_ENUMFLAGS16':
    case 'PT_ENUMFLAGS32':
    case 'PT_MODE':
    case 'PT_UID':
    case 'PT_GID':
    case 'PT_SIGTYPE':
    case 'PT_SYSCALLID':
    case 'PT_PORT':
    case 'PT_L4PROTO':
    case 'PT_SOCKFAMILY':
      return evt.paramUint(i);
    default:
      return evt.paramBytes(i);
  }
}

/**
 * A parameter by name. An old exit event lacking it reads it from its enter event, as today's libs
 * see such events after converting them to their newest version (which carries the enter data).
 */
function argByName(name: string, value: (evt: SyscallEvent, i: number) => FieldValue): SyscallExtractor {
  const index = new ParamIndex(name);
  return (evt) => {
    const i = index.of(evt);
    if (i >= 0 && i < evt.nparams) return value(evt, i);
    const enter = evt.enter;
    if (enter === undefined) return undefined;
    const j = index.of(enter);
    return j < 0 || j >= enter.nparams ? undefined : value(enter as SyscallEvent, j);
  };
}

/** Time since the first event of the stream (libsinsp's m_firstevent_ts). */
function relTime(evt: SyscallEvent): bigint | undefined {
  const first = evt.state?.firstEventTs;
  return first === undefined ? undefined : evt.ts - first;
}

/** evt.deltatime*: time since the previous event this field saw (libsinsp keeps it per field use). */
function deltaTime(part: 'all' | 's' | 'ns'): SyscallExtractor {
  let prev = -1n;
  return (evt) => {
    const ts = evt.ts;
    const delta = prev < 0n ? 0n : ts - prev;
    prev = ts;
    return part === 's' ? delta / NS : part === 'ns' ? delta % NS : delta;
  };
}

export function bindEvtField(req: FieldRequest): SyscallExtractor | undefined {
  switch (req.name) {
    // generic event class
    case 'evt.num':
      return (evt) => evt.num;
    case 'evt.time':
    case 'evt.outputtime':
      return (evt) => timeText(evt.ts);
    case 'evt.time.s':
      return (evt) => timeSecondsText(evt.ts);
    case 'evt.time.iso8601':
      return (evt) => iso8601Text(evt.ts);
    case 'evt.datetime':
      return (evt) => dateTimeText(evt.ts);
    case 'evt.datetime.s':
      return (evt) => dateTimeSecondsText(evt.ts);
    case 'evt.rawtime':
      return (evt) => evt.ts;
    case 'evt.rawtime.s':
      return (evt) => evt.ts / NS;
    case 'evt.rawtime.ns':
      return (evt) => evt.ts % NS;
    case 'evt.reltime':
      return (evt) => relTime(evt);
    case 'evt.reltime.s': {
      return (evt) => {
        const r = relTime(evt);
        return r === undefined ? undefined : r / NS;
      };
    }
    case 'evt.reltime.ns':
      return (evt) => {
        const r = relTime(evt);
        return r === undefined ? undefined : r % NS;
      };
    case 'evt.source':
      return () => 'syscall';
    case 'evt.is_async':
      return (evt) => evt.type === C.PPME_ASYNCEVENT_E;
    case 'evt.asynctype':
      return (evt) => (evt.type === C.PPME_ASYNCEVENT_E ? evt.paramString(1) : undefined);
    case 'evt.hostname': {
      // an environment override wins, then the machine the events come from, then this host
      const override = process.env.KESTREL_HOSTNAME || process.env.FALCO_HOSTNAME;
      const fallback = alertHostname();
      return (evt) => override || evt.state?.machine?.hostname || fallback;
    }
    // syscall event class
    case 'evt.latency':
    case 'evt.latency.s':
    case 'evt.latency.ns':
    case 'evt.latency.quantized':
    case 'evt.wait_latency':
      // today's libsinsp hardcodes 0 for these deprecated fields (sysdig 0.29 measured enter→exit)
      return () => 0;
    case 'evt.latency.human':
      return () => '0ns';
    case 'evt.deltatime':
      return deltaTime('all');
    case 'evt.deltatime.s':
      return deltaTime('s');
    case 'evt.deltatime.ns':
      return deltaTime('ns');
    case 'evt.dir':
      return (evt) => (evt.isEnter ? '>' : '<');
    case 'evt.type':
      return typeName;
    case 'evt.type.is': {
      const ids = req.arg?.kind === 'eventType' ? req.arg.ids : [];
      return (evt) => (ids.includes(evt.type) ? 1 : 0);
    }
    case 'syscall.type':
      return (evt) => (isSyscallEvent(evt.type) ? typeName(evt) : undefined);
    case 'evt.category':
      return categoryText;
    case 'evt.cpu':
      return (evt) => evt.cpu;
    case 'evt.args':
    case 'evt.info':
      return (evt) => eventArgsText(evt);
    case 'evt.arg': {
      const index = argIndex(req);
      if (index !== undefined) return (evt) => paramValueText(evt, index);
      const name = req.arg?.kind === 'param' ? req.arg.name : argKey(req);
      return name === undefined ? undefined : argByName(name, paramValueText);
    }
    case 'evt.rawarg': {
      const name = req.arg?.kind === 'param' ? req.arg.name : argKey(req);
      return name === undefined ? undefined : argByName(name, rawParam);
    }
    case 'evt.buffer': {
      const data = new ParamIndex('data');
      return (evt) => {
        const i = data.of(evt);
        return i < 0 ? undefined : evt.paramBytes(i);
      };
    }
    case 'evt.buflen':
      return buflen(isIo);
    case 'evt.buflen.in':
      return buflen(isIoRead);
    case 'evt.buflen.out':
      return buflen(isIoWrite);
    case 'evt.buflen.file':
      return buflen((e) => isIo(e) && isFileFd(e));
    case 'evt.buflen.file.in':
      return buflen((e) => isIoRead(e) && isFileFd(e));
    case 'evt.buflen.file.out':
      return buflen((e) => isIoWrite(e) && isFileFd(e));
    case 'evt.buflen.net':
      return buflen((e) => isIo(e) && isNetFd(e));
    case 'evt.buflen.net.in':
      return buflen((e) => isIoRead(e) && isNetFd(e));
    case 'evt.buflen.net.out':
      return buflen((e) => isIoWrite(e) && isNetFd(e));
    case 'evt.res':
      return (evt) => {
        const res = returnValue(evt);
        if (res === undefined) return undefined;
        if (res >= 0) return 'SUCCESS';
        const r = paramResolvedText(evt, 0);
        return r !== undefined && r.length > 0 ? r : paramText(evt, 0);
      };
    case 'evt.rawres':
      return returnValue;
    case 'evt.failed':
      return (evt) => {
        const c = errorCount(evt);
        return c === undefined ? undefined : c === 1;
      };
    case 'evt.count':
      return () => 1;
    case 'evt.count.error':
      return errorCount;
    case 'evt.count.error.file':
      return (evt) => {
        const t = evt.fdInfo?.type;
        if (evt.fdInfo) return t === 'file' || t === 'directory' ? errorCount(evt) : undefined;
        return FILE_OPEN_TYPES.has(evt.type) ? errorCount(evt) : undefined;
      };
    case 'evt.count.error.net':
      return (evt) => {
        const t = evt.fdInfo?.type;
        if (evt.fdInfo) return t === 'ipv4' || t === 'ipv6' || t === 'unix' ? errorCount(evt) : undefined;
        return NET_ERROR_TYPES.has(evt.type) ? errorCount(evt) : undefined;
      };
    case 'evt.count.error.memory':
      return (evt) => (categoryOf(evt.type) === EC.EC_MEMORY ? errorCount(evt) : undefined);
    case 'evt.count.error.other':
      return (evt) => {
        const t = evt.fdInfo?.type;
        if (evt.fdInfo) {
          const known = t === 'file' || t === 'directory' || t === 'ipv4' || t === 'ipv6' || t === 'unix';
          return known ? undefined : errorCount(evt);
        }
        const special =
          FILE_OPEN_TYPES.has(evt.type) || NET_ERROR_TYPES.has(evt.type) || categoryOf(evt.type) === EC.EC_MEMORY;
        return special ? undefined : errorCount(evt);
      };
    case 'evt.count.exit':
      return (evt) => (evt.isEnter ? undefined : 1);
    case 'evt.count.procinfo':
      return (evt) =>
        evt.type !== C.PPME_PROCINFO_E ? 0 : evt.thread !== undefined && evt.thread.tid === evt.thread.pid ? 1 : 0;
    case 'evt.count.threadinfo':
      return (evt) => (evt.type === C.PPME_PROCINFO_E ? 1 : 0);
    case 'evt.is_io':
      return (evt) => (flagsOf(evt.type) & (F.EF_READS_FROM_FD | F.EF_WRITES_TO_FD)) !== 0;
    case 'evt.is_io_read':
      return (evt) => (flagsOf(evt.type) & F.EF_READS_FROM_FD) !== 0;
    case 'evt.is_io_write':
      return (evt) => (flagsOf(evt.type) & F.EF_WRITES_TO_FD) !== 0;
    case 'evt.io_dir':
      return (evt) => {
        const flags = flagsOf(evt.type);
        return flags & F.EF_WRITES_TO_FD ? 'write' : flags & F.EF_READS_FROM_FD ? 'read' : undefined;
      };
    case 'evt.is_wait':
      return (evt) => (flagsOf(evt.type) & F.EF_WAITS) !== 0;
    case 'evt.is_syslog':
      return (evt) => (flagsOf(evt.type) & F.EF_WRITES_TO_FD) !== 0 && (evt.fdInfo?.name.includes('/dev/log') ?? false);
    case 'evt.is_open_read':
      return isOpen('read');
    case 'evt.is_open_write':
      return isOpen('write');
    case 'evt.is_open_exec':
      return isOpen('exec');
    case 'evt.is_open_create':
      return isOpen('create');
    case 'evt.abspath': {
      const key = argKey(req);
      return abspath(key === 'src' ? 1 : key === 'dst' ? 2 : 0);
    }
    default:
      // evt.around (a comparison of its own),
      // evt.pluginname/plugininfo (plugin events only), evt.infra.docker.* (no such events)
      return undefined;
  }
}
