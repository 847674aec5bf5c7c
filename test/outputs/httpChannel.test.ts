import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OutputChannelError } from '../../src/outputs/channels/channel.js';
import { HttpChannel, type HttpChannelOptions } from '../../src/outputs/channels/http.js';
import { testAlert } from './testAlert.js';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

function collect(received: Received[], handler: Handler) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  };
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function options(url: string, more: Partial<HttpChannelOptions> = {}): HttpChannelOptions {
  return {
    url,
    userAgent: 'falcosecurity/falco',
    jsonOutput: true,
    insecure: false,
    caCert: '',
    caBundle: '',
    caPath: '/etc/ssl/certs',
    mtls: false,
    clientCert: '',
    clientKey: '',
    compressUploads: false,
    keepAlive: false,
    echo: false,
    maxConsecutiveTimeouts: 5,
    timeoutMs: 5000,
    ...more,
  };
}

const ok: Handler = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('ok');
};

describe('HttpChannel over http', () => {
  test('POSTs each alert line as Falcosidekick expects', async () => {
    const received: Received[] = [];
    const server = http.createServer(collect(received, ok));
    const port = await listen(server);
    try {
      const ch = new HttpChannel(options(`http://127.0.0.1:${port}/`));
      await ch.write(testAlert(), '{"output":"x","priority":"Warning"}');
      await ch.write(testAlert(), '{"output":"y"}');
      ch.close();
      assert.equal(received.length, 2);
      assert.equal(received[0].method, 'POST');
      assert.equal(received[0].url, '/');
      assert.equal(received[0].headers['content-type'], 'application/json');
      assert.equal(received[0].headers['user-agent'], 'falcosecurity/falco');
      assert.equal(received[0].body, '{"output":"x","priority":"Warning"}');
      assert.equal(received[1].body, '{"output":"y"}');
    } finally {
      await close(server);
    }
  });

  test('text alerts are text/plain; quotes around the URL are dropped; compress_uploads asks for TE gzip', async () => {
    const received: Received[] = [];
    const server = http.createServer(collect(received, ok));
    const port = await listen(server);
    try {
      const ch = new HttpChannel(
        options(`"http://127.0.0.1:${port}/falco"`, { jsonOutput: false, compressUploads: true, userAgent: 'kestrel' }),
      );
      await ch.write(testAlert(), '12:00:00.000000000: Warning x');
      ch.close();
      assert.equal(received[0].headers['content-type'], 'text/plain');
      assert.equal(received[0].headers['user-agent'], 'kestrel');
      assert.equal(received[0].headers.te, 'gzip');
      assert.equal(received[0].url, '/falco');
    } finally {
      await close(server);
    }
  });

  test('a closed port is reported', async () => {
    const server = http.createServer();
    const port = await listen(server);
    await close(server);
    const ch = new HttpChannel(options(`http://127.0.0.1:${port}/`));
    await assert.rejects(
      ch.write(testAlert(), '{}'),
      (e: unknown) =>
        e instanceof OutputChannelError &&
        e.channel === 'http' &&
        e.message.startsWith(`POST http://127.0.0.1:${port}/ failed: `) &&
        e.message.includes('ECONNREFUSED'),
    );
    ch.close();
  });

  test('HTTP error statuses are reported', async () => {
    const server = http.createServer(
      collect([], (_req, res) => {
        res.writeHead(500, 'Internal Server Error');
        res.end('boom');
      }),
    );
    const port = await listen(server);
    try {
      const ch = new HttpChannel(options(`http://127.0.0.1:${port}/`));
      await assert.rejects(ch.write(testAlert(), '{}'), /failed: HTTP 500 Internal Server Error$/);
      ch.close();
    } finally {
      await close(server);
    }
  });

  test('timed-out requests are retried max_consecutive_timeouts times', async () => {
    const received: Received[] = [];
    const server = http.createServer(collect(received, () => {})); // never answers
    const port = await listen(server);
    try {
      const ch = new HttpChannel(options(`http://127.0.0.1:${port}/`, { timeoutMs: 50, maxConsecutiveTimeouts: 2 }));
      await assert.rejects(ch.write(testAlert(), '{}'), /failed: timed out after 50 ms$/);
      assert.equal(received.length, 3);
      ch.close();
    } finally {
      await close(server);
    }
  });

  test('echo writes the server answers out', async () => {
    const server = http.createServer(collect([], ok));
    const port = await listen(server);
    const echoed: string[] = [];
    try {
      const ch = new HttpChannel(
        options(`http://127.0.0.1:${port}/`, {
          echo: true,
          echoSink: {
            write(chunk, cb) {
              echoed.push(chunk);
              cb();
              return true;
            },
          },
        }),
      );
      await ch.write(testAlert(), '{}');
      ch.close();
      assert.deepEqual(echoed, ['ok']);
    } finally {
      await close(server);
    }
  });

  test('bad URLs and unreadable certificate files are refused up front', () => {
    assert.throws(() => new HttpChannel(options('not a url')), /invalid http_output.url "not a url"/);
    assert.throws(() => new HttpChannel(options('ftp://x/')), /unsupported protocol/);
    assert.throws(
      () => new HttpChannel(options('https://127.0.0.1/', { caCert: '/nonexistent/ca.pem' })),
      /cannot read ca_cert \/nonexistent\/ca\.pem/,
    );
  });
});

