// Login, sessions, CSRF, rate limiting and the security headers of `kestrel ui`.

import assert from 'node:assert/strict';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { routeList } from '../../../src/ui/server/app.js';
import { LoginLimiter } from '../../../src/ui/server/auth/loginLimiter.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/ui/server/securityHeaders.js';
import { Client, loggedIn, startTestUi, type TestUi } from '../support/uiServer.js';
import { selfSignedCert } from '../../router/servers/selfSignedCert.js';

const PUBLIC = new Set(['POST /api/v1/login', 'GET /api/v1/openapi.json', 'GET /healthz']);

function assertSecurityHeaders(h: Headers, where: string) {
  assert.equal(h.get('content-security-policy'), CONTENT_SECURITY_POLICY, where);
  assert.equal(h.get('x-content-type-options'), 'nosniff', where);
  assert.equal(h.get('x-frame-options'), 'DENY', where);
  assert.equal(h.get('referrer-policy'), 'no-referrer', where);
  assert.equal(h.get('cache-control'), 'no-store', where);
}

describe('ui auth', () => {
  let ui: TestUi;
  before(async () => {
    ui = await startTestUi({ loginAttempts: 3, loginWindowMs: 60_000 });
  });
  after(() => ui.close());

  test('the CSP allows no inline script, no eval, no framing', () => {
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe/);
  });

  test('every route but login, openapi and healthz answers 401 JSON without a session', async () => {
    const c = new Client(ui.url);
    const routes = routeList(ui.app);
    assert.ok(routes.length >= 15, routes.join(', '));
    for (const r of routes) {
      const [method, path] = r.split(' ') as [string, string];
      if (PUBLIC.has(r)) continue;
      const a = await c.request(
        method,
        path.replace(':id', '1'),
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );
      assert.equal(a.status, 401, r);
      assert.match(a.headers.get('content-type') ?? '', /^application\/json/, r);
      assert.match((a.json as { error: string }).error, /^session: not logged in/, r);
      assertSecurityHeaders(a.headers, r);
    }
  });

  test('login: wrong password 401, missing 400, right one sets an HttpOnly SameSite=Strict cookie', async () => {
    const c = new Client(ui.url);
    const wrong = await c.post('/api/v1/login', { password: 'nope' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.json, { error: 'password: wrong password' });
    const missing = await c.post('/api/v1/login', {});
    assert.equal(missing.status, 400);
    assert.match((missing.json as { error: string }).error, /^body\.password: required/);
    const extra = await c.post('/api/v1/login', { password: 'x', user: 'admin' });
    assert.match((extra.json as { error: string }).error, /^body\.user: unknown field/);
    const ok = await c.login();
    assert.equal(ok.status, 200);
    const cookie = ok.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^kestrel_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    assert.doesNotMatch(cookie, /Secure/, 'no Secure flag over plain HTTP');
    const s = await c.get('/api/v1/session');
    assert.deepEqual(s.json, { authenticated: true, csrfToken: c.csrf });
  });

  test('state-changing requests need the session’s CSRF token and the same origin', async () => {
    const c = await loggedIn(ui);
    const body = { ids: ['x'] };
    const good = await c.post('/api/v1/alerts/ack', body);
    assert.equal(good.status, 200);
    const token = c.csrf;
    c.csrf = '';
    const none = await c.post('/api/v1/alerts/ack', body);
    assert.equal(none.status, 403);
    assert.match((none.json as { error: string }).error, /^x-csrf-token: /);
    const other = await loggedIn(ui);
    c.csrf = other.csrf;
    assert.equal((await c.post('/api/v1/alerts/ack', body)).status, 403, "another session's token");
    c.csrf = token;
    const cross = await c.post('/api/v1/alerts/ack', body, { origin: 'https://evil.example' });
    assert.equal(cross.status, 403);
    assert.match((cross.json as { error: string }).error, /^origin: /);
    const same = await c.post('/api/v1/alerts/ack', body, { origin: ui.url });
    assert.equal(same.status, 200);
    assert.equal((await c.delete('/api/v1/mutes/1')).status, 404, 'DELETE with the token reaches the route');
    c.csrf = '';
    assert.equal((await c.delete('/api/v1/mutes/1')).status, 403);
  });

  test('only JSON bodies: text/plain (a form can send it cross-site) is 415', async () => {
    const c = await loggedIn(ui);
    const a = await c.request('POST', '/api/v1/alerts/ack', 'ids=x', { 'content-type': 'text/plain' });
    assert.equal(a.status, 415);
    const bad = await c.request('POST', '/api/v1/alerts/ack', '{nope', {});
    assert.equal(bad.status, 400);
    assert.match((bad.json as { error: string }).error, /^body: /);
  });

  test('logout ends the session', async () => {
    const c = await loggedIn(ui);
    assert.equal((await c.post('/api/v1/logout')).status, 200);
    assert.equal((await c.get('/api/v1/session')).status, 401);
  });

  test('logout everywhere ends every session; a plain logout only its own', async (t) => {
    const own = await startTestUi();
    t.after(() => own.close());
    const [a, b, c] = [await loggedIn(own), await loggedIn(own), await loggedIn(own)];
    const plain = await b.post('/api/v1/logout', { everywhere: false });
    assert.deepEqual(plain.json, { loggedOut: true, ended: 1 });
    assert.equal((await b.get('/api/v1/session')).status, 401);
    assert.equal((await c.get('/api/v1/session')).status, 200, 'a plain logout leaves the other sessions');
    const noCsrf = new Client(own.url);
    noCsrf.cookie = c.cookie;
    assert.equal((await noCsrf.post('/api/v1/logout', { everywhere: true })).status, 403, 'CSRF still applies');
    const all = await a.post('/api/v1/logout', { everywhere: true });
    assert.equal(all.status, 200);
    assert.deepEqual(all.json, { loggedOut: true, ended: 2 });
    assert.match(all.headers.get('set-cookie') ?? '', /^kestrel_session=; .*Max-Age=0/);
    for (const s of [a, c]) assert.equal((await s.get('/api/v1/session')).status, 401);
    const again = await loggedIn(own);
    assert.equal((await again.get('/api/v1/session')).status, 200, 'logging in works afterwards');
    assert.deepEqual((await again.request('POST', '/api/v1/logout')).json, { loggedOut: true, ended: 1 }, 'no body');
  });

  test('logout: a bad body is 400 naming the field and ends no session', async () => {
    const c = await loggedIn(ui);
    const error = async (body: unknown) => {
      const a = await c.post('/api/v1/logout', body);
      assert.equal(a.status, 400, JSON.stringify(body));
      return (a.json as { error: string }).error;
    };
    assert.equal(await error({ everywhere: 'yes' }), 'body.everywhere: must be true or false');
    assert.equal(await error({ everywhere: 1 }), 'body.everywhere: must be true or false');
    assert.equal(await error({ everywhere: null }), 'body.everywhere: must be true or false');
    assert.match(await error({ all: true }), /^body\.all: unknown field \(known: everywhere\)/);
    assert.equal(await error([true]), 'body: must be a JSON object');
    assert.equal(await error('true'), 'body: must be a JSON object');
    assert.equal((await c.get('/api/v1/session')).status, 200, 'still logged in');
  });

  test('429 after too many failed logins from one address, even with the right password', async () => {
    const limited = await startTestUi({ loginAttempts: 3, loginWindowMs: 60_000 });
    try {
      const c = new Client(limited.url);
      for (let i = 0; i < 3; i++) assert.equal((await c.post('/api/v1/login', { password: `bad ${i}` })).status, 401);
      const blocked = await c.login();
      assert.equal(blocked.status, 429);
      assert.match((blocked.json as { error: string }).error, /^login: too many failed attempts/);
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
      assertSecurityHeaders(blocked.headers, '429');
    } finally {
      await limited.close();
    }
  });

  test('the limiter remembers a bounded number of addresses and forgives after its window', () => {
    const l = new LoginLimiter(2, 1000, 50);
    for (let i = 0; i < 10_000; i++) l.failed(`10.0.${i >> 8}.${i & 255}`, 0);
    assert.equal(l.tracked, 50);
    l.failed('a', 0);
    l.failed('a', 10);
    assert.ok(l.retryAfter('a', 20) > 0);
    assert.equal(l.retryAfter('a', 1000), 0);
    l.succeeded('a');
    assert.equal(l.retryAfter('a', 20), 0);
  });

  test('security headers on every kind of response: 200, 400, 404, stream', async () => {
    const c = await loggedIn(ui);
    for (const path of [
      '/healthz',
      '/api/v1/alerts?limit=0',
      '/api/v1/nowhere',
      '/',
      '/api/v1/alerts/export?format=csv',
    ]) {
      const a = await c.get(path);
      assertSecurityHeaders(a.headers, path);
      if (path === '/api/v1/nowhere') {
        assert.equal(a.status, 404);
        assert.match(a.headers.get('content-type') ?? '', /^application\/json/);
      }
    }
  });

  test('over TLS: __Host- cookie with Secure, and HSTS', async (t) => {
    const { cert, key } = selfSignedCert(ui.dir);
    const tlsUi = await startTestUi({ tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    t.after(() => tlsUi.close());
    const port = new URL(tlsUi.url).port;
    const answer = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>(
      (resolve, reject) => {
        const req = https.request(
          {
            host: '127.0.0.1',
            port,
            path: '/api/v1/login',
            method: 'POST',
            ca: readFileSync(cert),
            headers: { 'content-type': 'application/json' },
            timeout: 20_000,
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ password: 'test password 1234' }));
      },
    );
    assert.equal(answer.status, 200);
    const cookie = String(answer.headers['set-cookie']);
    assert.match(cookie, /^__Host-kestrel_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    assert.equal(answer.headers['strict-transport-security'], 'max-age=31536000');
  });
});
