// Process-list blocks (PL_BLOCK_TYPE_V1..V9): one entry per thread, as libscap's /proc scan saw
// it when the capture started. Each version appends fields to the previous one's layout:
//   v1: tid pid ptid comm exe args cwd fdlimit flags uid gid
//   v2: + vmsize vmrss vmswap (u32 KiB) pfmajor pfminor (u64)
//   v3: + env          v4: + vtid vpid cgroups          v5: + root
//   v6: + sid (after ptid)      v7: + exepath (after exe)      v8: + vpgid (after sid)
//   v9: each entry starts with its u32 length, and optional fields follow root. libs before 0.10
//       wrote loginuid, exe_writable and the three capability sets; 0.10 and later insert
//       pidns_init_start_ts and tty before them and append exe_upper_layer, exe_ino,
//       exe_ino_ctime, exe_ino_mtime and exe_from_memfd. Like libscap, a tail of at most 29
//       bytes means the older layout.

import { decodeCgroups, splitNulStrings } from '../state/decode/strings.js';
import { newThreadInfo, UNKNOWN_ID } from '../state/threadInfo.js';
import type { ThreadInfo } from '../state/types.js';
import { Cursor } from './cursor.js';
import { BlockBodyError } from './errors.js';
import { SCAP_MAX_ARGS_SIZE, SCAP_MAX_CGROUPS_SIZE, SCAP_MAX_ENV_SIZE, SCAP_MAX_PATH_SIZE } from './limits.js';

/** Size of the pre-0.10 optional tail: loginuid, exe_writable, three capability sets. */
export const PRE_0_10_TAIL_BYTES = 4 + 1 + 8 * 3;

/** Decodes every entry of a process-list block body (between header and padding). */
export function decodeProcList(c: Cursor, version: number, emit: (t: ThreadInfo) => void): number {
  let n = 0;
  while (c.remaining >= 4) {
    emit(decodeEntry(c, version));
    n++;
  }
  return n;
}

function decodeEntry(c: Cursor, v: number): ThreadInfo {
  if (v < 9) return decodeFields(c, v, -1);
  const entryAt = c.offset;
  const len = c.u32('process entry length');
  const entryEnd = c.pos - 4 + len;
  if (len < 4 || entryEnd > c.end) {
    throw new BlockBodyError(entryAt, `process entry at byte ${entryAt} declares length ${len}, past its block`);
  }
  // Reads inside the entry must not run into the next one.
  const blockEnd = c.end;
  c.end = entryEnd;
  try {
    return decodeFields(c, v, entryEnd);
  } finally {
    c.end = blockEnd;
  }
}

function decodeFields(c: Cursor, v: number, entryEnd: number): ThreadInfo {
  const tid = c.i64n('tid');
  const t = newThreadInfo(tid);
  // libscap's defaults for fields an older layout lacks.
  t.sid = -1;
  t.vpgid = -1;
  t.vtid = -1;
  t.vpid = -1;
  t.loginuid = UNKNOWN_ID;
  t.pid = c.i64n('pid');
  t.ptid = c.i64n('ptid');
  if (v >= 6) t.sid = c.i64n('sid');
  if (v >= 8) t.vpgid = c.i64n('vpgid');
  t.comm = c.str16('comm', SCAP_MAX_PATH_SIZE);
  t.exe = c.str16('exe', SCAP_MAX_PATH_SIZE);
  if (v >= 7) t.exepath = c.str16('exepath', SCAP_MAX_PATH_SIZE);
  t.args = splitNulStrings(c.buf16('args', SCAP_MAX_ARGS_SIZE));
  t.cwd = c.str16('cwd', SCAP_MAX_PATH_SIZE);
  t.fdlimit = c.i64n('fdlimit');
  t.flags = c.u32('flags');
  t.uid = c.u32('uid');
  t.gid = c.u32('gid');
  if (v >= 2) {
    t.vmSize = c.u32('vmsize_kb');
    t.vmRss = c.u32('vmrss_kb');
    t.vmSwap = c.u32('vmswap_kb');
    t.pfMajor = c.u64n('pfmajor');
    t.pfMinor = c.u64n('pfminor');
  }
  if (v >= 3) t.env = splitNulStrings(c.buf16('env', SCAP_MAX_ENV_SIZE));
  if (v >= 4) {
    t.vtid = c.i64n('vtid');
    t.vpid = c.i64n('vpid');
    t.cgroups = decodeCgroups(c.buf16('cgroups', SCAP_MAX_CGROUPS_SIZE));
  }
  if (v >= 5) {
    const root = c.str16('root', SCAP_MAX_PATH_SIZE);
    if (root !== '') t.root = root;
  }
  if (entryEnd >= 0) {
    readOptionalTail(c, t, entryEnd);
    c.pos = entryEnd;
  }
  return t;
}

/** The v9 fields after root, each present only when the entry's length covers it. */
function readOptionalTail(c: Cursor, t: ThreadInfo, end: number): void {
  const fits = (n: number) => c.pos + n <= end;
  const modern = end - c.pos > PRE_0_10_TAIL_BYTES;
  if (modern) {
    if (fits(8)) t.pidnsInitStartTs = c.u64('pidns_init_start_ts');
    if (fits(4)) t.tty = c.i32('tty');
  }
  if (fits(4)) t.loginuid = c.u32('loginuid');
  if (fits(1)) t.exeWritable = c.u8('exe_writable') !== 0;
  if (fits(8)) t.capInheritable = c.u64('cap_inheritable');
  if (fits(8)) t.capPermitted = c.u64('cap_permitted');
  if (fits(8)) t.capEffective = c.u64('cap_effective');
  if (fits(1)) t.exeUpperLayer = c.u8('exe_upper_layer') !== 0;
  if (fits(8)) t.exeIno = c.u64n('exe_ino');
  if (fits(8)) t.exeInoCtime = c.u64('exe_ino_ctime');
  if (fits(8)) t.exeInoMtime = c.u64('exe_ino_mtime');
  if (fits(1)) t.exeFromMemfd = c.u8('exe_from_memfd') !== 0;
}
