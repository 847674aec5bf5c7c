// --trust-proxy: X-Forwarded-For gives the login limiter its client address only when the TCP
// peer is a trusted proxy; otherwise the header is ignored and cannot dodge the limiter.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildUiApp } from '../../../src/ui/server/app.js';
import { type UiSettings, settingsProblems, startUi } from '../../../src/ui/server/start.js';
import { proxyList } from '../../../src/ui/server/trustProxy.js';
import { SqliteAlertStore } from '../../../src/ui/store/sqliteStore.js';
import { Client, HASH_TEXT, PASSWORD, startTestUi } from '../support/uiServer.js';
import { parseHash } from '../../../src/ui/server/auth/password.js';

const login = (c: Client, from: string | undefined, password = 'wrong password') =>
  c.post('/api/v1/login', { password }, from === undefined ? {} : { 'x-forwarded-for': from });

/** Fails `n` logins as `from`, each answered 401. */
async function fail(c: Client, from: string | undefined, n: number) {
  for (let i = 0; i < n; i++) assert.equal((await login(c, from)).status, 401, `failure ${i + 1} from ${from}`);
}

function settings(dir: string, over: Partial<UiSettings> = {}): UiSettings {
  return { store: join(dir, 'alerts.db'), listen: '127.0.0.1', port: 0, dataDir: dir, rules: [], ...over };
}

