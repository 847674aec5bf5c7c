// Outgoing TLS of the HTTP destinations: `mutualtls` presents the mutualtlsclient certificate to
// an https server that accepts only clients signed by its CA (a node https server, and the real
// Alertmanager with RequireAndVerifyClientCert); tlsclient.cacertfile trusts a private CA;
// `checkcert: false` accepts a self-signed server (every HTTP destination); bad certificate files are config errors;
// nats `mutualtls` against the real nats-server with `tls { verify: true }`.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { connect as natsConnect } from 'nats';
import { after, before, describe, test } from 'node:test';
import { RouterConfigError } from '../../../src/router/config/routerConfig.js';
import { DeliveryError, type Destination } from '../../../src/router/destinations/destination.js';
import { startAlertmanager, type AlertmanagerServer } from '../servers/alertmanagerServer.js';
import { startNats, type NatsTestServer } from '../servers/natsServer.js';
import { selfSignedCert } from '../servers/selfSignedCert.js';
import { makeTestCa, type TestCa } from '../servers/testCa.js';
import { configFromEnv } from '../core/support.js';
import { rejection } from './apiReceiver.js';
import { delivery, signal } from './sampleAlert.js';

interface HttpsReceiver {
  readonly url: string;
  /** Path and the client certificate's CN of each request answered. */
  readonly requests: { path: string; client: string }[];
  close(): Promise<void>;
}

