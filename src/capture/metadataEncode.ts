// Encoders for the small metadata blocks: section header, machine info, interface list (v2) and
// user list (v2), in the layouts the readers (ours, libscap's) expect.

import type { GroupInfo, UserInfo } from '../state/types.js';
import type { MachineInfo } from '../state/view.js';
import { ipv4Bytes, ipv6Bytes } from './addrText.js';
import type { BlockBuilder } from './blockBuilder.js';
import { IL_BLOCK_TYPE_V2, MI_BLOCK_TYPE, SHB_BLOCK_TYPE, SHB_MAGIC, UL_BLOCK_TYPE_V2 } from './blockTypes.js';
import { SCAP_II } from './ifList.js';
import { MAX_CREDENTIALS_STR_LEN, SCAP_MAX_PATH_SIZE } from './limits.js';
import { HOSTNAME_SIZE } from './machineInfo.js';
import type { CaptureMachineInfo, NetInterface } from './sink.js';
import { USERBLOCK_TYPE_GROUP, USERBLOCK_TYPE_USER } from './userList.js';

/** The format version this writer produces (libscap's current one). */
export const WRITER_VERSION = { major: 1, minor: 2 } as const;

export function writeSectionHeader(b: BlockBuilder): void {
  const at = b.startBlock(SHB_BLOCK_TYPE);
  b.u32(SHB_MAGIC).u16(WRITER_VERSION.major).u16(WRITER_VERSION.minor);
  // Section length: unknown (-1), as libscap writes it.
  b.u64(0xffffffffffffffffn);
  b.finishBlock(at);
}

export function writeMachineInfo(b: BlockBuilder, m: MachineInfo | CaptureMachineInfo): void {
  const at = b.startBlock(MI_BLOCK_TYPE);
  const ext = m as Partial<CaptureMachineInfo>;
  b.u32(m.numCpus)
    .u64(m.memoryBytes)
    .i64(ext.maxPid ?? 0);
  const host = Buffer.alloc(HOSTNAME_SIZE);
  host.write(m.hostname, 0, HOSTNAME_SIZE - 1, 'utf8');
  b.bytes(host);
  b.u64(m.bootTs)
    .u64(ext.flags ?? 0n)
    .u64(0n)
    .u64(0n);
  b.finishBlock(at);
}

export function writeIfList(b: BlockBuilder, ifaces: readonly NetInterface[]): void {
  const at = b.startBlock(IL_BLOCK_TYPE_V2);
  for (const i of ifaces) {
    const name = Buffer.from(i.name, 'utf8').subarray(0, SCAP_MAX_PATH_SIZE - 1);
    const lenAt = b.pos;
    b.u32(0);
    if (i.family === 'ipv4') {
      b.u16(SCAP_II.IPV4).u16(name.length);
      b.bytes(ipv4Bytes(i.addr)).bytes(ipv4Bytes(i.netmask)).bytes(ipv4Bytes(i.bcast));
    } else {
      b.u16(SCAP_II.IPV6).u16(name.length);
      b.bytes(ipv6Bytes(i.addr)).bytes(ipv6Bytes(i.netmask)).bytes(ipv6Bytes(i.bcast));
    }
    b.i64(i.linkSpeed).bytes(name);
    b.patchU32(lenAt, b.pos - lenAt - 4);
  }
  b.finishBlock(at);
}

const CRED_MAX = MAX_CREDENTIALS_STR_LEN - 1;

export function writeUserList(b: BlockBuilder, users: readonly UserInfo[], groups: readonly GroupInfo[]): void {
  const at = b.startBlock(UL_BLOCK_TYPE_V2);
  for (const u of users) {
    const lenAt = b.pos;
    b.u32(0).u8(USERBLOCK_TYPE_USER).u32(u.uid).u32(u.gid);
    b.str16(u.name, CRED_MAX).str16(u.homedir, CRED_MAX).str16(u.shell, CRED_MAX);
    b.patchU32(lenAt, b.pos - lenAt);
  }
  for (const g of groups) {
    const lenAt = b.pos;
    b.u32(0).u8(USERBLOCK_TYPE_GROUP).u32(g.gid).str16(g.name, CRED_MAX);
    b.patchU32(lenAt, b.pos - lenAt);
  }
  b.finishBlock(at);
}
