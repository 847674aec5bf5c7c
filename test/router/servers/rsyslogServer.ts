// Debian's rsyslogd in the foreground with a temp config: imtcp and imudp on 127.0.0.1, every
// message written by omfile to a temp file, one line per message with each RFC 5424 field
// separated by a tab, its own pid file and work dir. It loads no imuxsock/imklog, so it touches
// neither /dev/log nor /var/log.

import { createSocket } from 'node:dgram';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freeTcpPort, freeUdpPort, tcpOpen } from './freePort.js';
import { ServerProcess, findBinary, makeTempDir } from './serverProcess.js';

export interface SyslogLine {
  pri: string;
  version: string;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: string;
  msg: string;
  /** `tcp` or `udp`: the input that received it. */
  input: string;
}

export interface RsyslogServer {
  readonly tcpPort: number;
  readonly udpPort: number;
  readonly process: ServerProcess;
  /** Lines written so far (the readiness probe left out). */
  lines(): SyslogLine[];
  /** Waits (bounded, at most 10 s) until at least `n` lines were written. */
  waitLines(n: number): Promise<SyslogLine[]>;
}

const PROBE = 'kestrel-readiness-probe';

function config(dir: string, tcpPort: number, udpPort: number): string {
  const fields = [
    'pri',
    'protocol-version',
    'timereported',
    'hostname',
    'app-name',
    'procid',
    'msgid',
    'structured-data',
  ];
  const props = fields
    .map(
      (f) => `  property(name="${f}"${f === 'timereported' ? ' dateFormat="rfc3339"' : ''})\n  constant(value="\\t")`,
    )
    .join('\n');
  return `global(workDirectory="${join(dir, 'work')}" maxMessageSize="64k")
module(load="imtcp")
module(load="imudp")
input(type="imtcp" address="127.0.0.1" port="${tcpPort}" ruleset="kestrel" name="tcp")
input(type="imudp" address="127.0.0.1" port="${udpPort}" ruleset="kestrel" name="udp")
template(name="kestrelFields" type="list") {
${props}
  property(name="msg" droplastlf="on" controlcharacters="escape")
  constant(value="\\t")
  property(name="inputname")
  constant(value="\\n")
}
ruleset(name="kestrel") {
  action(type="omfile" file="${join(dir, 'messages.log')}" template="kestrelFields")
}
`;
}

function parse(text: string): SyslogLine[] {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.includes(PROBE))
    .map((l) => {
      const [pri, version, timestamp, hostname, appName, procId, msgId, structuredData, msg, input] = l.split('\t');
      return {
        pri,
        version,
        timestamp,
        hostname,
        appName,
        procId,
        msgId,
        structuredData,
        msg,
        input: input === 'imtcp' ? 'tcp' : input === 'imudp' ? 'udp' : input,
      };
    });
}

export async function startRsyslog(): Promise<RsyslogServer> {
  const binary = findBinary('rsyslogd', 'rsyslog');
  const dir = makeTempDir('rsyslog');
  mkdirSync(join(dir, 'work'));
  const tcpPort = await freeTcpPort();
  const udpPort = await freeUdpPort();
  writeFileSync(join(dir, 'rsyslog.conf'), config(dir, tcpPort, udpPort));
  const file = join(dir, 'messages.log');
  const args = ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')];
  const process = ServerProcess.start('rsyslogd', binary, args, dir);
  const read = () => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const probe = createSocket('udp4');
  try {
    // Ready when TCP accepts and a UDP probe made it to the file: both inputs are up.
    await process.waitReady(async () => {
      if (!(await tcpOpen(tcpPort))) return false;
      probe.send(`<14>1 - - ${PROBE} - - - ${PROBE}`, udpPort, '127.0.0.1');
      return read().includes(PROBE);
    });
  } catch (err) {
    await process.stop();
    throw err;
  } finally {
    probe.close();
  }
  const lines = () => parse(read());
  async function waitLines(n: number): Promise<SyslogLine[]> {
    for (let i = 0; i < 100 && lines().length < n; i++) await new Promise((r) => setTimeout(r, 100));
    const got = lines();
    if (got.length < n) throw new Error(`rsyslog wrote ${got.length} lines, expected ${n}:\n${read()}\n${process.log}`);
    return got;
  }
  return { tcpPort, udpPort, process, lines, waitLines };
}
