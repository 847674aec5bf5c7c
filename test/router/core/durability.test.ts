// The real `kestrel router` killed with SIGKILL while alerts stream in, then restarted on the
// same queue folder: every alert it answered 200 for reaches the webhook, and at most the one
// send that was in flight at the kill arrives twice (the webhook's batch is one alert).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanup, falcoAlert, post, RouterChild, tempDir, waitUntil, WebhookReceiver } from './support.js';

describe('router durability', () => {
  it('loses nothing accepted and sends at most the in-flight alert twice across a SIGKILL', async (t) => {
    const dir = tempDir(t);
    const hook = await WebhookReceiver.start(t);
    // a slow receiver that goes down after 100 alerts, so alerts are still queued when the router dies
    hook.delayMs = 3;
    hook.downAfter = 100;
    const env = {
      LISTENADDRESS: '127.0.0.1',
      LISTENPORT: '0',
      QUEUE_DIR: dir,
      QUEUE_SEGMENTSIZE: '65536',
      WEBHOOK_ADDRESS: hook.url,
      WEBHOOK_MAXRETRYDELAY: '200ms',
    };
    const first = new RouterChild([], env);
    cleanup(t, () => first.kill());
    const url1 = await first.listening();

    const accepted: string[] = [];
    let killed = false;
    // four clients, at most 400 requests in all; the router is killed after 200 answers
    let budget = 400;
    const client = async () => {
      while (budget-- > 0 && !killed) {
        let res;
        try {
          res = await post(url1, falcoAlert(400 - budget));
        } catch {
          return; // the router is gone: this request was never answered, so never accepted
        }
        assert.equal(res.status, 200);
        accepted.push(String(res.json.uuid));
        if (accepted.length === 200 && !killed) {
          killed = true;
          await first.kill('SIGKILL');
        }
      }
    };
    await Promise.all([client(), client(), client(), client()]);
    assert.equal(await first.exited, null, 'killed by a signal');
    assert.ok(accepted.length >= 200);
    const deliveredBeforeRestart = hook.received.length;
    assert.ok(deliveredBeforeRestart < accepted.length, 'some accepted alerts were still queued at the kill');

    hook.downAfter = Infinity;
    const second = new RouterChild([], env);
    cleanup(t, () => second.kill());
    const url2 = await second.listening();
    for (let i = 0; i < 20; i++) {
      const res = await post(url2, falcoAlert(1000 + i));
      assert.equal(res.status, 200);
      accepted.push(String(res.json.uuid));
    }
    const want = new Set(accepted);
    const missing = () => [...want].filter((u) => !hook.uuids().includes(u));
    await waitUntil(() => missing().length === 0, `every accepted alert at the webhook (${accepted.length})`, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    const seen = new Map<string, number>();
    for (const u of hook.uuids()) seen.set(u, (seen.get(u) ?? 0) + 1);
    const twice = [...seen.values()].reduce((n, c) => n + c - 1, 0);
    assert.ok(twice <= 1, `${twice} alerts delivered more than once`);
    assert.ok(second.stderr.includes('router listening on'));

    assert.equal(await second.kill('SIGTERM'), 0);
    assert.match(second.stderr, /router stopped/);
  });
});
