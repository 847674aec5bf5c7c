// The pages and the live stream as HTTP: the built front end served with the security headers,
// page paths answered with index.html, nothing outside the build reachable; the alert stream's
// events, its bad parameters, and its end when the session ends or the server closes.

import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_WEB_DIR, loadWebAssets } from '../../../src/ui/server/webAssets.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/ui/server/securityHeaders.js';
import { makeAlert } from '../support/alerts.js';
import { openStream } from '../support/sse.js';
import { loggedIn, startTestUi, type TestUi } from '../support/uiServer.js';

/** A raw GET, so that the path is sent exactly as written (fetch would normalise `..`). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}${path}`, { timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.path = path;
    req.on('error', reject);
  });
}

describe('ui pages over HTTP', () => {
  let ui: TestUi;
  before(async () => {
    ui = await startTestUi();
  });
  after(() => ui.close());

  test('the build exists (npm run build makes it)', () => {
    assert.ok(loadWebAssets(DEFAULT_WEB_DIR), `no index.html in ${DEFAULT_WEB_DIR}`);
  });

  test('index.html for / and for page paths, with the CSP and no caching; assets cached for a year', async () => {
    for (const path of ['/', '/alerts', '/alerts/3f1b-uuid', '/info?x=1']) {
      const r = await fetch(`${ui.url}${path}`, { signal: AbortSignal.timeout(10_000) });
      const html = await r.text();
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8', path);
      assert.equal(r.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, path);
      assert.equal(r.headers.get('cache-control'), 'no-store', path);
      assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
      assert.match(html, /<div id="root"><\/div>/, path);
      assert.doesNotMatch(html, /<script>|<style>|style=/, `${path}: nothing inline`);
    }
    const html = await (await fetch(`${ui.url}/`, { signal: AbortSignal.timeout(10_000) })).text();
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /<link rel="stylesheet" crossorigin href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    assert.ok(script && style, html);
    for (const [path, type] of [
      [script, 'text/javascript; charset=utf-8'],
      [style, 'text/css; charset=utf-8'],
    ] as const) {
      const r = await fetch(`${ui.url}${path}`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.get('content-type'), type, path);
      assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable', path);
      assert.equal(r.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, path);
      assert.ok((await r.arrayBuffer()).byteLength > 1000, path);
    }
    const icon = await fetch(`${ui.url}/favicon.svg`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
  });

  test('nothing outside the build is served: unknown assets, API paths, other methods, dot-dot paths', async () => {
    const c = await loggedIn(ui);
    const missing = await c.get('/assets/nope-123.js');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { error: 'no route GET /assets/nope-123.js' });
    const api = await c.get('/api/v1/nope');
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type') ?? '', /^application\/json/);
    const posted = await c.post('/alerts', {});
    assert.equal(posted.status, 404);
    for (const path of ['/assets/../../package.json', '/../../../etc/passwd', '/%2e%2e/%2e%2e/package.json']) {
      const r = await rawGet(ui.url, path);
      assert.doesNotMatch(r.body, /"name": "kestrel"|root:x:0:0/, path);
    }
  });

  test('without a build, page paths say how to build it (503) and the API still works', async () => {
    const bare = await startTestUi({ web: null });
    try {
      const r = await fetch(`${bare.url}/alerts`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(r.status, 503);
      assert.match(await r.text(), /the web pages are not built \(run `npm run build:web`\)/);
      assert.equal(r.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
      const c = await loggedIn(bare);
      assert.equal((await c.get('/api/v1/alerts')).status, 200);
    } finally {
      await bare.close();
    }
  });

  test('loadWebAssets: a folder without index.html is no build', () => {
    const d = mkdtempSync(join(tmpdir(), 'kestrel-web-'));
    try {
      assert.equal(loadWebAssets(d), undefined);
      writeFileSync(join(d, 'index.html'), '<!doctype html>');
      writeFileSync(join(d, 'notes.unknownext'), 'x');
      const w = loadWebAssets(d)!;
      assert.equal(w.files, 1, 'files of unknown types are left out');
      assert.equal(w.lookup('/notes.unknownext'), undefined);
      assert.equal(w.lookup('/some/page')?.type, 'text/html; charset=utf-8');
      assert.equal(w.lookup('/api/v1/x'), undefined);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('ui alert stream', () => {
  test('latest at once, then alerts as they are stored; a bad parameter is a 400', async () => {
    const ui = await startTestUi({ streamPollMs: 30 });
    try {
      const c = await loggedIn(ui);
      const bad = await c.get('/api/v1/alerts/stream?since=3');
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json, { error: 'since: unknown parameter (this route takes none)' });
      const { status, sse } = await openStream(c);
      assert.equal(status, 200);
      assert.deepEqual(await sse.next(), { event: 'latest', data: '{"latest":0}' });
      await ui.store.insert([{ alert: makeAlert(), count: 1 }]);
      assert.deepEqual(await sse.next(), { event: 'alerts', data: '{"latest":1}' });
      await ui.store.insert([1, 2].map(() => ({ alert: makeAlert(), count: 1 })));
      assert.deepEqual(await sse.next(), { event: 'alerts', data: '{"latest":3}' });
      sse.close();
    } finally {
      await ui.close();
    }
  });

  test('the stream ends with `logout` when its session ends, and does not keep the session alive', async () => {
    let now = 1_000_000;
    const ui = await startTestUi({ streamPollMs: 30, streamHeartbeatMs: 30, sessionIdleMs: 10_000, now: () => now });
    try {
      const c = await loggedIn(ui);
      const { sse } = await openStream(c);
      assert.equal((await sse.next())?.event, 'latest');
      // idle time passes with the stream open: the session expires all the same
      now += 11_000;
      assert.deepEqual(await sse.next(), { event: 'logout', data: '{}' });
      assert.equal(await sse.next(), null, 'the server ended the stream');
      assert.equal((await c.get('/api/v1/alerts')).status, 401);
    } finally {
      await ui.close();
    }
  });

  test('logging out ends open streams; closing the server ends them too', async () => {
    const ui = await startTestUi({ streamPollMs: 30, streamHeartbeatMs: 30 });
    const c = await loggedIn(ui);
    const first = await openStream(c);
    assert.equal((await first.sse.next())?.event, 'latest');
    assert.equal((await c.post('/api/v1/logout')).status, 200);
    assert.equal((await first.sse.next())?.event, 'logout');
    await c.login();
    const second = await openStream(c);
    assert.equal((await second.sse.next())?.event, 'latest');
    await ui.close(); // would wait forever for an open stream
    assert.equal(await second.sse.next(), null);
  });
});
