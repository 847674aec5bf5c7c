// Debian's Exim (exim4-daemon-light) as an SMTP server on 127.0.0.1 with a temp config: STARTTLS
// with a self-signed cert, authentication required before RCPT — PLAIN (with or without the test
// authorization identity) and LOGIN for one test user, OAUTHBEARER for the test token, EXTERNAL for
// the test identity and ANONYMOUS (any trace) — mail for
// example.test delivered to a maildir in the temp dir. Spool, logs and pid live there too: the
// system's mail setup is not touched.
//
// Exim drops to its Debian-exim user for an alternate config (-C), so the temp dir is that
// user's, while the config itself must stay root's (Exim refuses a -C file owned by anyone else).

import { chownSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeTcpPort, tcpOpen } from './freePort.js';
import { selfSignedCert } from './selfSignedCert.js';
import { ServerProcess, findBinary, makeTempDir } from './serverProcess.js';

export const SMTP_USER = 'kestrel';
export const SMTP_PASSWORD = 's3cret';
export const MAIL_DOMAIN = 'example.test';
export const SMTP_TOKEN = 'ya29.kestrel-test-token';
export const SMTP_IDENTITY = 'ops-identity';

/**
 * The OAUTHBEARER initial response (RFC 7628) Exim accepts: the one Falcosidekick's go-sasl client
 * sends for user SMTP_USER and SMTP_TOKEN to 127.0.0.1:port, byte for byte.
 */
export function expectedOauthBearer(port: number): string {
  return `n,a=${SMTP_USER},\x01host=127.0.0.1\x01port=${port}\x01auth=Bearer ${SMTP_TOKEN}\x01\x01`;
}

export interface EximServer {
  readonly port: number;
  readonly process: ServerProcess;
  /** Delivered messages (raw RFC 5322 text), oldest first. */
  messages(): string[];
  /** Waits (at most 10 s) until at least `n` messages were delivered. */
  waitMessages(n: number): Promise<string[]>;
  /** Exim's main log, for the TLS and authentication it recorded. */
  mainLog(): string;
}

function eximIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Debian-exim:'));
  if (!line) throw new Error('user Debian-exim is missing: apt-get install exim4-daemon-light');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function config(dir: string, port: number, cert: string, key: string): string {
  return `primary_hostname = kestrel-test.localdomain
qualify_domain = kestrel-test.localdomain
local_interfaces = <; 127.0.0.1
daemon_smtp_ports = ${port}
spool_directory = ${dir}/spool
log_file_path = ${dir}/log/%slog
pid_file_path = ${dir}/exim.pid
exim_user = Debian-exim
exim_group = Debian-exim
keep_environment =
host_lookup =
tls_advertise_hosts = *
tls_certificate = ${cert}
tls_privatekey = ${key}
acl_smtp_rcpt = acl_check_rcpt
domainlist local_domains = ${MAIL_DOMAIN}

begin acl
acl_check_rcpt:
  deny message = authentication required
    !authenticated = *
  accept domains = +local_domains
  deny message = relay not permitted

begin routers
to_maildir:
  driver = accept
  domains = +local_domains
  transport = maildir_delivery

begin transports
maildir_delivery:
  driver = appendfile
  directory = ${dir}/Maildir
  maildir_format
  create_directory
  envelope_to_add
  return_path_add
  user = Debian-exim
  group = Debian-exim
  mode = 0644

begin authenticators
plain_server:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and{{eq{$auth2}{${SMTP_USER}}}{eq{$auth3}{${SMTP_PASSWORD}}}{or{{eq{$auth1}{}}{eq{$auth1}{${SMTP_IDENTITY}}}}}}}
  server_set_id = \${if eq{$auth1}{}{$auth2}{$auth2 as $auth1}}
login_server:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = \${if and{{eq{$auth1}{${SMTP_USER}}}{eq{$auth2}{${SMTP_PASSWORD}}}}}
  server_set_id = $auth1
oauthbearer_server:
  driver = plaintext
  public_name = OAUTHBEARER
  server_prompts = :
  # the whole decoded initial response, compared in base64 since it holds 0x01 bytes
  server_condition = \${if eq{\${str2b64:$auth1}}{${Buffer.from(expectedOauthBearer(port)).toString('base64')}}}
  server_set_id = ${SMTP_USER}
external_server:
  driver = plaintext
  public_name = EXTERNAL
  server_prompts = :
  server_condition = \${if eq{$auth1}{${SMTP_IDENTITY}}}
  server_set_id = $auth1
anonymous_server:
  driver = plaintext
  public_name = ANONYMOUS
  server_prompts = :
  server_condition = yes
  server_set_id = trace=<$auth1>
`;
}

export async function startExim(): Promise<EximServer> {
  const binary = findBinary('exim4', 'exim4-daemon-light');
  if (process.getuid?.() !== 0) throw new Error('the Exim test runs as root: Exim accepts a -C config only from root');
  const { uid, gid } = eximIds();
  const dir = makeTempDir('exim');
  const { cert, key } = selfSignedCert(dir);
  const port = await freeTcpPort();
  const conf = join(dir, 'exim.conf');
  writeFileSync(conf, config(dir, port, cert, key), { mode: 0o644 });
  for (const path of [dir, cert, key]) chownSync(path, uid, gid);
  // -bdf: the daemon in the foreground, so the test owns its process.
  const server = ServerProcess.start('exim', binary, ['-C', conf, '-bdf'], dir);
  try {
    await server.waitReady(() => tcpOpen(port));
  } catch (err) {
    await server.stop();
    throw err;
  }
  const maildir = join(dir, 'Maildir', 'new');
  function messages(): string[] {
    let names: string[];
    try {
      names = readdirSync(maildir).sort();
    } catch {
      return [];
    }
    return names.map((n) => readFileSync(join(maildir, n), 'utf8'));
  }
  async function waitMessages(n: number): Promise<string[]> {
    for (let i = 0; i < 100 && messages().length < n; i++) await new Promise((r) => setTimeout(r, 100));
    const got = messages();
    if (got.length < n)
      throw new Error(`exim delivered ${got.length} messages, expected ${n}:\n${server.log}\n${mainLog()}`);
    return got;
  }
  function mainLog(): string {
    try {
      return readFileSync(join(dir, 'log', 'mainlog'), 'utf8');
    } catch {
      return '';
    }
  }
  return { port, process: server, messages, waitMessages, mainLog };
}
