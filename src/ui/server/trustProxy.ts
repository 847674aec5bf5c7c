// `--trust-proxy`: the reverse proxies whose X-Forwarded-For is believed, as IP addresses or
// CIDRs. fastify's own `trustProxy` (proxy-addr) does the work: from a trusted peer, request.ip
// is the rightmost address in X-Forwarded-For that is not itself a trusted proxy; from any other
// peer the header is ignored. (fastify then also believes X-Forwarded-Host and -Proto from it,
// which this server does not read: the Origin check uses the Host header.) The check here is
// stricter than proxy-addr's parser (which also takes `127.1`, netmasks and names such as
// `loopback`) so that the option means one thing.

import { isIP } from 'node:net';

/** The entries of a comma-separated list; an empty or blank list is no proxies. */
export function proxyList(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((e) => e.trim());
}

/** What is wrong with one entry, or undefined when it is an address or a CIDR proxy-addr takes. */
export function proxyEntryProblem(entry: string): string | undefined {
  if (entry === '') return 'an empty entry (a stray comma?)';
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  // zone ids (fe80::1%eth0) are refused: peers' addresses do not reliably carry them
  const family = address.includes('%') ? 0 : isIP(address);
  if (family === 0)
    return `${JSON.stringify(entry)} is not an IP address or CIDR (such as 10.0.0.5, 10.0.0.0/8, fd00::/8)`;
  if (slash === -1) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = entry.slice(slash + 1);
  // /0 would trust every peer, and proxy-addr refuses it
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) < 1 || Number(prefix) > max)
    return `${JSON.stringify(entry)}: the prefix length must be 1 to ${max}`;
  return undefined;
}
