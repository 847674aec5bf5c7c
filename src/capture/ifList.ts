// Interface-list blocks (IL_BLOCK_TYPE, v2): the host's interface addresses. Entry: u16 type,
// u16 name length, addresses (IPv4: u32 addr/netmask/bcast; IPv6: 16 bytes each), a u64 link
// speed (absent in the *_NOLINKSPEED types), then the name. v2 entries start with their u32
// length (not counting itself).

import { formatIpv4, formatIpv6 } from '../state/decode/sockaddr.js';
import { Cursor } from './cursor.js';
import { BlockBodyError } from './errors.js';
import { SCAP_MAX_PATH_SIZE } from './limits.js';
import type { NetInterface } from './sink.js';

export const SCAP_II = { IPV4: 1, IPV6: 2, IPV4_NOLINKSPEED: 3, IPV6_NOLINKSPEED: 4 } as const;

export function decodeIfList(c: Cursor, v2: boolean, emit: (i: NetInterface) => void): number {
  let n = 0;
  while (c.remaining >= 4) {
    const at = c.offset;
    const blockEnd = c.end;
    let end = -1;
    if (v2) {
      const len = c.u32('interface entry length');
      end = c.pos + len;
      if (end > c.end)
        throw new BlockBodyError(at, `interface entry at byte ${at} declares length ${len}, past its block`);
      c.end = end;
    }
    try {
      emit(decodeEntry(c));
      n++;
      if (end >= 0) c.pos = end;
    } finally {
      c.end = blockEnd;
    }
  }
  return n;
}

function decodeEntry(c: Cursor): NetInterface {
  const at = c.offset;
  const type = c.u16('interface type');
  const nameLen = c.u16('interface name length');
  if (nameLen >= SCAP_MAX_PATH_SIZE) {
    throw new BlockBodyError(at, `interface name length ${nameLen} at byte ${at} exceeds the limit`);
  }
  let family: 'ipv4' | 'ipv6';
  let addr: string;
  let netmask: string;
  let bcast: string;
  let linkSpeed = 0;
  if (type === SCAP_II.IPV4 || type === SCAP_II.IPV4_NOLINKSPEED) {
    const b = c.bytes(12, 'ipv4 interface addresses');
    family = 'ipv4';
    addr = formatIpv4(b, 0);
    netmask = formatIpv4(b, 4);
    bcast = formatIpv4(b, 8);
  } else if (type === SCAP_II.IPV6 || type === SCAP_II.IPV6_NOLINKSPEED) {
    const b = c.bytes(48, 'ipv6 interface addresses');
    family = 'ipv6';
    addr = formatIpv6(b, 0);
    netmask = formatIpv6(b, 16);
    bcast = formatIpv6(b, 32);
  } else {
    throw new BlockBodyError(at, `unknown interface type ${type} at byte ${at}`);
  }
  if (type === SCAP_II.IPV4 || type === SCAP_II.IPV6) linkSpeed = c.u64n('link speed');
  const nb = c.bytes(nameLen, 'interface name');
  const z = nb.indexOf(0);
  return { name: nb.toString('utf8', 0, z < 0 ? nameLen : z), family, addr, netmask, bcast, linkSpeed };
}
