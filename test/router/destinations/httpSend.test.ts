import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { httpSend, redactUrl } from '../../../src/router/destinations/httpSend.js';
import { rejection } from './apiReceiver.js';

describe('httpSend', () => {
  let server: http.Server;
  let base = '';
  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      if (req.url === '/hang') return; // never answers
      if (req.url === '/moved') {
        res.writeHead(301, { Location: 'http://127.0.0.1:1/elsewhere' });
        res.end();
        return;
      }
      res.writeHead(200);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const request = (path: string, timeoutMs = 5000) => ({ url: base + path, headers: {}, body: '{}', timeoutMs });

  test('a 2xx answer resolves with its text', async () => {
    assert.deepEqual(await httpSend('t', request('/'), AbortSignal.timeout(5000)), { status: 200, text: 'ok' });
  });

  test('an answer that does not come before the timeout or the router’s abort is retryable', async () => {
    const timedOut = await rejection(() => httpSend('t', request('/hang', 100), AbortSignal.timeout(5000)));
    assert.ok(timedOut instanceof DeliveryError && timedOut.retryable, timedOut.message);
    const controller = new AbortController();
    const pending = rejection(() => httpSend('t', request('/hang'), controller.signal));
    controller.abort();
    const aborted = await pending;
    assert.ok(aborted instanceof DeliveryError && aborted.retryable, aborted.message);
  });

  test('a redirect is not followed and not retried', async () => {
    const err = await rejection(() => httpSend('t', request('/moved'), AbortSignal.timeout(5000)));
    assert.ok(err instanceof DeliveryError);
    assert.equal(err.status, 301);
    assert.equal(err.retryable, false);
  });

  test('error messages show only the origin of a webhook URL', async () => {
    assert.equal(redactUrl('https://hooks.slack.com/services/T/B/secret?x=1'), 'https://hooks.slack.com/…');
    const err = await rejection(() =>
      httpSend(
        't',
        { url: 'http://127.0.0.1:1/services/secret', headers: {}, body: '', timeoutMs: 2000 },
        AbortSignal.timeout(5000),
      ),
    );
    assert.ok(!err.message.includes('secret'), err.message);
  });
});
