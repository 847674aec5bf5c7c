// The webhook destination against a local receiver: the request it makes (method, path,
// headers, body) and how each failure is classed (retried or dead-lettered).

import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { webhookDestination } from '../../../src/router/destinations/webhook.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function receiver(t: { after: (fn: () => unknown) => void }, status: number) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(status).end(status === 200 ? '' : 'nope');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { seen, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/in?x=1` };
}

const options = (address: string, extra: Record<string, unknown> = {}) => ({
  address,
  method: 'POST',
  customheaders: {},
  checkcert: true,
  ...extra,
});

describe('webhook destination', () => {
  it('POSTs the alert JSON with its uuid, the custom headers, and count when folded', async (t) => {
    const r = await receiver(t, 200);
    const dest = webhookDestination.create(options(r.url, { customheaders: { Authorization: 'Bearer abc' } }), context);
    t.after(() => dest.close?.());
    await dest.send([delivery(), delivery(sampleAlert({ uuid: 'second' }), 3)], signal());
    assert.equal(r.seen.length, 2);
    assert.equal(r.seen[0].method, 'POST');
    assert.equal(r.seen[0].url, '/in?x=1');
    assert.equal(r.seen[0].headers['content-type'], 'application/json');
    assert.equal(r.seen[0].headers.authorization, 'Bearer abc');
    assert.deepEqual(JSON.parse(r.seen[0].body), sampleAlert());
    assert.deepEqual(JSON.parse(r.seen[1].body), { ...sampleAlert({ uuid: 'second' }), count: 3 });
  });

  it('uses the configured method', async (t) => {
    const r = await receiver(t, 200);
    const dest = webhookDestination.create(options(r.url, { method: 'put' }), context);
    t.after(() => dest.close?.());
    await dest.send([delivery()], signal());
    assert.equal(r.seen[0].method, 'PUT');
  });

  it('classes 5xx and refused connections as retryable, other 4xx as not', async (t) => {
    const down = await receiver(t, 503);
    const bad = await receiver(t, 422);
    const check = async (url: string, retryable: boolean, re: RegExp) => {
      const dest = webhookDestination.create(options(url), context);
      t.after(() => dest.close?.());
      await assert.rejects(dest.send([delivery()], signal()), (e: unknown) => {
        assert.ok(e instanceof DeliveryError);
        assert.equal(e.retryable, retryable);
        assert.match(e.message, re);
        return true;
      });
    };
    await check(down.url, true, /^webhook: HTTP 503: nope$/);
    await check(bad.url, false, /^webhook: HTTP 422: nope$/);
    // port 1: nothing listens there
    await check('http://127.0.0.1:1/', true, /^webhook: POST http:\/\/127\.0\.0\.1:1\/: connect ECONNREFUSED/);
  });

  it('validates its options, naming each', () => {
    assert.deepEqual(webhookDestination.validate!(options('ftp://x/')), [
      'webhook.address: "ftp://x/" must be an http:// or https:// URL',
    ]);
    assert.deepEqual(webhookDestination.validate!(options('http://x/', { method: 'DELETE' })), [
      'webhook.method: "DELETE" is not one of POST, PUT, PATCH',
    ]);
    assert.deepEqual(webhookDestination.validate!(options('http://x/', { customheaders: { 'bad header': 'v' } })), [
      'webhook.customheaders: "bad header" is not a header name',
    ]);
  });
});
