// The router's `ui` destination: batches written into the store, options validated, retention
// run on its interval, and the whole path through a real `kestrel router` intake.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadRouterConfig } from '../../src/router/config/loadConfig.js';
import { RouterConfigError } from '../../src/router/config/routerConfig.js';
import { DeliveryError } from '../../src/router/destinations/destination.js';
import { DESTINATION_TYPES } from '../../src/router/destinations/index.js';
import { uiDestination } from '../../src/router/destinations/ui.js';
import { startRouter } from '../../src/router/router.js';
import { SqliteAlertStore } from '../../src/ui/store/sqliteStore.js';
import { makeAlert, timeAt } from './support/alerts.js';

function tempDir(t: { after: (fn: () => unknown) => void }): string {
  const d = mkdtempSync(join(tmpdir(), 'kestrel-ui-dest-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const options = (store: string, over: Record<string, number> = {}) => ({
  store,
  maxage: 0,
  maxrows: 0,
  maxsize: 0,
  retentioninterval: 60_000,
  ...over,
});
const signal = () => new AbortController().signal;

describe('ui destination', () => {
  test('writes batches into the store, with the dedup count, several alerts per send', async (t) => {
    const file = join(tempDir(t), 'alerts.db');
    const d = uiDestination.create(options(file), { hostname: 'h' });
    assert.ok(d.maxBatch > 1);
    const a = makeAlert();
    const b = makeAlert({ rule: 'Other' });
    await d.send(
      [
        { alert: a, count: 1 },
        { alert: b, count: 4 },
      ],
      signal(),
    );
    await d.close?.();
    const s = new SqliteAlertStore(file);
    t.after(() => s.close());
    assert.deepEqual((await s.get(a.uuid))?.alert, a);
    assert.equal((await s.get(b.uuid))?.count, 4);
  });

  test('a store in a missing folder is not retried', async (t) => {
    const d = uiDestination.create(options(join(tempDir(t), 'no', 'such', 'alerts.db')), { hostname: 'h' });
    await assert.rejects(
      d.send([{ alert: makeAlert(), count: 1 }], signal()),
      (e: unknown) => e instanceof DeliveryError && !e.retryable && /ui: cannot store alerts/.test(e.message),
    );
    await d.close?.();
  });

  test('retention runs on its interval', async (t) => {
    const file = join(tempDir(t), 'alerts.db');
    const d = uiDestination.create(options(file, { maxrows: 2, retentioninterval: 20 }), { hostname: 'h' });
    const batch = [0, 1, 2, 3, 4].map((i) => ({ alert: makeAlert({ time: timeAt(Date.now() - i * 1000) }), count: 1 }));
    await d.send(batch, signal());
    const s = new SqliteAlertStore(file);
    t.after(() => s.close());
    for (let i = 0; i < 200 && (await s.size()).rows > 2; i++) await new Promise((r) => setTimeout(r, 25));
    await d.close?.();
    assert.equal((await s.size()).rows, 2);
  });

  test('bad options are configuration errors naming the key', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadRouterConfig({ env, destinationTypes: DESTINATION_TYPES });
      } catch (e) {
        assert.ok(e instanceof RouterConfigError);
        return e.problems.join('\n');
      }
      assert.fail('the configuration loaded');
    };
    assert.match(
      problems({ UI_STORE: 'postgres://bad host/db' }),
      /ui\.store: "postgres:\/\/bad host\/db" is not a valid URL/,
    );
    assert.match(problems({ UI_STORE: 'a.db', UI_MAXSIZE: 'lots' }), /UI_MAXSIZE: "lots" is not an integer/);
    assert.match(problems({ UI_STORE: 'a.db', UI_MAXAGE: '-5s' }), /UI_MAXAGE|ui\.maxage/);
    assert.deepEqual(uiDestination.validate?.(options('/var/lib/kestrel/')), [
      'ui.store: "/var/lib/kestrel/" names a folder, not a file',
    ]);
    assert.deepEqual(uiDestination.validate?.(options('a.db', { maxrows: -1, retentioninterval: 0 })), [
      'ui.maxrows: -1 must be 0 or more',
      'ui.retentioninterval: must be more than 0',
    ]);
  });

  test('through the router: POST / lands in the store', async (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'alerts.db');
    const config = loadRouterConfig({
      env: { UI_STORE: file, LISTENADDRESS: '127.0.0.1', LISTENPORT: '0', QUEUE_DIR: join(dir, 'queue') },
      destinationTypes: DESTINATION_TYPES,
    });
    assert.deepEqual(
      config.destinations.map((d) => d.name),
      ['ui'],
    );
    const router = await startRouter(config, () => {});
    t.after(() => router.close());
    const sent = [];
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${router.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          rule: `r${i}`,
          priority: 'warning',
          output: `out ${i}`,
          output_fields: { 'proc.name': 'sh' },
        }),
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(r.status, 200);
      sent.push(((await r.json()) as { uuid: string }).uuid);
    }
    const s = new SqliteAlertStore(file);
    t.after(() => s.close());
    for (let i = 0; i < 400 && (await s.size()).rows < 5; i++) await new Promise((r) => setTimeout(r, 25));
    for (const [i, uuid] of sent.entries()) {
      const got = await s.get(uuid);
      assert.equal(got?.alert.rule, `r${i}`);
      assert.equal(got?.alert.priority, 'Warning');
    }
  });
});
