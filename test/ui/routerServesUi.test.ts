// The router serving the web UI itself (uiserver.*): one process takes alerts, stores them through
// its `ui` destination and serves the pages and API over that store; `kestrel router` says where;
// bad uiserver settings are configuration errors naming the key.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadRouterConfig } from '../../src/router/config/loadConfig.js';
import { RouterConfigError } from '../../src/router/config/routerConfig.js';
import { DESTINATION_TYPES } from '../../src/router/destinations/index.js';
import { startRouter } from '../../src/router/router.js';
import { RouterChild, falcoAlert, post, tempDir, waitUntil } from '../router/core/support.js';
import { Client, HASH_TEXT, loggedIn } from './support/uiServer.js';

function env(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LISTENADDRESS: '127.0.0.1',
    LISTENPORT: '0',
    QUEUE_DIR: join(dir, 'queue'),
    UI_STORE: join(dir, 'alerts.db'),
    UISERVER_ENABLED: 'true',
    UISERVER_LISTENPORT: '0',
    UISERVER_DATADIR: join(dir, 'ui'),
    ...extra,
  };
}

function problems(e: Record<string, string>, file?: string): string {
  try {
    loadRouterConfig({ env: e, destinationTypes: DESTINATION_TYPES, ...(file ? { file } : {}) });
  } catch (err) {
    assert.ok(err instanceof RouterConfigError, String(err));
    return err.problems.join('\n');
  }
  assert.fail('the configuration loaded');
}

async function alertRules(c: Client): Promise<string[]> {
  const a = await c.get('/api/v1/alerts?limit=50');
  assert.equal(a.status, 200, a.text);
  return (a.json as { alerts: Array<{ rule: string }> }).alerts.map((x) => x.rule);
}

describe('the router serves the web UI (uiserver)', () => {
  test('alerts posted to the router are listed by its own UI, whose info page is that router', async (t) => {
    const dir = tempDir(t);
    const router = await startRouter(
      loadRouterConfig({ env: env(dir, { UISERVER_PASSWORDHASH: HASH_TEXT }), destinationTypes: DESTINATION_TYPES }),
      () => {},
    );
    let closed = false;
    t.after(() => (closed ? undefined : router.close()));
    assert.ok(router.ui, 'the UI runs');
    assert.equal(router.ui.store.kind, 'sqlite');
    assert.notEqual(router.ui.url, router.url);

    for (let i = 0; i < 3; i++) assert.equal((await post(`${router.url}/`, falcoAlert(i))).status, 200);
    const c = await loggedIn(router.ui);
    let rules: string[] = [];
    // the ui destination writes in batches: read until the three are there (bounded)
    for (let i = 0; i < 200 && rules.length < 3; i++) {
      rules = await alertRules(c);
      if (rules.length < 3) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(rules.length, 3, JSON.stringify(rules));

    const status = await c.get('/api/v1/router');
    assert.equal(status.status, 200);
    const s = status.json as { configured: boolean; url: string; reachable: boolean; alertsIn: { accepted: number } };
    assert.equal(s.configured, true);
    assert.equal(s.url, router.url);
    assert.equal(s.reachable, true);
    assert.equal(s.alertsIn.accepted, 3);

    await router.close();
    closed = true;
    await assert.rejects(fetch(`${router.ui.url}/api/v1/session`), 'the UI stops with the router');
  });

  test('kestrel router prints where the UI listens and a first-start password that logs in', async (t) => {
    const dir = tempDir(t);
    const child = new RouterChild([], env(dir));
    t.after(() => child.kill('SIGKILL'));
    await child.listening();
    await waitUntil(() => /ui listening on \S+/.test(child.stderr), `"ui listening on" in ${child.stderr}`);
    const url = /ui listening on (\S+) \(store: sqlite\)/.exec(child.stderr)?.[1];
    const password = /the password is (\S+)/.exec(child.stderr)?.[1];
    assert.ok(url && password, child.stderr);
    const c = new Client(url);
    assert.equal((await c.login(password)).status, 200);
    assert.equal((await c.login('not the password at all')).status, 401);
    assert.equal(await child.kill('SIGTERM'), 0);
    assert.match(child.stderr, /router stopped/);
  });

  test('a UI that cannot listen stops the router from starting, and frees its port', async (t) => {
    const dir = tempDir(t);
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    let free = false;
    t.after(() => (free ? undefined : taken.close()));
    const port = (taken.address() as { port: number }).port;
    const config = loadRouterConfig({
      env: env(dir, { UISERVER_LISTENPORT: String(port), UISERVER_PASSWORDHASH: HASH_TEXT }),
      destinationTypes: DESTINATION_TYPES,
    });
    await assert.rejects(
      startRouter(config, () => {}),
      /^Error: uiserver: .*EADDRINUSE/,
    );
    // the router's queue and intake were closed: the same configuration starts once the port is free
    await new Promise((r) => taken.close(r));
    free = true;
    const again = await startRouter(config, () => {});
    t.after(() => again.close());
    assert.ok(again.ui);
  });

  test('bad uiserver settings are configuration errors naming the key or variable', (t) => {
    const dir = tempDir(t);
    const { UI_STORE: _store, ...noStore } = env(dir);
    assert.match(problems(noStore), /env UISERVER_ENABLED: needs the ui destination \(ui\.store, UI_STORE\)/);
    assert.match(
      problems(env(dir, { UISERVER_LISTENPORT: '70000' })),
      /env UISERVER_LISTENPORT: 70000 must be 0 to 65535/,
    );
    assert.match(
      problems(env(dir, { UISERVER_TLSCERTFILE: join(dir, 'missing.pem') })),
      /env UISERVER_TLSCERTFILE and uiserver\.tlskeyfile \(env UISERVER_TLSKEYFILE\) go together\nenv UISERVER_TLSCERTFILE: \S+missing\.pem does not exist/,
    );
    assert.match(
      problems(env(dir, { UISERVER_RULES: '/etc' })),
      /env UISERVER_RULES and uiserver\.exceptionsfile \(env UISERVER_EXCEPTIONSFILE\) go together/,
    );
    assert.match(problems(env(dir, { UISERVER_TRUSTPROXY: '10.0.0.0/99' })), /env UISERVER_TRUSTPROXY: /);
    assert.match(problems(env(dir, { UISERVER_ENABLED: 'maybe' })), /env UISERVER_ENABLED: /);
    assert.match(problems(env(dir, { UISERVER_DATADIR: ' ' })), /env UISERVER_DATADIR: required when no/);

    // in YAML, the file and the key
    const file = join(dir, 'router.yaml');
    writeFileSync(file, 'ui:\n  store: a.db\nuiserver:\n  enabled: true\n  listenport: -1\n  colour: blue\n');
    const text = problems({}, file);
    assert.match(text, new RegExp(`${file}: uiserver\\.listenport: -1 must be 0 to 65535`));
    assert.match(text, new RegExp(`${file}: uiserver\\.colour: unknown option`));

    // off by default, and off means none of it is checked
    const off = loadRouterConfig({
      env: { UI_STORE: join(dir, 'a.db'), UISERVER_LISTENPORT: '70000' },
      destinationTypes: DESTINATION_TYPES,
    });
    assert.equal(off.uiServer, undefined);
  });
});
