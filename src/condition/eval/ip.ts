// IP addresses and networks: literals parsed as libsinsp does (inet_pton rules, its messages),
// and allocation-free matching of extracted values (text, 4/16 bytes, or an IPv4 number).

import type { FieldScalar } from '../../fields/types.js';
import { parseCInteger } from './numbers.js';

export interface IpAddrConst {
  v6: boolean;
  /** IPv4 address as an unsigned 32-bit number (a.b.c.d = a<<24 | ...). */
  v4: number;
  /** IPv6 address as eight 16-bit groups. */
  words: Uint16Array;
}

export interface IpNetConst {
  v6: boolean;
  /** IPv4 network address, already masked. */
  v4: number;
  mask: number;
  words: Uint16Array;
  prefix: number;
}

const U8 = { bits: 8, signed: false, scanBits: 32 } as const;

/** Parses dotted-quad IPv4 text in s[start, end) as inet_pton does; -1 when invalid. */
export function parseIPv4Range(s: string, start: number, end: number): number {
  let value = 0;
  let octets = 0;
  let octet = -1;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1; // leading zero
      octet = Math.max(octet, 0) * 10 + (c - 48);
      digits++;
      if (octet > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || octets === 3) return -1;
      value = value * 256 + octet;
      octets++;
      octet = -1;
      digits = 0;
    } else {
      return -1;
    }
  }
  if (digits === 0 || octets !== 3) return -1;
  return value * 256 + octet;
}

export function parseIPv4(s: string): number {
  return parseIPv4Range(s, 0, s.length);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Parses IPv6 text (with `::` and an optional trailing IPv4 part) into `out`. */
export function parseIPv6(s: string, out: Uint16Array): boolean {
  const n = s.length;
  let i = 0;
  let groups = 0;
  let gap = -1;
  if (n >= 2 && s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    if (groups >= 8) return false;
    const start = i;
    let value = 0;
    let digits = 0;
    while (i < n) {
      const h = hexValue(s.charCodeAt(i));
      if (h < 0) break;
      value = value * 16 + h;
      if (++digits > 4) return false;
      i++;
    }
    if (i < n && s.charCodeAt(i) === 46) {
      if (groups > 6) return false;
      const v4 = parseIPv4Range(s, start, n);
      if (v4 < 0) return false;
      out[groups++] = Math.floor(v4 / 65536);
      out[groups++] = v4 % 65536;
      i = n;
      break;
    }
    if (digits === 0) return false;
    out[groups++] = value;
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i < n && s.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = groups;
      i++;
    } else if (i === n) {
      return false;
    }
  }
  if (gap < 0) return groups === 8;
  if (groups === 8) return false;
  const tail = groups - gap;
  for (let k = 0; k < tail; k++) out[7 - k] = out[groups - 1 - k];
  for (let k = gap; k < 8 - tail; k++) out[k] = 0;
  return true;
}

export function parseIpAddrLiteral(text: string): IpAddrConst {
  const words = new Uint16Array(8);
  if (text.includes('.')) {
    const v4 = parseIPv4(text);
    if (v4 < 0) throw new Error(`unrecognized IPv4 address ${text}`);
    return { v6: false, v4, words };
  }
  if (!parseIPv6(text, words)) throw new Error(`unrecognized IPv6 address ${text}`);
  return { v6: true, v4: 0, words };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function parseIpNetLiteral(text: string): IpNetConst {
  const words = new Uint16Array(8);
  const slash = text.indexOf('/');
  if (text.includes('.')) {
    if (slash < 0) throw new Error(`unrecognized IP network ${text}`);
    const ip = parseIPv4(text.slice(0, slash));
    if (ip < 0) throw new Error(`unrecognized IP address ${text}`);
    const maskText = text.slice(slash + 1);
    const prefix = Number(parseCInteger(maskText, U8));
    if (prefix > 32) throw new Error(`invalid netmask ${maskText}`);
    const mask = maskOf(prefix);
    return { v6: false, v4: (ip & mask) >>> 0, mask, words, prefix };
  }
  if (slash < 0) throw new Error(`invalid v6 netmask: ${text}`);
  if (!parseIPv6(text.slice(0, slash), words)) throw new Error(`unrecognized IPv6 address ${text}`);
  const maskText = text.slice(slash + 1);
  const prefix = Number(parseCInteger(maskText, U8));
  if (prefix === 0 || prefix > 128) throw new Error(`invalid v6 netmask ${maskText}`);
  return { v6: true, v4: 0, mask: 0, words, prefix };
}

// Scratch space for decoding an extracted value; evaluation is synchronous, so one suffices.
const scratch = new Uint16Array(8);
let scratchV4 = 0;

/** Decodes an extracted address into the scratch space: 4, 6, or 0 when it is not an address. */
function decode(v: FieldScalar): 0 | 4 | 6 {
  if (typeof v === 'string') {
    if (v.includes(':')) return parseIPv6(v, scratch) ? 6 : 0;
    scratchV4 = parseIPv4(v);
    return scratchV4 < 0 ? 0 : 4;
  }
  if (v instanceof Uint8Array) {
    if (v.length === 4) {
      scratchV4 = ((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]) >>> 0;
      return 4;
    }
    if (v.length === 16) {
      for (let k = 0; k < 8; k++) scratch[k] = (v[2 * k] << 8) | v[2 * k + 1];
      return 6;
    }
    return 0;
  }
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) {
    scratchV4 = v;
    return 4;
  }
  return 0;
}

/** Address equality; addresses of different families are never equal. */
export function ipEquals(v: FieldScalar, c: IpAddrConst): boolean {
  const family = decode(v);
  if (family === 4) return !c.v6 && scratchV4 === c.v4;
  if (family === 6) {
    if (!c.v6) return false;
    for (let k = 0; k < 8; k++) if (scratch[k] !== c.words[k]) return false;
    return true;
  }
  return false;
}

/** Whether an address lies in a network; never across families. */
export function ipInNet(v: FieldScalar, c: IpNetConst): boolean {
  const family = decode(v);
  if (family === 4) return !c.v6 && (scratchV4 & c.mask) >>> 0 === c.v4;
  if (family === 6) {
    if (!c.v6) return false;
    let bits = c.prefix;
    for (let k = 0; k < 8 && bits > 0; k++) {
      const take = Math.min(bits, 16);
      const shift = 16 - take;
      if (scratch[k] >> shift !== c.words[k] >> shift) return false;
      bits -= take;
    }
    return true;
  }
  return false;
}

/** Equality of two extracted addresses (for comparisons against another field). */
export function ipValuesEqual(a: FieldScalar, b: FieldScalar): boolean {
  const fa = decode(a);
  if (fa === 0) return false;
  if (fa === 4) {
    const va = scratchV4;
    return decode(b) === 4 && scratchV4 === va;
  }
  const w0 = scratch[0];
  const w1 = scratch[1];
  const w2 = scratch[2];
  const w3 = scratch[3];
  const w4 = scratch[4];
  const w5 = scratch[5];
  const w6 = scratch[6];
  const w7 = scratch[7];
  if (decode(b) !== 6) return false;
  return (
    scratch[0] === w0 &&
    scratch[1] === w1 &&
    scratch[2] === w2 &&
    scratch[3] === w3 &&
    scratch[4] === w4 &&
    scratch[5] === w5 &&
    scratch[6] === w6 &&
    scratch[7] === w7
  );
}
