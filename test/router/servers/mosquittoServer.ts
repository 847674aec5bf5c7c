// Debian's mosquitto on 127.0.0.1 with a temp config: one listener, no persistence, anonymous
// or one user (password file made with mosquitto_passwd), optionally TLS with a self-signed cert.

import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeTcpPort, tcpOpen } from './freePort.js';
import { selfSignedCert } from './selfSignedCert.js';
import { ServerProcess, findBinary, makeTempDir } from './serverProcess.js';

export interface MosquittoOptions {
  readonly auth?: { user: string; password: string };
  readonly tls?: boolean;
}

export interface MosquittoServer {
  readonly port: number;
  readonly process: ServerProcess;
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoServer> {
  const binary = findBinary('mosquitto', 'mosquitto');
  const dir = makeTempDir('mosquitto');
  // mosquitto drops root privileges to its user, who must read the files here.
  chmodSync(dir, 0o755);
  const port = await freeTcpPort();
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false', 'log_dest stderr'];
  if (options.auth) {
    const passwd = findBinary('mosquitto_passwd', 'mosquitto');
    const file = join(dir, 'passwd');
    writeFileSync(file, '');
    execFileSync(passwd, ['-b', file, options.auth.user, options.auth.password], { stdio: 'pipe', timeout: 10_000 });
    chmodSync(file, 0o644);
    lines.push('allow_anonymous false', `password_file ${file}`);
  } else lines.push('allow_anonymous true');
  if (options.tls) {
    const { cert, key } = selfSignedCert(dir);
    chmodSync(key, 0o644);
    lines.push(`certfile ${cert}`, `keyfile ${key}`);
  }
  writeFileSync(join(dir, 'mosquitto.conf'), `${lines.join('\n')}\n`);
  const process = ServerProcess.start('mosquitto', binary, ['-c', join(dir, 'mosquitto.conf')], dir);
  try {
    await process.waitReady(() => tcpOpen(port));
  } catch (err) {
    await process.stop();
    throw err;
  }
  return { port, process };
}
