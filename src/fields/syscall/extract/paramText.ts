// Event parameters as text, the way libsinsp's get_param_as_str renders them: a plain text (the
// number, the path, the buffer with non-printable bytes as '.') and, for some types, a resolved
// text (the fd's name `<f>/etc/passwd`, the errno name, the flag names, the thread's comm).
// `evt.arg.X` shows the resolved text when there is one, `evt.args` shows `plain(resolved)`.

import { FLAG_TABLES } from '../../../events/eventTable.js';
import { SYSCALL_NAMES } from '../../../events/eventTypes.js';
import type { ScapEvent } from '../../../events/scapEvent.js';
import type { FdInfo, ThreadInfo } from '../../../state/types.js';
import type { SystemStateView } from '../../../state/view.js';
import { localOffsetSeconds } from '../../../outputs/timeText.js';
import { concatenatePaths, fdTag, fdTypeChar, sanitize } from './fdText.js';
import { ipv4Text, ipv6Text, isIpv4Mapped } from './ipText.js';
import { errnoName, signalName } from './kernelNames.js';

/** What rendering may look at besides the event bytes (a SyscallEvent has all of it). */
export interface RenderableEvent extends ScapEvent {
  thread?: ThreadInfo | undefined;
  fdInfo?: FdInfo | undefined;
  state?: SystemStateView | undefined;
}

export interface ParamTextOptions {
  /**
   * Buffers longer than this are cut to it, the last three characters becoming `...` (sysdig's
   * default print length is 80); 0, the default and Falco's behaviour, keeps them whole.
   */
  maxBufferLength?: number;
}

const AT_FDCWD = -100;
const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;

// The last rendering: plain and resolved text. Rendering is synchronous, so one slot suffices.
let plain = '';
let resolved = '';

function hex(v: bigint | number): string {
  return v.toString(16).toUpperCase();
}

/** A number in the parameter's print format (PF_DEC, PF_HEX, PF_OCT, PF_10_PADDED_DEC). */
function formatted(v: bigint | number, fmt: string, bits: number): string {
  switch (fmt) {
    case 'PF_HEX': {
      // printf's %X sees the value as unsigned at its promoted width (int for <= 32 bits)
      const width = bits <= 32 ? 32 : 64;
      const b = BigInt(v);
      return hex(b < 0n ? b + (1n << BigInt(width)) : b);
    }
    case 'PF_OCT': {
      const b = BigInt(v);
      const u = b < 0n ? b + (1n << BigInt(bits <= 32 ? 32 : 64)) : b;
      return u === 0n ? '0' : `0${u.toString(8)}`;
    }
    case 'PF_10_PADDED_DEC': {
      const s = BigInt(v) < 0n ? `-${(-BigInt(v)).toString().padStart(8, '0')}` : v.toString().padStart(9, '0');
      return s;
    }
    default:
      return v.toString();
  }
}

/** Integer of `len` bytes at `o`; signed or unsigned; 8-byte values as bigint. */
function readInt(b: Buffer, o: number, len: number, signed: boolean): number | bigint {
  switch (len) {
    case 1:
      return signed ? b.readInt8(o) : b.readUInt8(o);
    case 2:
      return signed ? b.readInt16LE(o) : b.readUInt16LE(o);
    case 4:
      return signed ? b.readInt32LE(o) : b.readUInt32LE(o);
    default:
      return signed ? b.readBigInt64LE(o) : b.readBigUInt64LE(o);
  }
}

/** libsinsp's flag-name walk: names of the set bits in table order, or the one exact enum name. */
export function flagsText(tableName: string | undefined, value: number, exact: boolean): string {
  const table = tableName ? FLAG_TABLES[tableName] : undefined;
  if (!table) return '';
  let out = '';
  let rest = value;
  let i = 0;
  for (; i < table.length && table[i][1] !== value; i++) {
    const flag = table[i][1];
    if (exact) continue;
    if ((flag === 0 && value === 0) || (flag !== 0 && (rest & flag) === flag && rest !== 0)) {
      out += out.length === 0 ? table[i][0] : `|${table[i][0]}`;
      rest &= ~flag;
    }
  }
  if (i < table.length) out += out.length === 0 ? table[i][0] : `|${table[i][0]}`;
  return out;
}

/** Buffer bytes with non-printable ones shown as '.' (libsinsp's default buffer format). */
export function bufferDots(b: Uint8Array, start: number, end: number, max = 0): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = b[i];
    out += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '.';
  }
  if (max > 0 && out.length > max) out = max > 3 ? `${out.slice(0, max - 3)}...` : out.slice(0, max);
  return out;
}