describe('ui trusted proxies', () => {
  test('without --trust-proxy a spoofed X-Forwarded-For cannot dodge the limiter', async (t) => {
    const ui = await startTestUi({ loginAttempts: 3, loginWindowMs: 60_000 });
    t.after(() => ui.close());
    const c = new Client(ui.url);
    await fail(c, '198.51.100.1', 1);
    await fail(c, '198.51.100.2', 1);
    await fail(c, undefined, 1);
    for (const from of ['198.51.100.3', '198.51.100.3, 203.0.113.4', '::1', 'garbage'])
      assert.equal((await login(c, from, PASSWORD)).status, 429, `right password forwarded for ${from}`);
  });

  test('with the proxy trusted, two forwarded clients have separate budgets', async (t) => {
    const ui = await startTestUi({ loginAttempts: 3, loginWindowMs: 60_000, trustProxy: ['127.0.0.1'] });
    t.after(() => ui.close());
    const c = new Client(ui.url);
    await fail(c, '198.51.100.1', 3);
    assert.equal((await login(c, '198.51.100.1', PASSWORD)).status, 429, 'client 1 is out of attempts');
    // what the client claims is left of what the proxy appends: the proxy's entry counts
    assert.equal((await login(c, '203.0.113.9, 198.51.100.1', PASSWORD)).status, 429, 'client 1 spoofing');
    assert.equal((await login(c, '198.51.100.2', PASSWORD)).status, 200, 'client 2 has its own budget');
    assert.equal((await login(c, undefined, PASSWORD)).status, 200, 'the proxy itself, no header');
  });

  test('a chain of trusted proxies: the first untrusted address from the right is the client', async (t) => {
    const ui = await startTestUi({ loginAttempts: 2, loginWindowMs: 60_000, trustProxy: ['127.0.0.0/8'] });
    t.after(() => ui.close());
    const c = new Client(ui.url);
    await fail(c, '198.51.100.1, 127.0.0.2', 1);
    await fail(c, '198.51.100.1', 1);
    assert.equal((await login(c, '198.51.100.1, 127.0.0.5', PASSWORD)).status, 429);
    assert.equal((await login(c, '198.51.100.2, 127.0.0.2', PASSWORD)).status, 200);
  });

  test('a forwarded header from an untrusted peer is ignored', async (t) => {
    const ui = await startTestUi({
      loginAttempts: 3,
      loginWindowMs: 60_000,
      trustProxy: ['10.0.0.0/8', '127.0.0.2', 'fd00::/8'],
    });
    t.after(() => ui.close());
    const c = new Client(ui.url);
    await fail(c, '198.51.100.1', 1);
    await fail(c, '198.51.100.2', 1);
    await fail(c, '10.0.0.1', 1);
    assert.equal((await login(c, '198.51.100.3', PASSWORD)).status, 429, 'the peer 127.0.0.1 is not trusted');
  });

  test('IPv6: a proxy trusted by CIDR, forwarding IPv6 clients', async (t) => {
    const ui = await startTestUi({ loginAttempts: 2, loginWindowMs: 60_000, trustProxy: ['::1/128'] }, '::1');
    t.after(() => ui.close());
    const c = new Client(ui.url);
    await fail(c, '2001:db8::1', 2);
    assert.equal((await login(c, '2001:db8::1', PASSWORD)).status, 429);
    assert.equal((await login(c, '2001:db8::2', PASSWORD)).status, 200);
    const untrusted = await startTestUi({ loginAttempts: 2, loginWindowMs: 60_000, trustProxy: ['fd00::/8'] }, '::1');
    t.after(() => untrusted.close());
    const u = new Client(untrusted.url);
    await fail(u, '2001:db8::1', 2);
    assert.equal((await login(u, '2001:db8::2', PASSWORD)).status, 429, 'the peer ::1 is not in fd00::/8');
  });

  test('settings: --trust-proxy takes IPv4 and IPv6 addresses and CIDRs; each bad entry is named', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-ui-proxy-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const good = [
      '10.0.0.5',
      '10.0.0.0/8',
      '192.168.1.0/24',
      '1.2.3.4/32',
      '::1',
      'fd00::/8',
      '::ffff:10.0.0.1',
      '::/1',
    ];
    assert.deepEqual(settingsProblems(settings(dir, { trustProxy: good })), []);
    // what the check accepts, fastify (proxy-addr) accepts too
    const store = new SqliteAlertStore(join(dir, 'alerts.db'));
    t.after(() => store.close());
    const app = await buildUiApp({ store, password: parseHash(HASH_TEXT, 'test'), trustProxy: good });
    await app.close();
    const bad: [string, string][] = [
      ['proxy.example', '--trust-proxy: "proxy.example" is not an IP address or CIDR'],
      ['loopback', '--trust-proxy: "loopback" is not an IP address or CIDR'],
      ['127.1', '--trust-proxy: "127.1" is not an IP address or CIDR'],
      ['10.0.0.256', '--trust-proxy: "10.0.0.256" is not an IP address or CIDR'],
      ['fe80::1%eth0', '--trust-proxy: "fe80::1%eth0" is not an IP address or CIDR'],
      ['/8', '--trust-proxy: "/8" is not an IP address or CIDR'],
      ['10.0.0.0/33', '--trust-proxy: "10.0.0.0/33": the prefix length must be 1 to 32'],
      ['10.0.0.0/0', '--trust-proxy: "10.0.0.0/0": the prefix length must be 1 to 32'],
      ['10.0.0.0/', '--trust-proxy: "10.0.0.0/": the prefix length must be 1 to 32'],
      ['10.0.0.0/255.0.0.0', '--trust-proxy: "10.0.0.0/255.0.0.0": the prefix length must be 1 to 32'],
      ['fd00::/129', '--trust-proxy: "fd00::/129": the prefix length must be 1 to 128'],
      ['fd00::/x', '--trust-proxy: "fd00::/x": the prefix length must be 1 to 128'],
      ['', '--trust-proxy: an empty entry (a stray comma?)'],
    ];
    for (const [entry, message] of bad) {
      const problems = settingsProblems(settings(dir, { trustProxy: ['10.0.0.1', entry] }));
      assert.equal(problems.length, 1, `${entry}: ${problems.join('; ')}`);
      assert.ok(problems[0]!.startsWith(message), `${entry}: ${problems[0]}`);
    }
    assert.equal(settingsProblems(settings(dir, { trustProxy: bad.map(([e]) => e) })).length, bad.length);
  });

  test('proxyList: comma-separated, spaces trimmed; unset or blank is no proxies', () => {
    assert.deepEqual(proxyList('10.0.0.1, fd00::/8 ,192.168.0.0/16'), ['10.0.0.1', 'fd00::/8', '192.168.0.0/16']);
    assert.deepEqual(proxyList(undefined), []);
    assert.deepEqual(proxyList('  '), []);
    assert.deepEqual(proxyList('10.0.0.1,,10.0.0.2'), ['10.0.0.1', '', '10.0.0.2']);
  });

  test('startUi passes --trust-proxy to the server', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-ui-proxy-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const ui = await startUi(settings(dir, { passwordHash: HASH_TEXT, trustProxy: ['127.0.0.1'] }), () => {});
    t.after(() => ui.close());
    const c = new Client(ui.url);
    // the default budget: 10 failures per address
    await fail(c, '198.51.100.1', 10);
    assert.equal((await login(c, '198.51.100.1', PASSWORD)).status, 429);
    assert.equal((await login(c, '198.51.100.2', PASSWORD)).status, 200);
    await assert.rejects(
      startUi(settings(dir, { passwordHash: HASH_TEXT, trustProxy: ['10.0.0.0/40'] }), () => {}),
      /--trust-proxy: "10.0.0.0\/40": the prefix length must be 1 to 32/,
    );
  });
});