/** An https server on 127.0.0.1 answering 200; a bulk answer with every item indexed on /_bulk. */
async function httpsReceiver(options: https.ServerOptions): Promise<HttpsReceiver> {
  const requests: { path: string; client: string }[] = [];
  const server = https.createServer(options, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      requests.push({ path: req.url ?? '', client: typeof peer?.subject?.CN === 'string' ? peer.subject.CN : '' });
      let body = '{}';
      if (req.url === '/_bulk') {
        const actions = Buffer.concat(chunks).toString('utf8').split('\n').length >> 1;
        body = JSON.stringify({
          errors: false,
          items: Array.from({ length: actions }, () => ({ index: { status: 201 } })),
        });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Every HTTP destination and the env vars pointing it at `url`. */
const HTTP_DESTINATIONS: Record<string, (url: string) => Record<string, string>> = {
  webhook: (url) => ({ WEBHOOK_ADDRESS: `${url}/hook` }),
  alertmanager: (url) => ({ ALERTMANAGER_HOSTPORT: url }),
  loki: (url) => ({ LOKI_HOSTPORT: url }),
  elasticsearch: (url) => ({ ELASTICSEARCH_HOSTPORT: url }),
  slack: (url) => ({ SLACK_WEBHOOKURL: `${url}/services/T/B/x` }),
  mattermost: (url) => ({ MATTERMOST_WEBHOOKURL: `${url}/hooks/x` }),
  rocketchat: (url) => ({ ROCKETCHAT_WEBHOOKURL: `${url}/hooks/x/y` }),
  teams: (url) => ({ TEAMS_WEBHOOKURL: `${url}/workflows/x` }),
  discord: (url) => ({ DISCORD_WEBHOOKURL: `${url}/api/webhooks/1/x` }),
  googlechat: (url) => ({ GOOGLECHAT_WEBHOOKURL: `${url}/v1/spaces/x/messages?key=k` }),
  pagerduty: (url) => ({ PAGERDUTY_ROUTINGKEY: 'a'.repeat(32), PAGERDUTY_APIURL: url }),
  opsgenie: (url) => ({ OPSGENIE_APIKEY: 'k', OPSGENIE_APIURL: url }),
};

/** The destination `type` as the router builds it from env-style settings. */
function destinationFromEnv(type: string, env: Record<string, string>): Destination {
  const config = configFromEnv({ QUEUE_MODE: 'memory', ...env });
  const d = config.destinations.find((x) => x.name === type);
  assert.ok(d, `${type} is enabled`);
  return d.type.create(d.options, { hostname: 'router-host', tls: config.clientTls });
}

function configProblems(env: Record<string, string>, file?: string): string[] {
  try {
    configFromEnv({ QUEUE_MODE: 'memory', ...env }, file);
  } catch (e) {
    if (e instanceof RouterConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

let dir = '';
let ca: TestCa;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kestrel-mtls-'));
  ca = makeTestCa(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const clientEnv = () => ({
  MUTUALTLSCLIENT_CERTFILE: ca.clientCert,
  MUTUALTLSCLIENT_KEYFILE: ca.clientKey,
  MUTUALTLSCLIENT_CACERTFILE: ca.ca,
});

describe('mutualtls against an https server that requires a client certificate', () => {
  let server: HttpsReceiver;
  before(async () => {
    server = await httpsReceiver({
      cert: readFileSync(ca.serverCert),
      key: readFileSync(ca.serverKey),
      ca: readFileSync(ca.ca),
      requestCert: true,
      rejectUnauthorized: true,
    });
  });
  after(() => server?.close());

  for (const [type, envOf] of Object.entries(HTTP_DESTINATIONS)) {
    test(`${type}: delivered with ${type.toUpperCase()}_MUTUALTLS, refused without`, async () => {
      server.requests.length = 0;
      const mutual = destinationFromEnv(type, {
        ...envOf(server.url),
        ...clientEnv(),
        [`${type.toUpperCase()}_MUTUALTLS`]: 'true',
      });
      await mutual.send([delivery()], signal());
      await mutual.close?.();
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].client, 'kestrel-router');
      // the server's CA is trusted, so only the missing client certificate makes it fail
      const plain = destinationFromEnv(type, { ...envOf(server.url), ...clientEnv(), TLSCLIENT_CACERTFILE: ca.ca });
      const err = await rejection(() => plain.send([delivery()], signal()));
      await plain.close?.();
      assert.ok(err instanceof DeliveryError && err.retryable, err.message);
      assert.equal(server.requests.length, 1, 'no request got through without the client certificate');
    });
  }

  test('mutualtls checks the server even with checkcert false', async () => {
    const other = mkdtempSync(path.join(dir, 'other-'));
    const stranger = selfSignedCert(other);
    const selfSigned = await httpsReceiver({ cert: readFileSync(stranger.cert), key: readFileSync(stranger.key) });
    try {
      const dest = destinationFromEnv('webhook', {
        WEBHOOK_ADDRESS: `${selfSigned.url}/hook`,
        WEBHOOK_MUTUALTLS: 'true',
        WEBHOOK_CHECKCERT: 'false',
        ...clientEnv(),
      });
      const err = await rejection(() => dest.send([delivery()], signal()));
      assert.match(err.message, /self[- ]signed certificate/i);
      assert.equal(selfSigned.requests.length, 0);
    } finally {
      await selfSigned.close();
    }
  });
});

describe('tlsclient.cacertfile', () => {
  test('a server signed by a private CA is refused, then trusted with TLSCLIENT_CACERTFILE', async () => {
    const server = await httpsReceiver({ cert: readFileSync(ca.serverCert), key: readFileSync(ca.serverKey) });
    try {
      const untrusted = destinationFromEnv('loki', { LOKI_HOSTPORT: server.url });
      const err = await rejection(() => untrusted.send([delivery()], signal()));
      assert.match(err.message, /unable to (get local issuer|verify the first) certificate/i);
      const trusted = destinationFromEnv('loki', { LOKI_HOSTPORT: server.url, TLSCLIENT_CACERTFILE: ca.ca });
      await trusted.send([delivery()], signal());
      await trusted.close?.();
      assert.deepEqual(
        server.requests.map((r) => r.path),
        ['/loki/api/v1/push'],
      );
    } finally {
      await server.close();
    }
  });
});

describe('checkcert of the https destinations against a self-signed server', () => {
  let server: HttpsReceiver;
  before(async () => {
    const own = selfSignedCert(mkdtempSync(path.join(dir, 'self-')));
    server = await httpsReceiver({ cert: readFileSync(own.cert), key: readFileSync(own.key) });
  });
  after(() => server?.close());

  for (const type of Object.keys(HTTP_DESTINATIONS)) {
    test(`${type}: a self-signed server is refused by default, accepted with ${type.toUpperCase()}_CHECKCERT=false`, async () => {
      server.requests.length = 0;
      const env = HTTP_DESTINATIONS[type](server.url);
      const checking = destinationFromEnv(type, env);
      const err = await rejection(() => checking.send([delivery()], signal()));
      assert.ok(err instanceof DeliveryError && err.retryable);
      assert.match(err.message, /self[- ]signed certificate/i);
      assert.equal(server.requests.length, 0);
      const trusting = destinationFromEnv(type, { ...env, [`${type.toUpperCase()}_CHECKCERT`]: 'false' });
      await trusting.send([delivery()], signal());
      await trusting.close?.();
      assert.equal(server.requests.length, 1);
    });
  }
});

describe('client certificate settings are checked when the config is read', () => {
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  test('missing, unreadable or non-PEM files name their option', () => {
    const missing = path.join(dir, 'no-such.pem');
    assert.deepEqual(
      configProblems({ MUTUALTLSCLIENT_CERTFILE: missing, MUTUALTLSCLIENT_KEYFILE: ca.clientKey }).map((p) =>
        p.replace(/: ENOENT.*/, ''),
      ),
      [`env MUTUALTLSCLIENT_CERTFILE: cannot read ${JSON.stringify(missing)}`],
    );
    const text = write('notes.txt', 'not a certificate\n');
    assert.deepEqual(configProblems({ MUTUALTLSCLIENT_CERTFILE: text, MUTUALTLSCLIENT_KEYFILE: ca.clientCert }), [
      `env MUTUALTLSCLIENT_CERTFILE: ${JSON.stringify(text)} holds no PEM certificate`,
      `env MUTUALTLSCLIENT_KEYFILE: ${JSON.stringify(ca.clientCert)} holds no PEM private key`,
    ]);
    const broken = write('broken.pem', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
    const [problem] = configProblems({ TLSCLIENT_CACERTFILE: broken });
    assert.match(problem, /^env TLSCLIENT_CACERTFILE: ".*broken\.pem" holds a certificate that does not parse/);
    const badKey = write('bad.key', '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n');
    const [keyProblem] = configProblems({ MUTUALTLSCLIENT_CERTFILE: ca.clientCert, MUTUALTLSCLIENT_KEYFILE: badKey });
    assert.match(keyProblem, /^env MUTUALTLSCLIENT_KEYFILE: ".*bad\.key" holds a private key that does not parse/);
    const [caProblem] = configProblems({ ...clientEnv(), MUTUALTLSCLIENT_CACERTFILE: missing });
    assert.match(caProblem, /^env MUTUALTLSCLIENT_CACERTFILE: cannot read/);
  });

  test('a key that is not the certificate’s, half a pair, and mutualtls without a certificate', () => {
    assert.deepEqual(
      configProblems({ MUTUALTLSCLIENT_CERTFILE: ca.clientCert, MUTUALTLSCLIENT_KEYFILE: ca.serverKey }),
      [`env MUTUALTLSCLIENT_KEYFILE: ${JSON.stringify(ca.serverKey)} is not the key of mutualtlsclient.certfile`],
    );
    assert.deepEqual(configProblems({ MUTUALTLSCLIENT_CERTFILE: ca.clientCert }), [
      'mutualtlsclient.keyfile (env MUTUALTLSCLIENT_KEYFILE): required with mutualtlsclient.certfile',
    ]);
    assert.deepEqual(configProblems({ WEBHOOK_ADDRESS: 'https://127.0.0.1:1/hook', WEBHOOK_MUTUALTLS: 'true' }), [
      'env WEBHOOK_MUTUALTLS: needs mutualtlsclient.certfile and mutualtlsclient.keyfile (the client certificate)',
    ]);
  });

  test('YAML settings are named by their key', () => {
    const yaml = write(
      'router.yaml',
      `mutualtlsclient:\n  certfile: ${JSON.stringify(path.join(dir, 'gone.pem'))}\n  keyfile: ${JSON.stringify(ca.clientKey)}\nalertmanager:\n  hostport: https://127.0.0.1:1\n  mutualtls: true\n`,
    );
    const problems = configProblems({}, yaml);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /router\.yaml: mutualtlsclient\.certfile: cannot read ".*gone\.pem"/);
  });
});

describe('mutualtls against the real Alertmanager requiring client certificates', () => {
  let server: AlertmanagerServer;
  before(async () => {
    server = await startAlertmanager({ mutual: ca });
  });
  after(async () => {
    await server?.process.stop();
  });

  test('alerts are accepted with ALERTMANAGER_MUTUALTLS and refused without', async () => {
    const env = { ALERTMANAGER_HOSTPORT: server.url, ...clientEnv() };
    const plain = destinationFromEnv('alertmanager', { ...env, TLSCLIENT_CACERTFILE: ca.ca });
    const err = await rejection(() => plain.send([delivery()], signal()));
    assert.ok(err instanceof DeliveryError && err.retryable, err.message);
    const mutual = destinationFromEnv('alertmanager', { ...env, ALERTMANAGER_MUTUALTLS: 'true' });
    await mutual.send([delivery()], signal());
    await mutual.close?.();
    const alerts = await new Promise<string>((resolve, reject) => {
      https
        .get(
          `${server.url}/api/v2/alerts`,
          {
            cert: readFileSync(ca.clientCert),
            key: readFileSync(ca.clientKey),
            ca: readFileSync(ca.ca),
            timeout: 5000,
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(text));
          },
        )
        .on('error', reject);
    });
    const list = JSON.parse(alerts) as { labels: Record<string, string> }[];
    assert.equal(list.length, 1);
    assert.equal(list[0].labels.rule, 'Terminal shell in container');
  });
});

describe('nats mutualtls against the real nats-server verifying client certificates', () => {
  let server: NatsTestServer;
  before(async () => {
    server = await startNats({ mutual: ca });
  });
  after(async () => {
    await server?.process.stop();
  });

  test('published with NATS_MUTUALTLS (nats:// and tls://), refused without the client certificate', async () => {
    // nats.js names no TLS host for an IP address: the reader gives it, as the destination does
    const readerTls = {
      host: '127.0.0.1',
      cert: readFileSync(ca.clientCert, 'utf8'),
      key: readFileSync(ca.clientKey, 'utf8'),
      ca: readFileSync(ca.ca, 'utf8'),
    };
    const reader = await natsConnect({ servers: server.url, tls: readerTls, timeout: 5000 });
    try {
      const sub = reader.subscribe('falco.>', { max: 2 });
      await reader.flush();
      for (const hostport of [server.url, `tls://127.0.0.1:${server.port}`]) {
        const mutual = destinationFromEnv('nats', { NATS_HOSTPORT: hostport, NATS_MUTUALTLS: 'true', ...clientEnv() });
        await mutual.send([delivery()], signal());
        await mutual.close?.();
      }
      const subjects: string[] = [];
      const timer = setTimeout(() => sub.unsubscribe(), 10_000);
      for await (const m of sub) subjects.push(m.subject);
      clearTimeout(timer);
      assert.deepEqual(subjects, [
        'falco.critical.terminal_shell_in_container',
        'falco.critical.terminal_shell_in_container',
      ]);

      // the server's CA is trusted, so only the missing client certificate makes it fail
      const plain = destinationFromEnv('nats', {
        NATS_HOSTPORT: `tls://127.0.0.1:${server.port}`,
        TLSCLIENT_CACERTFILE: ca.ca,
      });
      const err = await rejection(() => plain.send([delivery()], signal()));
      await plain.close?.();
      assert.ok(err instanceof DeliveryError && err.retryable, err.message);
      // the server's TLS alert (it wanted a client certificate); under TLS 1.3 the server may
      // close before the client reads the alert, which the client sees as a reset
      assert.match(err.message, /alert (bad certificate|certificate required)|ECONNRESET|EPIPE/i);
      // without TLSCLIENT_CACERTFILE the server's private CA is not trusted either
      const untrusted = destinationFromEnv('nats', { NATS_HOSTPORT: `tls://127.0.0.1:${server.port}` });
      const err2 = await rejection(() => untrusted.send([delivery()], signal()));
      await untrusted.close?.();
      assert.match(err2.message, /unable to (get local issuer|verify the first) certificate/i);
    } finally {
      await reader.close();
    }
  });

  test('mutualtls checks the server certificate even with NATS_CHECKCERT=false', async () => {
    const other = mkdtempSync(path.join(dir, 'nats-other-'));
    const stranger = makeTestCa(other);
    const foreign = await startNats({ mutual: stranger });
    try {
      const dest = destinationFromEnv('nats', {
        NATS_HOSTPORT: foreign.url,
        NATS_MUTUALTLS: 'true',
        NATS_CHECKCERT: 'false',
        ...clientEnv(),
      });
      const err = await rejection(() => dest.send([delivery()], signal()));
      await dest.close?.();
      assert.ok(err instanceof DeliveryError && err.retryable, err.message);
      assert.match(err.message, /unable to (get local issuer|verify the first) certificate/i);
    } finally {
      await foreign.process.stop();
    }
  });
});