/** printf's `%g` (six significant digits, trailing zeros dropped). */
export function gText(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * PT_ABSTIME as libsinsp prints it. Its strftime pattern ends in `.XXXXXXXXX %z`, but the
 * nanoseconds are then written with a 9-byte limit, which keeps 8 digits and ends the string
 * there: `YYYY-MM-DD HH:MM:SS.nnnnnnnn` in local time.
 */
export function absTimeText(ns: bigint): string {
  const sec = Number(ns / 1_000_000_000n);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').slice(0, 8);
  const d = new Date((sec + localOffsetSeconds()) * 1000);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${frac}`
  );
}

function fdOf(evt: RenderableEvent, fd: number): FdInfo | undefined {
  const t = evt.thread;
  if (!t || !evt.state) return undefined;
  return evt.state.fdTable(t)?.get(fd);
}

function renderFd(evt: RenderableEvent, fd: number): void {
  plain = String(fd);
  if (!evt.thread) return;
  if (fd >= 0) {
    const info = fdOf(evt, fd);
    if (info) resolved = `${fdTag(info)}${sanitize(info.name)}`;
  } else if (fd === AT_FDCWD) {
    resolved = 'AT_FDCWD';
  } else {
    resolved = errnoName(fd);
  }
}

/** Directory a path parameter is relative to: the cwd, or the path of its dirfd parameter. */
function baseDir(evt: RenderableEvent, t: ThreadInfo, i: number): string {
  const info = evt.info.params[i];
  if (info.type !== 'PT_FSRELPATH' || info.dirfdParam === undefined) return t.cwd;
  const dirInfo = evt.info.params[info.dirfdParam];
  if (!dirInfo || dirInfo.type !== 'PT_FD') return t.cwd;
  const dirfd = evt.paramInt(info.dirfdParam);
  if (dirfd === undefined || dirfd === AT_FDCWD) return t.cwd;
  const dir = fdOf(evt, dirfd);
  return dir ? sanitize(dir.name) : '';
}

function renderPath(evt: RenderableEvent, i: number, b: Buffer, o: number, len: number): void {
  let e = o;
  while (e < o + len && b[e] !== 0) e++;
  const path = sanitize(b.toString('utf8', o, e));
  plain = path;
  const t = evt.thread;
  if (!t) {
    resolved = path;
    return;
  }
  if (path === '<NA>' || path.length === 0 || path.startsWith('/')) return;
  resolved = concatenatePaths(baseDir(evt, t, i), path);
}

function renderSockaddr(b: Buffer, o: number, len: number): void {
  const family = b[o];
  if (family === AF_UNIX) {
    let e = o + 1;
    while (e < o + len && b[e] !== 0) e++;
    plain = sanitize(b.toString('utf8', o + 1, e));
  } else if (family === AF_INET) {
    plain = len === 7 ? `${ipv4Text(b, o + 1)}:${b.readUInt16LE(o + 5)}` : 'INVALID IPv4';
  } else if (family === AF_INET6) {
    plain = len === 19 ? `${ipv6Text(b, o + 1)}:${b.readUInt16LE(o + 17)}` : 'INVALID IPv6';
  } else {
    plain = `family ${family}`;
  }
}

function renderSocktuple(b: Buffer, o: number, len: number): void {
  const family = b[o];
  if (family === AF_INET) {
    plain =
      len === 13
        ? `${ipv4Text(b, o + 1)}:${b.readUInt16LE(o + 5)}->${ipv4Text(b, o + 7)}:${b.readUInt16LE(o + 11)}`
        : 'INVALID IPv4';
  } else if (family === AF_INET6) {
    if (len !== 37) {
      plain = 'INVALID IPv6';
    } else if (isIpv4Mapped(b, o + 1) && isIpv4Mapped(b, o + 19)) {
      plain = `${ipv4Text(b, o + 13)}:${b.readUInt16LE(o + 17)}->${ipv4Text(b, o + 31)}:${b.readUInt16LE(o + 35)}`;
    } else {
      plain = `${ipv6Text(b, o + 1)}:${b.readUInt16LE(o + 17)}->${ipv6Text(b, o + 19)}:${b.readUInt16LE(o + 35)}`;
    }
  } else if (family === AF_UNIX) {
    if (len < 17) {
      plain = `family ${family}`;
      return;
    }
    let e = o + 17;
    while (e < o + len && b[e] !== 0) e++;
    const src = b.readBigUInt64LE(o + 1).toString(16);
    const dst = b.readBigUInt64LE(o + 9).toString(16);
    plain = `${src}->${dst} ${sanitize(b.toString('utf8', o + 17, e))}`;
  } else {
    plain = `family ${family}`;
  }
}

function renderFdList(evt: RenderableEvent, b: Buffer, o: number, len: number): void {
  if (!evt.thread || len < 2) return;
  const n = b.readUInt16LE(o);
  let at = o + 2;
  for (let j = 0; j < n && at + 10 <= o + len; j++, at += 10) {
    const fd = b.readBigInt64LE(at);
    const info = fdOf(evt, Number(fd));
    const flags = b.readInt16LE(at + 8) >>> 0;
    plain += `${j > 0 ? ' ' : ''}${BigInt.asUintN(64, fd)}:${info ? fdTypeChar(info.type) : '?'}${flags.toString(16)}`;
  }
}

function renderUser(evt: RenderableEvent, v: number, isUser: boolean): void {
  if (v === 0xffffffff) {
    plain = '-1';
    resolved = '<NONE>';
    return;
  }
  plain = String(v | 0);
  const t = evt.thread;
  const entry =
    t && evt.state ? (isUser ? evt.state.user(v, t.containerId) : evt.state.group(v, t.containerId)) : undefined;
  resolved = entry ? sanitize(entry.name) : '<NA>';
}

/** Renders parameter i of the event into `plain` / `resolved`. */
function render(evt: RenderableEvent, i: number, opts: ParamTextOptions | undefined): void {
  plain = '';
  resolved = '';
  const info = evt.info.params[i];
  const len = evt.paramLength(i);
  if (len < 0) return;
  const type = info?.type ?? 'PT_BYTEBUF';
  const fmt = info?.fmt ?? 'PF_NA';
  if (len === 0) {
    switch (type) {
      case 'PT_BYTEBUF':
      case 'PT_SOCKTUPLE':
      case 'PT_FDLIST':
      case 'PT_CHARBUFARRAY':
      case 'PT_CHARBUF_PAIR_ARRAY':
      case 'PT_DYN':
        plain = 'NULL';
        break;
      default:
        plain = '<NA>';
    }
    return;
  }
  const b = evt.buf;
  const o = evt.paramOffset(i);
  const intLen = len >= 8 ? 8 : len >= 4 ? 4 : len >= 2 ? 2 : 1;
  switch (type) {
    case 'PT_INT8':
    case 'PT_INT16':
    case 'PT_INT32':
    case 'PT_INT64':
      plain = formatted(readInt(b, o, intLen, true), fmt, intLen * 8);
      return;
    case 'PT_UINT8':
    case 'PT_UINT16':
      plain = formatted(readInt(b, o, intLen, false), fmt, intLen * 8);
      return;
    case 'PT_UINT32':
    case 'PT_UINT64':
      // printed with a signed conversion in decimal (a UINT32 of 0xffffffff reads -1)
      plain = formatted(readInt(b, o, intLen, fmt === 'PF_DEC' || fmt === 'PF_NA'), fmt, intLen * 8);
      return;
    case 'PT_FD':
    case 'PT_FD32':
      renderFd(evt, Number(readInt(b, o, intLen, true)));
      return;
    case 'PT_PID':
    case 'PT_PID32': {
      const pid = Number(readInt(b, o, intLen, true));
      plain = String(pid);
      const t = evt.state?.thread(pid);
      if (t) resolved = t.comm;
      return;
    }
    case 'PT_ERRNO': {
      const v = Number(readInt(b, o, intLen, true));
      plain = String(v);
      if (v < 0) resolved = errnoName(v);
      return;
    }
    case 'PT_CHARBUF': {
      let e = o;
      while (e < o + len && b[e] !== 0) e++;
      plain = b.toString('utf8', o, e);
      return;
    }
    case 'PT_FSPATH':
    case 'PT_FSRELPATH':
      renderPath(evt, i, b, o, len);
      return;
    case 'PT_BYTEBUF':
      plain = bufferDots(b, o, o + len, opts?.maxBufferLength ?? 0);
      return;
    case 'PT_SOCKADDR':
      renderSockaddr(b, o, len);
      return;
    case 'PT_SOCKTUPLE':
      renderSocktuple(b, o, len);
      return;
    case 'PT_FDLIST':
      renderFdList(evt, b, o, len);
      return;
    case 'PT_SYSCALLID': {
      const sc = b.readUInt16LE(o);
      if (sc >= SYSCALL_NAMES.length) {
        plain = '<unknown syscall>';
        return;
      }
      plain = String(sc);
      resolved = SYSCALL_NAMES[sc];
      return;
    }
    case 'PT_SIGTYPE': {
      const sig = b[o];
      plain = String(sig);
      resolved = signalName(sig);
      return;
    }
    case 'PT_RELTIME': {
      const v = b.readBigUInt64LE(o);
      if (v === 0xffffffffffffffffn) {
        plain = 'none';
        return;
      }
      plain = v.toString();
      resolved = `${gText(Number(v) / 1e9)}s`;
      return;
    }
    case 'PT_ABSTIME':
      plain = absTimeText(b.readBigUInt64LE(o));
      return;
    case 'PT_FLAGS8':
    case 'PT_FLAGS16':
    case 'PT_FLAGS32':
    case 'PT_ENUMFLAGS8':
    case 'PT_ENUMFLAGS16':
    case 'PT_ENUMFLAGS32': {
      const v = Number(readInt(b, o, Math.min(intLen, 4), false));
      plain = String(v);
      resolved = flagsText(info.flagsTable, v, type.startsWith('PT_ENUM'));
      return;
    }
    case 'PT_MODE': {
      const v = b.readUInt32LE(o);
      plain = formatted(v, fmt, 32);
      resolved = flagsText(info.flagsTable, v, false);
      return;
    }
    case 'PT_UID':
    case 'PT_GID':
      renderUser(evt, b.readUInt32LE(o), type === 'PT_UID');
      return;
    case 'PT_SIGSET': {
      const v = b.readUInt32LE(o);
      for (let sig = 0; sig < 32; sig++) {
        const name = (v >>> sig) & 1 ? signalName(sig + 1) : '';
        if (name) plain += plain.length === 0 ? name : ` ${name}`;
      }
      return;
    }
    case 'PT_IPV4ADDR':
      plain = len >= 4 ? ipv4Text(b, o) : '';
      return;
    case 'PT_IPV6ADDR':
      plain = len >= 16 ? ipv6Text(b, o) : '';
      return;
    case 'PT_IPADDR':
      plain = len === 4 ? ipv4Text(b, o) : len === 16 ? ipv6Text(b, o) : '';
      return;
    case 'PT_BOOL': {
      const v = readInt(b, o, intLen, false);
      plain = v === 0 || v === 0n ? '0' : '1';
      return;
    }
    case 'PT_DOUBLE':
      plain = len >= 8 ? b.readDoubleLE(o).toFixed(6) : '';
      return;
    case 'PT_DYN':
      // the table does not carry the per-index types; the payload after the index byte is a
      // 64-bit value in every driver use (ptrace addr/data), shown in hex as its formats ask
      plain = len === 9 ? hex(b.readBigUInt64LE(o + 1)) : 'INVALID DYNAMIC PARAMETER';
      return;
    default:
      plain = '(n.a.)';
  }
}

/** Parameter i's plain text (libsinsp's param string); undefined when the event lacks it. */
export function paramText(evt: RenderableEvent, i: number, opts?: ParamTextOptions): string | undefined {
  if (i < 0 || i >= evt.nparams) return undefined;
  render(evt, i, opts);
  return plain;
}

/** Parameter i's resolved text ('' when its type resolves nothing); undefined when absent. */
export function paramResolvedText(evt: RenderableEvent, i: number, opts?: ParamTextOptions): string | undefined {
  if (i < 0 || i >= evt.nparams) return undefined;
  render(evt, i, opts);
  return resolved;
}

/** `evt.arg.X`: the resolved text when there is one, else the plain text. */
export function paramValueText(evt: RenderableEvent, i: number, opts?: ParamTextOptions): string | undefined {
  if (i < 0 || i >= evt.nparams) return undefined;
  render(evt, i, opts);
  return resolved.length > 0 ? resolved : plain;
}

/** One parameter as `evt.args` shows it: `plain` or `plain(resolved)`. */
export function paramDisplayText(evt: RenderableEvent, i: number, opts?: ParamTextOptions): string | undefined {
  if (i < 0 || i >= evt.nparams) return undefined;
  render(evt, i, opts);
  return resolved.length > 0 ? `${plain}(${resolved})` : plain;
}

/** Name of parameter i in the event table ('' for parameters the table does not know). */
export function paramName(evt: ScapEvent, i: number): string {
  return evt.info.params[i]?.name ?? '';
}

/**
 * `evt.args` / `evt.info`: every parameter as `name=value`, separated by spaces (today's libsinsp
 * drops the trailing space sysdig 0.29 left). Generic events show nothing.
 */
export function eventArgsText(evt: RenderableEvent, opts?: ParamTextOptions): string {
  if (evt.type === 1) return '';
  let out = '';
  const n = Math.min(evt.nparams, evt.info.params.length);
  for (let i = 0; i < n; i++) {
    render(evt, i, opts);
    if (i > 0) out += ' ';
    out += `${evt.info.params[i].name}=${plain}`;
    if (resolved.length > 0) out += `(${resolved})`;
  }
  return out;
}
