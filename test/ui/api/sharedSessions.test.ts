// Sessions kept in the store's database, as replicas see them: two `kestrel ui` servers on one
// SQLite file or one PostgreSQL database accept each other's sessions, a logout on one ends the
// session on the other, a restart keeps it, an expired one is refused, a new password ends the
// old ones, and the table holds neither a session id nor a CSRF token.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { type UiServerOptions, buildUiApp } from '../../../src/ui/server/app.js';
import { hashPassword, parseHash } from '../../../src/ui/server/auth/password.js';
import { openStore } from '../../../src/ui/store/openStore.js';
import type { AlertStore } from '../../../src/ui/store/types.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { openStream } from '../support/sse.js';
import { Client, HASH_TEXT, loggedIn } from '../support/uiServer.js';

const HASH = parseHash(HASH_TEXT, 'test');
const OTHER_HASH = parseHash(await hashPassword('another password 5678'), 'test');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

type SessionCells = Record<string, unknown>;

interface Location {
  /** What `--store` would say. */
  readonly store: string;
  /** Every row of the session table, read past the server. */
  rows(): Promise<SessionCells[]>;
}

interface Replica {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: AlertStore;
  close(): Promise<void>;
}

/** A UI server with its own connection to the store at `location`, as a separate replica has. */
async function replica(location: Location, over: Partial<UiServerOptions> = {}): Promise<Replica> {
  const store = await openStore(location.store);
  const app = await buildUiApp({ store, password: HASH, web: null, ...over });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    app,
    store,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** A client of `to` holding the session (cookie and CSRF token) of `from`. */
function sameSession(from: Client, to: Replica): Client {
  const c = new Client(to.url);
  c.cookie = from.cookie;
  c.csrf = from.csrf;
  return c;
}

const idOf = (c: Client) => c.cookie.slice(c.cookie.indexOf('=') + 1);

function sharedSessionTests(name: string, makeLocation: () => Promise<Location>) {
  describe(`sessions shared through ${name}`, () => {
    test('a session made on one replica works on the other; logging out on one ends it on both', async (t) => {
      const location = await makeLocation();
      const opts = { streamPollMs: 30, streamHeartbeatMs: 30 };
      const [a, b] = [await replica(location, opts), await replica(location, opts)];
      t.after(() => Promise.all([a.close(), b.close()]));
      const onA = await loggedIn(a);
      const onB = sameSession(onA, b);
      const s = await onB.get('/api/v1/session');
      assert.equal(s.status, 200);
      assert.deepEqual(s.json, { authenticated: true, csrfToken: onA.csrf }, 'the same CSRF token on B');
      assert.equal((await onB.post('/api/v1/alerts/ack', { ids: ['x'] })).status, 200, 'state changes on B');
      const { sse } = await openStream(onB);
      assert.equal((await sse.next())?.event, 'latest');
      assert.equal((await onA.post('/api/v1/logout')).status, 200);
      assert.deepEqual(await sse.next(), { event: 'logout', data: '{}' }, "B's stream ends with the session");
      assert.equal((await onB.get('/api/v1/session')).status, 401);
      assert.equal((await onA.get('/api/v1/session')).status, 401);
      assert.deepEqual(await location.rows(), []);
    });

    test('logout everywhere on one replica ends the sessions made on both', async (t) => {
      const location = await makeLocation();
      const [a, b] = [await replica(location), await replica(location)];
      t.after(() => Promise.all([a.close(), b.close()]));
      const [onA, onB] = [await loggedIn(a), await loggedIn(b)];
      const all = await onB.post('/api/v1/logout', { everywhere: true });
      assert.deepEqual(all.json, { loggedOut: true, ended: 2 });
      assert.equal((await onA.get('/api/v1/session')).status, 401);
      assert.equal((await sameSession(onB, a).get('/api/v1/session')).status, 401);
    });

    test('a restart keeps the session', async () => {
      const location = await makeLocation();
      const first = await replica(location);
      const c = await loggedIn(first);
      await first.close();
      const again = await replica(location);
      try {
        const s = await sameSession(c, again).get('/api/v1/session');
        assert.equal(s.status, 200);
        assert.deepEqual(s.json, { authenticated: true, csrfToken: c.csrf });
      } finally {
        await again.close();
      }
    });

    test('activity on either replica renews the session, at most once a tenth of the idle time; expired ones are refused', async (t) => {
      const location = await makeLocation();
      let now = 1_000_000;
      const opts = { sessionIdleMs: 10_000, now: () => now };
      const [a, b] = [await replica(location, opts), await replica(location, opts)];
      t.after(() => Promise.all([a.close(), b.close()]));
      const onA = await loggedIn(a);
      const onB = sameSession(onA, b);
      const expiry = async () => (await location.rows()).map((r) => Number(r.expires_at));
      assert.deepEqual(await expiry(), [1_010_000]);
      now += 999;
      assert.equal((await onB.get('/api/v1/alerts')).status, 200);
      assert.deepEqual(await expiry(), [1_010_000], 'not renewed within 1 s of the last write');
      now += 1;
      assert.equal((await onB.get('/api/v1/alerts')).status, 200);
      assert.deepEqual(await expiry(), [1_011_000], 'renewed by B');
      now = 1_010_500;
      assert.equal((await onA.get('/api/v1/alerts')).status, 200, 'past the first expiry, alive through B');
      now = 1_020_500;
      assert.equal((await onA.get('/api/v1/alerts')).status, 401, 'idle 10 s: expired');
      assert.equal((await onB.get('/api/v1/alerts')).status, 401);
      assert.deepEqual(await location.rows(), [], 'the expired row met is deleted');
    });

    test('the database holds a SHA-256 of each session id, neither the id nor the CSRF token', async (t) => {
      const location = await makeLocation();
      const a = await replica(location);
      t.after(() => a.close());
      const clients = [await loggedIn(a), await loggedIn(a)];
      const rows = await location.rows();
      assert.equal(rows.length, 2);
      assert.deepEqual(rows.map((r) => r.id_hash).sort(), clients.map((c) => sha256(idOf(c))).sort());
      const cells = rows.flatMap((r) => Object.values(r).map(String)).join('\n');
      for (const c of clients) {
        assert.equal(idOf(c).length, 43);
        assert.ok(!cells.includes(idOf(c)), 'no session id');
        assert.ok(!cells.includes(c.csrf), 'no CSRF token');
        assert.ok(!cells.includes(Buffer.from(idOf(c), 'base64url').toString('hex')), 'nor the id in hex');
      }
      assert.ok(!cells.includes(HASH.key.toString('base64url')), 'nor the password hash');
    });

    test('a replica with another password hash refuses the old sessions and makes its own', async (t) => {
      const location = await makeLocation();
      const [a, changed] = [await replica(location), await replica(location, { password: OTHER_HASH })];
      t.after(() => Promise.all([a.close(), changed.close()]));
      const onA = await loggedIn(a);
      const moved = sameSession(onA, changed);
      assert.equal((await moved.get('/api/v1/session')).status, 401);
      assert.equal((await moved.post('/api/v1/alerts/ack', { ids: ['x'] })).status, 401);
      assert.equal((await new Client(changed.url).login()).status, 401, 'the old password');
      assert.equal((await new Client(changed.url).login('another password 5678')).status, 200);
      assert.equal((await onA.get('/api/v1/session')).status, 200, 'A, still on the old password, keeps it');
    });

    test('a store that cannot be asked lets no request through, and closes streams without `logout`', async (t) => {
      const location = await makeLocation();
      const a = await replica(location, { streamPollMs: 30, streamHeartbeatMs: 30 });
      t.after(() => a.app.close());
      const c = await loggedIn(a);
      const { sse } = await openStream(c);
      assert.equal((await sse.next())?.event, 'latest');
      const logged: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string) => logged.push(String(chunk)) > 0) as typeof process.stderr.write;
      try {
        await a.store.close();
        assert.equal(await sse.next(), null, 'ended, with no logout event: the page reconnects and asks again');
        const r = await c.get('/api/v1/alerts');
        assert.equal(r.status, 500);
        assert.deepEqual(r.json, { error: 'internal error (logged by the server)' });
      } finally {
        process.stderr.write = write;
      }
      assert.ok(
        logged.some((l) => l.startsWith('ui: alert stream: session lookup failed: ')),
        logged.join(''),
      );
    });

    test('a cookie that is not a session id is refused without error', async (t) => {
      const location = await makeLocation();
      const a = await replica(location);
      t.after(() => a.close());
      const c = new Client(a.url);
      for (const cookie of ['kestrel_session=', 'kestrel_session=x', `kestrel_session=${'A'.repeat(43)}`]) {
        c.cookie = cookie;
        const r = await c.get('/api/v1/session');
        assert.equal(r.status, 401, cookie);
        assert.match((r.json as { error: string }).error, /^session: not logged in/);
      }
    });
  });
}

let dir: string;
let postgres: TestPostgres | undefined;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kestrel-ui-sessions-'));
});
after(() => {
  postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
sharedSessionTests('one SQLite file', async () => {
  const file = join(dir, `alerts-${files++}.db`);
  return {
    store: file,
    rows: async () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT * FROM ui_sessions ORDER BY seq').all() as SessionCells[];
      } finally {
        db.close();
      }
    },
  };
});

let dbs = 0;
sharedSessionTests('one PostgreSQL database', async () => {
  postgres ??= startPostgres();
  const name = `sessions${dbs++}`;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = postgres.url.replace('/postgres?', `/${name}?`);
  return {
    store: url,
    rows: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query<SessionCells>('SELECT * FROM ui_sessions ORDER BY seq')).rows;
      } finally {
        await c.end();
      }
    },
  };
});