describe('HttpChannel over https', () => {
  let dir: string;
  let serverCert: Buffer;
  let serverKey: Buffer;
  let clientCertPath: string;
  let clientKeyPath: string;
  let serverCertPath: string;

  function selfSigned(name: string, cn: string): { cert: string; key: string } {
    const cert = join(dir, `${name}.crt`);
    const key = join(dir, `${name}.key`);
    execFileSync(
      'openssl',
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
        '1',
        '-subj',
        `/CN=${cn}`,
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { cert, key };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kestrel-https-'));
    const server = selfSigned('server', '127.0.0.1');
    const client = selfSigned('client', 'kestrel-client');
    serverCertPath = server.cert;
    serverCert = readFileSync(server.cert);
    serverKey = readFileSync(server.key);
    clientCertPath = client.cert;
    clientKeyPath = client.key;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('self-signed servers need insecure or their CA', async () => {
    const received: Received[] = [];
    const server = https.createServer({ cert: serverCert, key: serverKey }, collect(received, ok));
    const port = await listen(server);
    const url = `https://127.0.0.1:${port}/`;
    try {
      const strict = new HttpChannel(options(url));
      await assert.rejects(strict.write(testAlert(), '{}'), /self[- ]signed/);
      strict.close();

      const insecure = new HttpChannel(options(url, { insecure: true }));
      await insecure.write(testAlert(), '{"a":1}');
      insecure.close();

      const trusted = new HttpChannel(options(url, { caCert: serverCertPath }));
      await trusted.write(testAlert(), '{"a":2}');
      trusted.close();

      const bundle = new HttpChannel(options(url, { caBundle: serverCertPath }));
      await bundle.write(testAlert(), '{"a":3}');
      bundle.close();

      const caDir = new HttpChannel(options(url, { caPath: dir }));
      await caDir.write(testAlert(), '{"a":4}');
      caDir.close();

      assert.deepEqual(
        received.map((r) => r.body),
        ['{"a":1}', '{"a":2}', '{"a":3}', '{"a":4}'],
      );
    } finally {
      await close(server);
    }
  });

  test('mtls presents the client certificate', async () => {
    const peers: string[] = [];
    const server = https.createServer(
      {
        cert: serverCert,
        key: serverKey,
        ca: readFileSync(clientCertPath),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const cert = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
        peers.push(String(cert.subject?.CN));
        req.resume();
        req.on('end', () => ok(req, res, ''));
      },
    );
    const port = await listen(server);
    const url = `https://127.0.0.1:${port}/`;
    try {
      const withoutCert = new HttpChannel(options(url, { caCert: serverCertPath }));
      await assert.rejects(withoutCert.write(testAlert(), '{}'), /failed:/);
      withoutCert.close();

      const mtls = new HttpChannel(
        options(url, { caCert: serverCertPath, mtls: true, clientCert: clientCertPath, clientKey: clientKeyPath }),
      );
      await mtls.write(testAlert(), '{}');
      mtls.close();
      assert.deepEqual(peers, ['kestrel-client']);
    } finally {
      await close(server);
    }
  });
});
