// Delivery: a destination down under steady load then back gets every alert once while another
// keeps receiving; dead letters after maxretryage, for non-retryable errors and past
// maxbacklog; minimumpriority and filters; dedup counts.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileAlertFilter } from '../../../src/router/delivery/alertFilter.js';
import type { RouterAlert } from '../../../src/router/alert.js';
import { falcoAlert, post, routerInProcess, tempDir, waitUntil, WebhookReceiver } from './support.js';

function lines(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const FAST_RETRY = { WEBHOOK_MAXRETRYDELAY: '200ms' };

describe('router delivery', () => {
  it('delivers every alert once after a destination comes back, while another keeps receiving', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    const out = path.join(dir, 'alerts.jsonl');
    const router = await routerInProcess(t, {
      QUEUE_DIR: dir,
      WEBHOOK_ADDRESS: hook.url,
      FILE_PATH: out,
      ...FAST_RETRY,
    });
    hook.status = 503;
    const accepted: string[] = [];
    // steady, bounded load: 150 alerts, 3 ms apart; the webhook is down for the first 100
    for (let i = 0; i < 150; i++) {
      if (i === 100) {
        // the file destination got everything so far while the webhook refused
        await waitUntil(() => lines(out).length === 100, 'the file to hold the first 100 alerts');
        assert.equal(hook.received.length, 0);
        assert.ok(hook.refused > 0);
        hook.status = 200;
      }
      const res = await post(router.url, falcoAlert(i));
      assert.equal(res.status, 200);
      accepted.push(String(res.json.uuid));
      await new Promise((r) => setTimeout(r, 3));
    }
    await waitUntil(() => hook.received.length >= 150, 'all 150 alerts at the webhook');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(hook.uuids(), accepted, 'each once, in order');
    assert.deepEqual(
      lines(out).map((l) => l.uuid),
      accepted,
    );
    const metrics = await (await fetch(`${router.url}/metrics`)).text();
    assert.match(metrics, /kestrel_router_retries_total\{destination="webhook"\} [1-9]/);
    assert.match(metrics, /kestrel_router_alerts_out_total\{destination="webhook",status="delivered"\} 150/);
    assert.match(metrics, /kestrel_router_alerts_out_total\{destination="file",status="delivered"\} 150/);
  });

  it('dead-letters alerts still failing after maxretryage, and counts them', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    hook.status = 503;
    const router = await routerInProcess(t, {
      QUEUE_DIR: dir,
      WEBHOOK_ADDRESS: hook.url,
      WEBHOOK_MAXRETRYAGE: '400ms',
      ...FAST_RETRY,
    });
    const uuids: string[] = [];
    for (let i = 0; i < 3; i++) uuids.push(String((await post(router.url, falcoAlert(i))).json.uuid));
    const dead = path.join(dir, 'deadletter', 'webhook.jsonl');
    await waitUntil(() => lines(dead).length === 3, 'three dead letters');
    const letters = lines(dead);
    assert.deepEqual(
      letters.map((l) => (l.alert as RouterAlert).uuid),
      uuids,
    );
    assert.match(
      String(letters[0].reason),
      /^still failing after maxretryage \(400 ms\): webhook: HTTP 503: receiver is down$/,
    );
    const metrics = await (await fetch(`${router.url}/metrics`)).text();
    assert.match(metrics, /kestrel_router_dead_letters_total\{destination="webhook"\} 3/);
    assert.match(metrics, /kestrel_router_queue_depth\{destination="webhook"\} 0/);
    // the destination is back: new alerts flow again
    hook.status = 200;
    const later = await post(router.url, falcoAlert(9));
    await waitUntil(() => hook.received.length === 1, 'the alert after the outage');
    assert.equal(hook.received[0].body.uuid, later.json.uuid);
  });

  it('dead-letters at once on a non-retryable error (HTTP 400)', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    hook.status = 400;
    const router = await routerInProcess(t, { QUEUE_DIR: dir, WEBHOOK_ADDRESS: hook.url });
    await post(router.url, falcoAlert(1));
    const dead = path.join(dir, 'deadletter', 'webhook.jsonl');
    await waitUntil(() => lines(dead).length === 1, 'one dead letter');
    assert.match(String(lines(dead)[0].reason), /^not retryable: webhook: HTTP 400/);
    assert.equal(hook.refused, 1, 'sent once, not retried');
  });

  it('dead-letters the oldest alerts past maxbacklog while the destination fails', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    hook.status = 503;
    const router = await routerInProcess(t, {
      QUEUE_DIR: dir,
      WEBHOOK_ADDRESS: hook.url,
      WEBHOOK_MAXBACKLOG: '5',
      ...FAST_RETRY,
    });
    const uuids: string[] = [];
    for (let i = 0; i < 12; i++) uuids.push(String((await post(router.url, falcoAlert(i))).json.uuid));
    const dead = path.join(dir, 'deadletter', 'webhook.jsonl');
    await waitUntil(() => lines(dead).length >= 7, 'the alerts beyond the backlog');
    hook.status = 200;
    await waitUntil(() => lines(dead).length + hook.received.length === 12, 'every alert settled');
    const deadIds = lines(dead).map((l) => (l.alert as RouterAlert).uuid);
    assert.deepEqual([...deadIds, ...hook.uuids()], uuids, 'oldest dead-lettered, newest delivered, none twice');
    assert.ok(hook.received.length <= 5 + 1);
  });

  it('applies minimumpriority and the filter per destination', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    const out = path.join(dir, 'alerts.jsonl');
    const router = await routerInProcess(t, {
      QUEUE_DIR: dir,
      WEBHOOK_ADDRESS: hook.url,
      WEBHOOK_MINIMUMPRIORITY: 'error',
      FILE_PATH: out,
      FILE_FILTER: 'k8s.ns.name in (prod, staging) and proc.name = bash and not alert.tags intersects (noisy)',
    });
    const send = async (extra: Record<string, unknown>) =>
      String((await post(router.url, falcoAlert(0, extra))).json.uuid);
    const critical = await send({ priority: 'Critical' });
    const warning = await send({ priority: 'Warning' });
    const dev = await send({ priority: 'Critical', output_fields: { 'k8s.ns.name': 'dev', 'proc.name': 'bash' } });
    const noisy = await send({ priority: 'Error', tags: ['noisy'] });
    await send({ priority: 'Debug', output_fields: { 'proc.name': 'bash' } });
    await waitUntil(() => hook.received.length === 3 && lines(out).length === 2, 'the wanted alerts');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(hook.uuids(), [critical, dev, noisy]);
    assert.deepEqual(
      lines(out).map((l) => l.uuid),
      [critical, warning],
    );
    const metrics = await (await fetch(`${router.url}/metrics`)).text();
    assert.match(metrics, /kestrel_router_alerts_out_total\{destination="webhook",status="filtered"\} 2/);
    assert.match(metrics, /kestrel_router_alerts_out_total\{destination="file",status="filtered"\} 3/);
  });

  it('folds identical alerts within the dedup window into one delivery with a count', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    const router = await routerInProcess(t, { QUEUE_DIR: dir, WEBHOOK_ADDRESS: hook.url, WEBHOOK_DEDUPWINDOW: '1s' });
    const same = falcoAlert(1);
    const sent = await Promise.all([
      post(router.url, same),
      post(router.url, { ...same, output_fields: { 'evt.num': 1, 'k8s.ns.name': 'prod', 'proc.name': 'bash' } }),
      post(router.url, same),
      post(router.url, falcoAlert(2)),
      post(router.url, same),
    ]);
    assert.ok(sent.every((s) => s.status === 200));
    await waitUntil(() => hook.received.length === 2, 'two deliveries');
    await new Promise((r) => setTimeout(r, 1300));
    assert.equal(hook.received.length, 2);
    const byNum = new Map(
      hook.received.map((r) => [(r.body.output_fields as Record<string, unknown>)['evt.num'], r.body]),
    );
    assert.equal(byNum.get(1)?.count, 4);
    assert.equal(byNum.get(2)?.count, undefined, 'a lone alert has no count');
    const metrics = await (await fetch(`${router.url}/metrics`)).text();
    assert.match(metrics, /kestrel_router_alerts_out_total\{destination="webhook",status="deduplicated"\} 3/);
  });
});

