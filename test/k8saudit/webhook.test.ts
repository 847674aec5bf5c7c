// The audit webhook over real HTTP on 127.0.0.1.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { K8sAuditEvent } from '../../src/sources/k8saudit/event.js';
import { NOT_AN_AUDIT_EVENT } from '../../src/sources/k8saudit/parse.js';
import type { AuditParseError } from '../../src/sources/k8saudit/parseError.js';
import { type AuditWebhook, createAuditWebhook, newAuditWebhookCounters } from '../../src/sources/k8saudit/webhook.js';

const ev = (id: string, extra: Record<string, unknown> = {}) => ({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  auditID: id,
  stage: 'ResponseComplete',
  stageTimestamp: '2024-01-01T00:00:01.5Z',
  ...extra,
});

async function post(hook: AuditWebhook, body: string, type = 'application/json') {
  const res = await fetch(hook.url, { method: 'POST', headers: { 'content-type': type }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('audit webhook', () => {
  let hook: AuditWebhook;
  const received: K8sAuditEvent[] = [];
  const reported: AuditParseError[] = [];
  const metrics = newAuditWebhookCounters();

  before(async () => {
    hook = await createAuditWebhook({
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 4096,
      metrics,
      onEvent: (e) => {
        if (e.json.auditID === 'explode') throw new Error('consumer failed');
        received.push(e);
      },
      onError: (e) => reported.push(e),
    });
  });
  after(() => hook.close());

  test('listens on an ephemeral port at the default path', () => {
    assert.ok(hook.port > 0);
    assert.equal(hook.url, `http://127.0.0.1:${hook.port}/k8s-audit`);
    assert.equal(hook.counters, metrics);
  });

  test('accepts a single Event', async () => {
    const r = await post(hook, JSON.stringify(ev('one')));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { accepted: 1, rejected: 0, errors: [] });
    const last = received.at(-1)!;
    assert.equal(last.json.auditID, 'one');
    assert.equal(last.timestampNs, 1704067201500000000n);
  });

  test('accepts an EventList, with a charset in the content type', async () => {
    const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [ev('l1'), ev('l2')] };
    const r = await post(hook, JSON.stringify(list), 'application/json; charset=utf-8');
    assert.equal(r.status, 200);
    assert.equal(r.body.accepted, 2);
    assert.deepEqual(
      received.slice(-2).map((e) => e.json.auditID),
      ['l1', 'l2'],
    );
  });

  test('a list with a bad item: the good ones are accepted, the bad one reported', async () => {
    const list = { kind: 'EventList', items: [ev('g1'), ev('bad', { stageTimestamp: undefined }), ev('g2')] };
    const r = await post(hook, JSON.stringify(list));
    assert.equal(r.status, 200);
    assert.equal(r.body.accepted, 2);
    assert.equal(r.body.rejected, 1);
    assert.deepEqual(r.body.errors, [`webhook 127.0.0.1: item 1: can't read stageTimestamp`]);
    assert.equal(reported.at(-1)?.reason, "can't read stageTimestamp");
  });

  test('malformed JSON is a 400 with a JSON message', async () => {
    const r = await post(hook, '{"kind":"Event",');
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'bad request');
    assert.match(r.body.message as string, /^webhook 127\.0\.0\.1: invalid JSON: /);
  });

  test('JSON that is not an audit event is a 400', async () => {
    const r = await post(hook, '{"kind":"Pod","metadata":{}}');
    assert.equal(r.status, 400);
    assert.equal(r.body.message, `webhook 127.0.0.1: ${NOT_AN_AUDIT_EVENT}`);
  });

  test('an Event without stageTimestamp is a 400', async () => {
    const r = await post(hook, JSON.stringify(ev('x', { stageTimestamp: undefined })));
    assert.equal(r.status, 400);
    assert.match(r.body.message as string, /can't read stageTimestamp$/);
  });

  test('an empty body is a 400', async () => {
    const r = await post(hook, '');
    assert.equal(r.status, 400);
    assert.match(r.body.message as string, /invalid JSON/);
  });

  test('a body over the limit is a 413', async () => {
    const big = JSON.stringify(ev('big', { padding: 'x'.repeat(5000) }));
    const r = await post(hook, big);
    assert.equal(r.status, 413);
    assert.equal(r.body.error, 'request body too large');
    assert.match(r.body.message as string, /4096 bytes/);
  });

  test('a wrong content type is a 400, as in the plugin', async () => {
    const r = await post(hook, JSON.stringify(ev('t')), 'text/plain');
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'wrong Content Type');
  });

  test('other methods are a 405', async () => {
    const res = await fetch(hook.url);
    assert.equal(res.status, 405);
    assert.deepEqual(await res.json(), { error: 'method not allowed', message: 'GET method not allowed' });
  });

  test('a failing consumer gives a 500 and the server keeps serving', async () => {
    const r = await post(hook, JSON.stringify(ev('explode')));
    assert.equal(r.status, 500);
    assert.equal(r.body.message, 'consumer failed');
    const ok = await post(hook, JSON.stringify(ev('after')));
    assert.equal(ok.status, 200);
    assert.equal(received.at(-1)?.json.auditID, 'after');
  });

  test('counters add up', () => {
    assert.deepEqual(metrics, {
      // 12 requests; 8 answered with an error (bad JSON, not audit, no timestamp, empty, 413, type, GET, 500).
      requests: 12,
      rejectedRequests: 8,
      // one + two from the list + two good list items + 'after' (the failing one is not counted).
      acceptedEvents: 6,
      // the bad list item, bad JSON, non-audit JSON, missing timestamp, empty body.
      rejectedEvents: 5,
    });
  });
});

describe('audit webhook options', () => {
  test('custom path; other paths are 404', async () => {
    const got: string[] = [];
    const hook = await createAuditWebhook({
      host: '127.0.0.1',
      port: 0,
      path: '/audit',
      onEvent: (e) => got.push(e.json.auditID as string),
    });
    try {
      assert.ok(hook.url.endsWith('/audit'));
      assert.equal((await post(hook, JSON.stringify(ev('p')))).status, 200);
      const res = await fetch(`http://127.0.0.1:${hook.port}/k8s-audit`, { method: 'POST', body: '{}' });
      assert.equal(res.status, 404);
      assert.deepEqual(got, ['p']);
      assert.equal(hook.counters.requests, 1);
    } finally {
      await hook.close();
    }
  });

  test('invalid options are refused', async () => {
    await assert.rejects(
      createAuditWebhook({ host: '127.0.0.1', port: 0, path: 'x', onEvent: () => {} }),
      /must start/,
    );
    await assert.rejects(
      createAuditWebhook({ host: '127.0.0.1', port: 0, maxBodyBytes: 0, onEvent: () => {} }),
      /maxBodyBytes/,
    );
  });
});
