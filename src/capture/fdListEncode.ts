// Encodes one process's fds as an FDL_BLOCK_TYPE_V2 block: the tid, then length-prefixed
// entries. Regular files use the FILE_V2 layout (open flags and device); sockets carry their
// tuple; everything else only its name.

import type { FdInfo } from '../state/types.js';
import { ipv4Bytes, ipv6Bytes } from './addrText.js';
import type { BlockBuilder } from './blockBuilder.js';
import { FDL_BLOCK_TYPE_V2 } from './blockTypes.js';
import { l4protoCode, NAMED_FD_CODES, SCAP_FD } from './fdTypes.js';
import { SCAP_MAX_PATH_SIZE } from './limits.js';

const NAME_MAX = SCAP_MAX_PATH_SIZE - 1;

/** Writes a process's fd-list block from entries encoded by `writeFdEntry`. */
export function writeFdList(b: BlockBuilder, pid: number, entries: Iterable<Uint8Array>): void {
  const at = b.startBlock(FDL_BLOCK_TYPE_V2);
  b.i64(pid);
  for (const e of entries) b.bytes(e);
  b.finishBlock(at);
}

/** Appends one fd's v2 entry (length-prefixed). */
export function writeFdEntry(b: BlockBuilder, fd: FdInfo): void {
  const lenAt = b.pos;
  b.u32(0)
    .i64(fd.fd)
    .i64(fd.ino ?? 0);
  const s = fd.sock;
  const l4 = l4protoCode(s?.l4proto);
  switch (fd.type) {
    case 'ipv4':
      if (s?.serverSocket) {
        b.u8(SCAP_FD.IPV4_SERVSOCK)
          .bytes(ipv4Bytes(s.dip))
          .u16(s.dport ?? 0)
          .u8(l4);
      } else {
        b.u8(SCAP_FD.IPV4_SOCK).bytes(ipv4Bytes(s?.sip)).bytes(ipv4Bytes(s?.dip));
        b.u16(s?.sport ?? 0)
          .u16(s?.dport ?? 0)
          .u8(l4);
      }
      break;
    case 'ipv6':
      if (s?.serverSocket) {
        b.u8(SCAP_FD.IPV6_SERVSOCK)
          .bytes(ipv6Bytes(s.dip))
          .u16(s.dport ?? 0)
          .u8(l4);
      } else {
        b.u8(SCAP_FD.IPV6_SOCK).bytes(ipv6Bytes(s?.sip)).bytes(ipv6Bytes(s?.dip));
        b.u16(s?.sport ?? 0)
          .u16(s?.dport ?? 0)
          .u8(l4);
      }
      break;
    case 'unix':
      b.u8(SCAP_FD.UNIX_SOCK)
        .u64(s?.unixSource ?? 0n)
        .u64(s?.unixDest ?? 0n);
      b.str16(s?.unixPath ?? fd.name, NAME_MAX);
      break;
    case 'file':
      b.u8(SCAP_FD.FILE_V2)
        .u32(fd.openFlags)
        .str16(fd.name, NAME_MAX)
        .u32(fd.dev ?? 0);
      break;
    default:
      b.u8(NAMED_FD_CODES.get(fd.type) ?? SCAP_FD.UNSUPPORTED).str16(fd.name, NAME_MAX);
  }
  b.patchU32(lenAt, b.pos - lenAt);
}
