// Debian's prometheus-alertmanager on 127.0.0.1 with a temp config (one receiver that sends
// nowhere), temp storage and clustering off.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeTcpPort, tcpOpen } from './freePort.js';
import { selfSignedCert } from './selfSignedCert.js';
import type { TestCa } from './testCa.js';
import { ServerProcess, findBinary, makeTempDir } from './serverProcess.js';

export interface AlertmanagerServer {
  readonly url: string;
  readonly process: ServerProcess;
}

const CONFIG = `route:
  receiver: nowhere
receivers:
  - name: nowhere
`;

/**
 * `tls`: serve HTTPS with a self-signed certificate (--web.config.file); `mutual`: serve HTTPS
 * with the CA's server certificate and require a client certificate signed by that CA.
 */
export async function startAlertmanager(options: { tls?: boolean; mutual?: TestCa } = {}): Promise<AlertmanagerServer> {
  const binary = findBinary('prometheus-alertmanager', 'prometheus-alertmanager');
  const dir = makeTempDir('alertmanager');
  const port = await freeTcpPort();
  writeFileSync(join(dir, 'alertmanager.yml'), CONFIG);
  const args = [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ];
  if (options.mutual) {
    const m = options.mutual;
    const web = join(dir, 'web.yml');
    writeFileSync(
      web,
      'tls_server_config:\n' +
        `  cert_file: ${JSON.stringify(m.serverCert)}\n  key_file: ${JSON.stringify(m.serverKey)}\n` +
        `  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ${JSON.stringify(m.ca)}\n`,
    );
    args.push(`--web.config.file=${web}`);
  } else if (options.tls) {
    const { cert, key } = selfSignedCert(dir);
    const web = join(dir, 'web.yml');
    writeFileSync(
      web,
      `tls_server_config:\n  cert_file: ${JSON.stringify(cert)}\n  key_file: ${JSON.stringify(key)}\n`,
    );
    args.push(`--web.config.file=${web}`);
  }
  const process = ServerProcess.start('alertmanager', binary, args, dir);
  const secure = options.tls === true || options.mutual !== undefined;
  const url = `${secure ? 'https' : 'http'}://127.0.0.1:${port}`;
  try {
    // Node's fetch cannot skip certificate checks: with TLS, an open port is the readiness sign.
    await process.waitReady(async () =>
      secure ? tcpOpen(port) : (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok,
    );
  } catch (err) {
    await process.stop();
    throw err;
  }
  return { url, process };
}
