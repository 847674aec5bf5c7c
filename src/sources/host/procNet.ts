// Sockets by inode, from /proc/net/{tcp,tcp6,udp,udp6,raw,raw6,unix} of a network namespace: lets
// the /proc scan name a socket fd (`socket:[1234]`) the way libscap's scan does.

import { readFileSync } from 'node:fs';
import type { L4Proto, SocketInfo } from '../../state/types.js';

export interface ProcSocket {
  family: 'ipv4' | 'ipv6' | 'unix';
  sock: SocketInfo;
}

/** `0100007F:1F90` (little-endian words) → ['127.0.0.1', 8080]. */
function inetAddr(hex: string, v6: boolean): [string, number] {
  const [a, p] = hex.split(':');
  const port = parseInt(p, 16);
  if (!v6) {
    const n = parseInt(a, 16);
    return [`${n & 0xff}.${(n >>> 8) & 0xff}.${(n >>> 16) & 0xff}.${n >>> 24}`, port];
  }
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = parseInt(a.slice(w * 8, w * 8 + 8), 16);
    bytes.push(word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24);
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  // IPv4-mapped addresses read as IPv4, as libsinsp shows them.
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    return [`${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`, port];
  }
  return [compressV6(groups), port];
}

function compressV6(groups: string[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(1);
  } catch {
    return [];
  }
}

function readInet(root: string, file: string, l4proto: L4Proto, v6: boolean, out: Map<number, ProcSocket>): void {
  for (const line of readLines(`${root}/net/${file}`)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const inode = Number(f[9]);
    if (!inode) continue;
    const [lip, lport] = inetAddr(f[1], v6);
    const [rip, rport] = inetAddr(f[2], v6);
    // State 0A is LISTEN: a server socket keeps its local address as the server side.
    const listening = l4proto === 'tcp' && f[3] === '0A';
    const sock: SocketInfo = listening
      ? { l4proto, dip: lip, dport: lport, serverSocket: true, isServer: true }
      : { l4proto, sip: lip, sport: lport, dip: rip, dport: rport };
    out.set(inode, { family: v6 && !lip.includes('.') ? 'ipv6' : 'ipv4', sock });
  }
}

function readUnix(root: string, out: Map<number, ProcSocket>): void {
  for (const line of readLines(`${root}/net/unix`)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    const inode = Number(f[6]);
    if (!inode) continue;
    out.set(inode, {
      family: 'unix',
      sock: {
        l4proto: 'unknown',
        unixPath: f[7] ?? '',
        unixSource: BigInt(`0x${f[0].replace(/:$/, '')}`),
        unixDest: 0n,
      },
    });
  }
}

/** Every socket of the network namespace seen through `root` (/proc or /proc/PID). */
export function readProcSockets(root = '/proc'): Map<number, ProcSocket> {
  const out = new Map<number, ProcSocket>();
  readInet(root, 'tcp', 'tcp', false, out);
  readInet(root, 'udp', 'udp', false, out);
  readInet(root, 'raw', 'raw', false, out);
  readInet(root, 'tcp6', 'tcp', true, out);
  readInet(root, 'udp6', 'udp', true, out);
  readInet(root, 'raw6', 'raw', true, out);
  readUnix(root, out);
  return out;
}
