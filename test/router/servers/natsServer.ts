// Debian's nats-server on 127.0.0.1 with a temp config (optionally one user), no JetStream.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeTcpPort, tcpOpen } from './freePort.js';
import { selfSignedCert } from './selfSignedCert.js';
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