describe('alert filters', () => {
  const alert: RouterAlert = {
    uuid: 'u',
    time: '2024-05-01T12:00:00.000000000Z',
    rule: 'Read sensitive file untrusted',
    priority: 'Warning',
    output: 'o',
    source: 'syscall',
    hostname: 'node-1',
    tags: ['filesystem', 'mitre_credential_access'],
    output_fields: {
      'proc.name': 'cat',
      'proc.pid': 4242,
      'proc.aname[2]': 'sshd',
      'fd.name': '/etc/shadow',
      'k8s.ns.name': null,
    },
  };
  const cases: Array<[string, boolean]> = [
    ['proc.name = cat', true],
    ['proc.name in (bash, sh)', false],
    ['proc.pid > 4000 and proc.pid < 5000', true],
    ['proc.aname[2] = sshd', true],
    ['fd.name startswith /etc/', true],
    ['k8s.ns.name exists', false],
    ['k8s.ns.name != prod', false],
    ['alert.rule contains sensitive and alert.priority = Warning', true],
    ['alert.tags intersects (mitre_credential_access)', true],
    ['alert.hostname = node-2 or alert.source = syscall', true],
    ['not user.name exists', true],
  ];
  for (const [condition, expected] of cases) {
    it(`${condition} → ${expected}`, () => {
      assert.equal(compileAlertFilter(condition)(alert), expected);
    });
  }
});
