// Debian's nats-server on 127.0.0.1 with a temp config (optionally one user, TLS with a self-signed
// certificate, or TLS requiring and verifying client certificates of a test CA), no JetStream.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeTcpPort, tcpOpen } from './freePort.js';
import { selfSignedCert } from './selfSignedCert.js';
import type { TestCa } from './testCa.js';
import { ServerProcess, findBinary, makeTempDir } from './serverProcess.js';

export interface NatsTestServer {
  readonly url: string;
  readonly port: number;
  readonly process: ServerProcess;
}

export interface NatsOptions {
  readonly auth?: { user: string; password: string };
  /** A fixed port, to restart a server where a client expects it. */
  readonly port?: number;
  /** Require TLS, with a self-signed certificate. */
  readonly tls?: boolean;
  /** Require TLS with the CA's server certificate and a client certificate signed by the CA. */
  readonly mutual?: TestCa;
}

export async function startNats(options: NatsOptions = {}): Promise<NatsTestServer> {
  const { auth } = options;
  const binary = findBinary('nats-server', 'nats-server');
  const dir = makeTempDir('nats');
  const port = options.port ?? (await freeTcpPort());
  const lines = [`listen: "127.0.0.1:${port}"`, `pid_file: "${join(dir, 'nats.pid')}"`];
  if (auth)
    lines.push(`authorization { user: ${JSON.stringify(auth.user)}, password: ${JSON.stringify(auth.password)} }`);
  if (options.tls) {
    const { cert, key } = selfSignedCert(dir);
    lines.push(`tls { cert_file: ${JSON.stringify(cert)}, key_file: ${JSON.stringify(key)} }`);
  } else if (options.mutual) {
    const { serverCert, serverKey, ca } = options.mutual;
    const files = `cert_file: ${JSON.stringify(serverCert)}, key_file: ${JSON.stringify(serverKey)}`;
    lines.push(`tls { ${files}, ca_file: ${JSON.stringify(ca)}, verify: true, timeout: 5 }`);
  }
  writeFileSync(join(dir, 'nats.conf'), `${lines.join('\n')}\n`);
  const process = ServerProcess.start('nats-server', binary, ['-c', join(dir, 'nats.conf')], dir);
  try {
    await process.waitReady(() => tcpOpen(port));
  } catch (err) {
    await process.stop();
    throw err;
  }
  return { url: `nats://127.0.0.1:${port}`, port, process };
}
