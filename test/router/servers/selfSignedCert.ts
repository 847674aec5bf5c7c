// A throwaway self-signed certificate for 127.0.0.1, made with Debian's openssl, for servers
// the tests run with TLS.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { findBinary } from './serverProcess.js';

export interface CertFiles {
  readonly cert: string;
  readonly key: string;
}

export function selfSignedCert(dir: string): CertFiles {
  const openssl = findBinary('openssl', 'openssl');
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
  );
  return { cert, key };
}
