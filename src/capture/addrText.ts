// Address text back to the network-order bytes the capture format stores (the inverse of the
// state's formatIpv4 / formatIpv6). Unparsable text gives zeros rather than an error: the
// writer never refuses a state entry.

export function ipv4Bytes(text: string | undefined): Buffer {
  const out = Buffer.alloc(4);
  if (text === undefined) return out;
  const parts = text.split('.');
  if (parts.length !== 4) return out;
  for (let i = 0; i < 4; i++) {
    const v = Number(parts[i]);
    if (!Number.isInteger(v) || v < 0 || v > 255) return Buffer.alloc(4);
    out[i] = v;
  }
  return out;
}

export function ipv6Bytes(text: string | undefined): Buffer {
  const out = Buffer.alloc(16);
  if (text === undefined || text === '') return out;
  let groups: number[] = [];
  // A dotted IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
  let s = text;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) > 0) {
    const v4 = ipv4Bytes(s.slice(lastColon + 1));
    s = `${s.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return out;
  const parse = (h: string) => (h === '' ? [] : h.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0]);
  if (halves.length === 2) {
    const tail = parse(halves[1]);
    groups = [...head, ...new Array<number>(Math.max(0, 8 - head.length - tail.length)).fill(0), ...tail];
  } else groups = head;
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return out;
  for (let i = 0; i < 8; i++) out.writeUInt16BE(groups[i], i * 2);
  return out;
}
