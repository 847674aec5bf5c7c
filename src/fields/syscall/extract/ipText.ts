// Address text as libsinsp writes it: dotted IPv4 from network-order bytes, IPv6 as inet_ntop does
// (lower-case hex, the longest run of zero groups shortened to `::`, IPv4-mapped tail dotted).

export function ipv4Text(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** Whether 16 bytes at `at` hold an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
export function isIpv4Mapped(b: Uint8Array, at: number): boolean {
  for (let i = 0; i < 10; i++) if (b[at + i] !== 0) return false;
  return b[at + 10] === 0xff && b[at + 11] === 0xff;
}

export function ipv6Text(b: Uint8Array, at: number): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[at + 2 * i] << 8) | b[at + 2 * i + 1]);
  // inet_ntop writes ::ffff:a.b.c.d and ::a.b.c.d (deprecated compatible form) with a dotted tail
  const mapped = isIpv4Mapped(b, at);
  const compatible = !mapped && words.slice(0, 6).every((w) => w === 0) && (words[6] !== 0 || words[7] > 1);
  const groups = mapped || compatible ? 6 : 8;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  let out = '';
  for (let i = 0; i < groups; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out.length > 0 && !out.endsWith(':')) out += ':';
    out += words[i].toString(16);
  }
  if (groups === 6) {
    if (!out.endsWith(':')) out += ':';
    out += ipv4Text(b, at + 12);
  }
  return out;
}
