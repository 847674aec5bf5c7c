// Port literals: digits are a port number (truncated to 16 bits, as libsinsp's cast does);
// other text is a service name, which libsinsp resolves with getservbyname(). Kestrel carries
// the well-known service names of a standard /etc/services instead of reading the host's.

const SERVICES: ReadonlyMap<string, number> = new Map([
  ['tcpmux', 1],
  ['echo', 7],
  ['discard', 9],
  ['systat', 11],
  ['daytime', 13],
  ['netstat', 15],
  ['chargen', 19],
  ['ftp-data', 20],
  ['ftp', 21],
  ['ssh', 22],
  ['telnet', 23],
  ['smtp', 25],
  ['time', 37],
  ['whois', 43],
  ['tacacs', 49],
  ['domain', 53],
  ['gopher', 70],
  ['finger', 79],
  ['http', 80],
  ['www', 80],
  ['kerberos', 88],
  ['pop3', 110],
  ['sunrpc', 111],
  ['auth', 113],
  ['nntp', 119],
  ['ntp', 123],
  ['epmap', 135],
  ['netbios-ns', 137],
  ['netbios-dgm', 138],
  ['netbios-ssn', 139],
  ['imap2', 143],
  ['imap', 143],
  ['snmp', 161],
  ['snmp-trap', 162],
  ['bgp', 179],
  ['irc', 194],
  ['ldap', 389],
  ['https', 443],
  ['microsoft-ds', 445],
  ['kpasswd', 464],
  ['submissions', 465],
  ['syslog', 514],
  ['printer', 515],
  ['submission', 587],
  ['ldaps', 636],
  ['rsync', 873],
  ['ftps', 990],
  ['imaps', 993],
  ['pop3s', 995],
  ['socks', 1080],
  ['openvpn', 1194],
  ['ms-sql-s', 1433],
  ['ingreslock', 1524],
  ['l2tp', 1701],
  ['radius', 1812],
  ['nfs', 2049],
  ['iscsi-target', 3260],
  ['mysql', 3306],
  ['ms-wbt-server', 3389],
  ['postgresql', 5432],
  ['amqp', 5672],
  ['x11', 6000],
  ['http-alt', 8080],
]);

export function parsePortLiteral(text: string): number {
  if (text.length === 0) return 0;
  if (/^[0-9]+$/.test(text)) {
    // stoi() would overflow past INT_MAX; keep the low bits like the final uint16_t cast
    return Number(BigInt.asUintN(16, BigInt(text)));
  }
  const port = SERVICES.get(text);
  if (port === undefined) throw new Error(`unrecognized protocol ${text}`);
  return port;
}
