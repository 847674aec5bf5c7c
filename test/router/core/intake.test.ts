// The intake: Falcosidekick's POST / with Falco's JSON alert, its checks (400 naming the
// field), the body limit (413), the bearer token, /test, /healthz, /metrics and enrichment.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { falcoAlert, post, routerInProcess, tempDir, waitUntil, WebhookReceiver } from './support.js';

describe('router intake', () => {
  it('answers 400 naming the field for each bad alert, 413 past the body limit, and keeps serving', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    const router = await routerInProcess(t, { QUEUE_DIR: dir, WEBHOOK_ADDRESS: hook.url, BODYLIMIT: '2000' });
    const cases: Array<[unknown, RegExp]> = [
      ['{"rule": "x", ', /^body: not valid JSON: /],
      ['', /^body: empty; expected a Falco JSON alert$/],
      ['[1,2]', /^body: must be a JSON object/],
      ['"text"', /^body: must be a JSON object/],
      [{ ...falcoAlert(0), priority: undefined }, /^priority: is missing \(one of emergency/],
      [{ ...falcoAlert(0), priority: 'urgent' }, /^priority: "urgent" is not a priority \(emergency, alert, critical/],
      [{ ...falcoAlert(0), priority: 4 }, /^priority: must be a string, not 4$/],
      [{ ...falcoAlert(0), rule: '' }, /^rule: must be a non-empty string, not ""$/],
      [{ ...falcoAlert(0), rule: undefined }, /^rule: is missing$/],
      [{ ...falcoAlert(0), time: 'yesterday' }, /^time: "yesterday" is not an RFC 3339 time/],
      [{ ...falcoAlert(0), time: '2024-13-45T99:00:00Z' }, /^time: "2024-13-45T99:00:00Z" is not an RFC 3339 time/],
      [{ ...falcoAlert(0), output_fields: [1] }, /^output_fields: must be an object, not \[1\]$/],
      [
        { ...falcoAlert(0), output_fields: { a: { b: 1 } } },
        /^output_fields\.a: must be a string, number, boolean, null or a list/,
      ],
      [{ ...falcoAlert(0), tags: 'shell' }, /^tags: must be a list of strings, not "shell"$/],
      [{ ...falcoAlert(0), hostname: 7 }, /^hostname: must be a string, not 7$/],
    ];
    for (const [body, re] of cases) {
      const res = await post(router.url, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(res.json)}`);
      assert.match(String(res.json.error), re);
    }
    const big = await post(router.url, { ...falcoAlert(0), output: 'x'.repeat(3000) });
    assert.equal(big.status, 413);
    assert.equal(big.json.error, 'body: larger than bodylimit (2000 bytes)');

    // still serving, and priorities match any case
    const ok = await post(router.url, { ...falcoAlert(1), priority: 'wArNiNg', time: undefined });
    assert.equal(ok.status, 200);
    assert.match(String(ok.json.uuid), /^[0-9a-f-]{36}$/);
    await waitUntil(() => hook.received.length === 1, 'the accepted alert at the webhook');
    const got = hook.received[0];
    assert.equal(got.method, 'POST');
    assert.equal(got.path, '/hook');
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.body.uuid, ok.json.uuid);
    assert.equal(got.body.priority, 'Warning');
    assert.match(String(got.body.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    assert.deepEqual(got.body.output_fields, { 'proc.name': 'bash', 'k8s.ns.name': 'prod', 'evt.num': 1 });

    const metrics = await (await fetch(`${router.url}/metrics`)).text();
    assert.match(metrics, /kestrel_router_alerts_in_total\{status="rejected"\} 16/);
    assert.match(metrics, /kestrel_router_alerts_in_total\{status="accepted"\} 1/);
    assert.match(metrics, /kestrel_router_alerts_out_total\{destination="webhook",status="delivered"\} 1/);
    assert.match(metrics, /kestrel_router_queue_depth\{destination="webhook"\} 0/);
    assert.match(metrics, /kestrel_router_delivery_latency_seconds_count\{destination="webhook"\} 1/);
  });

  it('serves /healthz, /ping and /test (Falcosidekick’s test alert)', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    const router = await routerInProcess(t, { QUEUE_DIR: dir, WEBHOOK_ADDRESS: hook.url });
    assert.deepEqual(await (await fetch(`${router.url}/healthz`)).json(), { status: 'ok' });
    assert.equal(await (await fetch(`${router.url}/ping`)).text(), 'pong\n');
    const test = await post(`${router.url}/test`, '');
    assert.equal(test.status, 200);
    await waitUntil(() => hook.received.length === 1, 'the test alert');
    assert.equal(hook.received[0].body.rule, 'Test rule');
    assert.equal(hook.received[0].body.priority, 'Debug');
    assert.deepEqual(hook.received[0].body.tags, ['test', 'example']);
  });

  it('needs the bearer token when one is set (401 otherwise); /healthz stays open', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    const router = await routerInProcess(t, { QUEUE_DIR: dir, WEBHOOK_ADDRESS: hook.url, BEARERTOKEN: 'tok-123' });
    const none = await post(router.url, falcoAlert(1));
    assert.equal(none.status, 401);
    assert.match(
      String(none.json.error),
      /^authorization: a valid "Authorization: Bearer <token>" header is required$/,
    );
    assert.equal((await post(router.url, falcoAlert(1), { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await post(`${router.url}/test`, '')).status, 401);
    assert.equal((await fetch(`${router.url}/healthz`)).status, 200);
    const ok = await post(router.url, falcoAlert(1), { authorization: 'Bearer tok-123' });
    assert.equal(ok.status, 200);
    await waitUntil(() => hook.received.length === 1, 'the authorized alert');
    assert.equal(hook.received[0].body.uuid, ok.json.uuid);
  });

  it('adds custom fields, custom tags and templated fields; sends custom headers', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    const router = await routerInProcess(t, {
      QUEUE_DIR: dir,
      WEBHOOK_ADDRESS: hook.url,
      WEBHOOK_CUSTOMHEADERS: 'X-Team:infra',
      CUSTOMFIELDS: 'cluster:eu-1',
      CUSTOMTAGS: 'routed,shell',
      TEMPLATEDFIELDS: 'where:{{ index . "k8s.ns.name" }}/{{ .cluster }} by {{ index . "proc.name" }} ({{ .nope }})',
    });
    assert.equal((await post(router.url, falcoAlert(1))).status, 200);
    await waitUntil(() => hook.received.length === 1, 'the enriched alert');
    const { body, headers } = hook.received[0];
    assert.equal(headers['x-team'], 'infra');
    assert.deepEqual(body.tags, ['container', 'shell', 'routed']);
    const fields = body.output_fields as Record<string, unknown>;
    assert.equal(fields.cluster, 'eu-1');
    assert.equal(fields.where, 'prod/eu-1 by bash (<no value>)');
  });
});
