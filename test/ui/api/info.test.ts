// GET /api/v1/router (from a real router's /metrics), /versions, /openapi.json (every route
// described), and the password kept as a hash.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadRouterConfig } from '../../../src/router/config/loadConfig.js';
import { DESTINATION_TYPES } from '../../../src/router/destinations/index.js';
import { startRouter } from '../../../src/router/router.js';
import { routeList } from '../../../src/ui/server/app.js';
import { loadOrCreatePassword, PASSWORD_FILE, verifyPassword } from '../../../src/ui/server/auth/password.js';
import { loggedIn, startTestUi } from '../support/uiServer.js';

function tempDir(t: { after: (fn: () => unknown) => void }): string {
  const d = mkdtempSync(join(tmpdir(), 'kestrel-ui-info-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

describe('ui info API', () => {
  test('router: destinations, queue depth and errors from a real router', async (t) => {
    const dir = tempDir(t);
    // a webhook that always fails, so the router counts failures and keeps a backlog
    const failing = http.createServer((req, res) => {
      req.resume();
      res.writeHead(503).end();
    });
    await new Promise<void>((r) => failing.listen(0, '127.0.0.1', r));
    t.after(() => new Promise((r) => (failing.closeAllConnections(), failing.close(r))));
    const config = loadRouterConfig({
      env: {
        LISTENADDRESS: '127.0.0.1',
        LISTENPORT: '0',
        QUEUE_MODE: 'memory',
        UI_STORE: join(dir, 'alerts.db'),
        WEBHOOK_ADDRESS: `http://127.0.0.1:${(failing.address() as { port: number }).port}/`,
        WEBHOOK_MAXRETRYDELAY: '50ms',
      },
      destinationTypes: DESTINATION_TYPES,
    });
    const router = await startRouter(config, () => {});
    t.after(() => router.close());
    for (let i = 0; i < 3; i++)
      await fetch(`${router.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rule: 'r', priority: 'notice', output: 'o' }),
        signal: AbortSignal.timeout(10_000),
      });
    await fetch(`${router.url}/`, { method: 'POST', body: 'not json', signal: AbortSignal.timeout(10_000) });
    const ui = await startTestUi({ routerUrl: router.url });
    t.after(() => ui.close());
    const c = await loggedIn(ui);
    type Status = {
      reachable: boolean;
      alertsIn: { accepted: number; rejected: number };
      destinations: { name: string; queueDepth: number; delivered: number; sendFailures: number }[];
    };
    let s: Status | undefined;
    for (let i = 0; i < 200; i++) {
      s = (await c.get('/api/v1/router')).json as Status;
      const ui_ = s.destinations.find((d) => d.name === 'ui');
      const hook = s.destinations.find((d) => d.name === 'webhook');
      if (ui_?.delivered === 3 && (hook?.sendFailures ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(s?.reachable, true);
    assert.deepEqual(s?.alertsIn, { accepted: 3, rejected: 1 });
    assert.deepEqual(
      s?.destinations.map((d) => d.name),
      ['ui', 'webhook'],
    );
    assert.equal(s?.destinations[0]!.delivered, 3);
    assert.equal(s?.destinations[0]!.queueDepth, 0);
    assert.ok(s!.destinations[1]!.sendFailures > 0);
    assert.ok(s!.destinations[1]!.queueDepth > 0);
  });

  test('router: not configured, and unreachable', async (t) => {
    const none = await startTestUi();
    t.after(() => none.close());
    assert.deepEqual((await (await loggedIn(none)).get('/api/v1/router')).json, { configured: false });
    // a port that was free a moment ago
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const down = await startTestUi({ routerUrl: `http://127.0.0.1:${port}` });
    t.after(() => down.close());
    const s = (await (await loggedIn(down)).get('/api/v1/router')).json as { reachable: boolean; error: string };
    assert.equal(s.reachable, false);
    assert.match(s.error, new RegExp(`^GET http://127.0.0.1:${port}/metrics: `));
  });

  test('versions', async (t) => {
    const ui = await startTestUi();
    t.after(() => ui.close());
    const v = (await (await loggedIn(ui)).get('/api/v1/versions')).json as Record<string, unknown>;
    const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    assert.equal(v.kestrel, pkg.version);
    assert.equal(v.node, process.versions.node);
    assert.equal(v.api, 'v1');
    assert.match(String(v.engine), /^\d+\.\d+\.\d+$/);
    assert.equal((v.store as { kind: string }).kind, 'sqlite');
    assert.match((v.store as { version: string }).version, /^3\.\d+/);
  });

  test('openapi.json describes every route the server has, and nothing else', async (t) => {
    const ui = await startTestUi();
    t.after(() => ui.close());
    const doc = (await fetch(`${ui.url}/api/v1/openapi.json`, { signal: AbortSignal.timeout(10_000) }).then((r) =>
      r.json(),
    )) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    assert.match(doc.openapi, /^3\./);
    const described = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        described.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
        assert.ok(
          Object.keys(op.responses).some((s) => s.startsWith('2')),
          `${method} ${path} has a success response`,
        );
      }
    const registered = new Set(routeList(ui.app));
    assert.deepEqual(
      [...registered].filter((r) => !described.has(r)),
      [],
      'routes missing from the OpenAPI document',
    );
    assert.deepEqual(
      [...described].filter((r) => !registered.has(r)),
      [],
      'paths described but not served',
    );
  });

  test('first start: a random password printed once, only its scrypt hash stored (0600)', async (t) => {
    const dir = join(tempDir(t), 'data');
    const shown: string[] = [];
    const hash = await loadOrCreatePassword(undefined, dir, (pw) => shown.push(pw));
    assert.equal(shown.length, 1);
    assert.ok(shown[0]!.length >= 20);
    const file = join(dir, PASSWORD_FILE);
    const stored = readFileSync(file, 'utf8');
    assert.match(stored, /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+\n$/);
    assert.ok(!stored.includes(shown[0]!));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(await verifyPassword(shown[0]!, hash));
    assert.ok(!(await verifyPassword('admin', hash)));
    const again = await loadOrCreatePassword(undefined, dir, (pw) => shown.push(pw));
    assert.equal(shown.length, 1, 'not shown again');
    assert.ok(await verifyPassword(shown[0]!, again));
    const configured = await loadOrCreatePassword(stored.trim(), join(dir, 'unused'), () => assert.fail('announced'));
    assert.ok(await verifyPassword(shown[0]!, configured));
    await assert.rejects(
      loadOrCreatePassword('admin', dir, () => {}),
      /^Error: KESTREL_UI_PASSWORD_HASH: not a password hash/,
    );
  });
});
