// The intake over TLS and mutual TLS, with a CA, server and client certificates the test makes
// with openssl.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { describe, it } from 'node:test';
import { falcoAlert, routerInProcess, tempDir, waitUntil, WebhookReceiver } from './support.js';

interface Pki {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
}

function makePki(dir: string): Pki {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=kestrel test CA',
    ],
    dir,
  );
  writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  const leaf = (name: string, ext: string[]) => {
    openssl(
      ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        ...ext,
      ],
      dir,
    );
  };
  leaf('server', ['-extfile', 'server.ext']);
  leaf('client', []);
  const p = (f: string) => path.join(dir, f);
  return {
    ca: p('ca.pem'),
    serverCert: p('server.pem'),
    serverKey: p('server.key'),
    clientCert: p('client.pem'),
    clientKey: p('client.key'),
  };
}

function httpsPost(url: string, body: unknown, tls: https.RequestOptions): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, ...tls },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('router intake over TLS', () => {
  it('serves HTTPS with the configured certificate', async (t) => {
    const dir = tempDir(t);
    const pki = makePki(dir);
    const hook = await WebhookReceiver.start(t);
    const router = await routerInProcess(t, {
      QUEUE_DIR: path.join(dir, 'q'),
      WEBHOOK_ADDRESS: hook.url,
      TLSSERVER_DEPLOY: 'true',
      TLSSERVER_CERTFILE: pki.serverCert,
      TLSSERVER_KEYFILE: pki.serverKey,
    });
    assert.match(router.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await httpsPost(router.url, falcoAlert(1), { ca: readFileSync(pki.ca) });
    assert.equal(res.status, 200);
    await waitUntil(() => hook.received.length === 1, 'the alert sent over TLS');
    // a client that does not trust the CA refuses the server
    await assert.rejects(httpsPost(router.url, falcoAlert(2), {}), /self-signed certificate|unable to verify/);
  });

  it('with mutual TLS, needs a client certificate signed by the CA', async (t) => {
    const dir = tempDir(t);
    const pki = makePki(dir);
    const hook = await WebhookReceiver.start(t);
    const router = await routerInProcess(t, {
      QUEUE_DIR: path.join(dir, 'q'),
      WEBHOOK_ADDRESS: hook.url,
      TLSSERVER_DEPLOY: 'true',
      TLSSERVER_CERTFILE: pki.serverCert,
      TLSSERVER_KEYFILE: pki.serverKey,
      TLSSERVER_MUTUALTLS: 'true',
      TLSSERVER_CAFILE: pki.ca,
    });
    const ca = readFileSync(pki.ca);
    await assert.rejects(httpsPost(router.url, falcoAlert(1), { ca }));
    // a certificate from another CA is refused too
    const other = makePki(tempDir(t));
    await assert.rejects(
      httpsPost(router.url, falcoAlert(1), {
        ca,
        cert: readFileSync(other.clientCert),
        key: readFileSync(other.clientKey),
      }),
    );
    const res = await httpsPost(router.url, falcoAlert(1), {
      ca,
      cert: readFileSync(pki.clientCert),
      key: readFileSync(pki.clientKey),
    });
    assert.equal(res.status, 200, res.text);
    await waitUntil(() => hook.received.length === 1, 'the alert sent with a client certificate');
  });
});
