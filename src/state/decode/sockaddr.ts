// Decoders for the driver's socket parameters (PT_SOCKADDR, PT_SOCKTUPLE): a family byte, then
// addresses and ports. IPv4/IPv6 addresses are in network byte order (as the kernel keeps them);
// ports are little-endian u16 (the driver converts them to host order). Unix tuples carry two
// kernel socket pointers (u64) and a path. Text renderings follow libsinsp's.

/** PPM_AF_* family values as the driver writes them. */
export const PPM_AF_UNSPEC = 0;
export const PPM_AF_UNIX = 1;
export const PPM_AF_INET = 2;
export const PPM_AF_INET6 = 10;
export const PPM_AF_NETLINK = 16;

export interface InetAddr {
  family: typeof PPM_AF_INET | typeof PPM_AF_INET6;
  /** Dotted quad for IPv4, canonical text for IPv6. */
  ip: string;
  port: number;
}

export interface UnixAddr {
  family: typeof PPM_AF_UNIX;
  path: string;
}

export interface OtherAddr {
  family: number;
}

export type SockAddr = InetAddr | UnixAddr | OtherAddr;

export interface InetTuple {
  family: typeof PPM_AF_INET | typeof PPM_AF_INET6;
  sip: string;
  sport: number;
  dip: string;
  dport: number;
  /** IPv6 tuple whose both ends are IPv4-mapped (libsinsp then treats the socket as IPv4). */
  v4Mapped?: boolean;
}

export interface UnixTuple {
  family: typeof PPM_AF_UNIX;
  /** Kernel pointers of this socket and its peer. */
  source: bigint;
  dest: bigint;
  path: string;
}

export type SockTuple = InetTuple | UnixTuple | OtherAddr;

/** Raised when a socket parameter is shorter than its family requires. */
export class SockDecodeError extends Error {}

export function formatIpv4(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** Whether the 16 bytes at `at` are an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
export function isV4Mapped(b: Uint8Array, at: number): boolean {
  for (let i = 0; i < 10; i++) if (b[at + i] !== 0) return false;
  return b[at + 10] === 0xff && b[at + 11] === 0xff;
}

/** Canonical IPv6 text (RFC 5952: lowercase, longest zero run compressed), like inet_ntop. */
export function formatIpv6(b: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((b[at + 2 * i] << 8) | b[at + 2 * i + 1]);
  // inet_ntop renders IPv4-mapped and IPv4-compatible addresses with a dotted tail.
  if (isV4Mapped(b, at)) return `::ffff:${formatIpv4(b, at + 12)}`;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

function need(b: Uint8Array, n: number, what: string): void {
  if (b.length < n) throw new SockDecodeError(`${what}: ${b.length} bytes, at least ${n} needed`);
}

function readU16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

function readU64(b: Uint8Array, at: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i]);
  return v;
}

function readCString(b: Uint8Array, at: number): string {
  let e = at;
  while (e < b.length && b[e] !== 0) e++;
  return Buffer.from(b.buffer, b.byteOffset + at, e - at).toString('utf8');
}

/** Decodes a PT_SOCKADDR parameter; undefined when it is empty. Throws SockDecodeError when short. */
export function decodeSockaddr(b: Uint8Array | undefined): SockAddr | undefined {
  if (b === undefined || b.length === 0) return undefined;
  const family = b[0];
  switch (family) {
    case PPM_AF_INET:
      need(b, 7, 'IPv4 sockaddr');
      return { family, ip: formatIpv4(b, 1), port: readU16(b, 5) };
    case PPM_AF_INET6:
      need(b, 19, 'IPv6 sockaddr');
      return { family, ip: formatIpv6(b, 1), port: readU16(b, 17) };
    case PPM_AF_UNIX:
      return { family, path: readCString(b, 1) };
    default:
      return { family };
  }
}

/** Decodes a PT_SOCKTUPLE parameter; undefined when it is empty. Throws SockDecodeError when short. */
export function decodeSocktuple(b: Uint8Array | undefined): SockTuple | undefined {
  if (b === undefined || b.length === 0) return undefined;
  const family = b[0];
  switch (family) {
    case PPM_AF_INET:
      need(b, 13, 'IPv4 socktuple');
      return { family, sip: formatIpv4(b, 1), sport: readU16(b, 5), dip: formatIpv4(b, 7), dport: readU16(b, 11) };
    case PPM_AF_INET6: {
      need(b, 37, 'IPv6 socktuple');
      const mapped = isV4Mapped(b, 1) && isV4Mapped(b, 19);
      if (mapped) {
        return {
          family,
          sip: formatIpv4(b, 13),
          sport: readU16(b, 17),
          dip: formatIpv4(b, 31),
          dport: readU16(b, 35),
          v4Mapped: true,
        };
      }
      return { family, sip: formatIpv6(b, 1), sport: readU16(b, 17), dip: formatIpv6(b, 19), dport: readU16(b, 35) };
    }
    case PPM_AF_UNIX:
      need(b, 17, 'unix socktuple');
      return { family, source: readU64(b, 1), dest: readU64(b, 9), path: readCString(b, 17) };
    default:
      return { family };
  }
}

/** `ip:port` as libsinsp prints an endpoint (IPv6 addresses are not bracketed). */
export function endpointText(ip: string, port: number): string {
  return `${ip}:${port}`;
}

/** libsinsp's text for a unix tuple: `<source hex>-><dest hex> <path>`. */
export function unixTupleText(source: bigint, dest: bigint, path: string): string {
  return `${source.toString(16)}->${dest.toString(16)} ${path}`;
}

/** The text libsinsp shows for a PT_SOCKTUPLE parameter (PF_SIMPLE). */
export function socktupleText(t: SockTuple | undefined): string {
  if (t === undefined) return 'NULL';
  if ('sip' in t) return `${endpointText(t.sip, t.sport)}->${endpointText(t.dip, t.dport)}`;
  if ('source' in t) return unixTupleText(t.source, t.dest, t.path);
  return `family ${t.family}`;
}

/** The text libsinsp shows for a PT_SOCKADDR parameter (PF_SIMPLE). */
export function sockaddrText(a: SockAddr | undefined): string {
  if (a === undefined) return 'NULL';
  if ('ip' in a) return endpointText(a.ip, a.port);
  if ('path' in a) return a.path;
  return `family ${a.family}`;
}
