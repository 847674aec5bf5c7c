// Encodes threads as one PL_BLOCK_TYPE_V9 block, the newest process-list id. The optional tail
// after root comes in two layouts (see procList.ts): 'libs-0.9' (loginuid, exe_writable, the
// capability sets — what sysdig 0.29 and every later reader parse correctly) and 'libs-0.10'
// (adds pidns_init_start_ts and tty before them, exe inode facts after; readers older than
// libs 0.10 then misread loginuid).

import type { ThreadInfo } from '../state/types.js';
import type { BlockBuilder } from './blockBuilder.js';
import { PL_BLOCK_TYPE_V9 } from './blockTypes.js';
import { SCAP_MAX_ARGS_SIZE, SCAP_MAX_CGROUPS_SIZE, SCAP_MAX_ENV_SIZE, SCAP_MAX_PATH_SIZE } from './limits.js';

export type ProcListLayout = 'libs-0.9' | 'libs-0.10';

/** NUL-terminated items, as /proc's cmdline and environ hold them. */
function nulList(items: readonly string[]): Buffer {
  return Buffer.from(items.map((s) => `${s}\0`).join(''), 'utf8');
}

/** Writes a process-list block from entries encoded by `writeProcEntry`. */
export function writeProcList(b: BlockBuilder, entries: Iterable<Uint8Array>): void {
  const at = b.startBlock(PL_BLOCK_TYPE_V9);
  for (const e of entries) b.bytes(e);
  b.finishBlock(at);
}

/** Appends one thread's v9 entry (length-prefixed). */
export function writeProcEntry(b: BlockBuilder, t: ThreadInfo, layout: ProcListLayout): void {
  const lenAt = b.pos;
  b.u32(0);
  b.i64(t.tid).i64(t.pid).i64(t.ptid).i64(t.sid).i64(t.vpgid);
  b.str16(t.comm, SCAP_MAX_PATH_SIZE).str16(t.exe, SCAP_MAX_PATH_SIZE).str16(t.exepath, SCAP_MAX_PATH_SIZE);
  b.lenPrefixed(nulList(t.args), SCAP_MAX_ARGS_SIZE);
  b.str16(t.cwd, SCAP_MAX_PATH_SIZE);
  b.i64(t.fdlimit).u32(t.flags).u32(t.uid).u32(t.gid);
  b.u32(t.vmSize).u32(t.vmRss).u32(t.vmSwap).i64(t.pfMajor).i64(t.pfMinor);
  b.lenPrefixed(nulList(t.env), SCAP_MAX_ENV_SIZE);
  b.i64(t.vtid).i64(t.vpid);
  b.lenPrefixed(nulList(t.cgroups.map(([c, p]) => `${c}=${p}`)), SCAP_MAX_CGROUPS_SIZE);
  b.str16(t.root ?? '/', SCAP_MAX_PATH_SIZE);
  if (layout === 'libs-0.10') b.u64(t.pidnsInitStartTs).i32(t.tty);
  b.u32(t.loginuid).u8(t.exeWritable ? 1 : 0);
  b.u64(t.capInheritable).u64(t.capPermitted).u64(t.capEffective);
  if (layout === 'libs-0.10') {
    b.u8(t.exeUpperLayer ? 1 : 0).i64(t.exeIno ?? 0);
    b.u64(t.exeInoCtime ?? 0n)
      .u64(t.exeInoMtime ?? 0n)
      .u8(t.exeFromMemfd ? 1 : 0);
  }
  b.patchU32(lenAt, b.pos - lenAt);
}
