// The same tests against both stores: SQLite in a temp file and PostgreSQL in a throwaway cluster.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RouterAlert } from '../../src/router/alert.js';
import { hashPassword, parseHash } from '../../src/ui/server/auth/password.js';
import { SessionStore, idHash } from '../../src/ui/server/auth/sessions.js';
import { PostgresAlertStore } from '../../src/ui/store/postgresStore.js';
import { SqliteAlertStore } from '../../src/ui/store/sqliteStore.js';
import type { AlertStore, ListRequest } from '../../src/ui/store/types.js';
import { makeAlert, timeAt } from './support/alerts.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const us = (ms: number) => ms * 1000;
const PASSWORD_A = parseHash(await hashPassword('password a'), 'test');
const PASSWORD_B = parseHash(await hashPassword('password b'), 'test');
const list = (s: AlertStore, over: Partial<ListRequest> = {}) =>
  s.list({ filter: {}, sort: 'time', order: 'desc', limit: 100, ...over });

function backend(name: string, open: () => Promise<{ store: AlertStore; done: () => Promise<void> | void }>) {
  describe(`${name} store`, () => {
    let store: AlertStore;
    let done: () => Promise<void> | void;
    // each test gets its own store so counts do not mix
    const fresh = async () => {
      if (store) await store.close();
      await done?.();
      ({ store, done } = await open());
      return store;
    };
    after(async () => {
      await store?.close();
      await done?.();
    });

    test('insert and get: the alert comes back exactly, a uuid stored twice is skipped', async () => {
      const s = await fresh();
      const a = makeAlert();
      assert.equal(await s.insert([{ alert: a, count: 3 }]), 1);
      assert.equal(await s.insert([{ alert: a, count: 1 }]), 0);
      const got = await s.get(a.uuid);
      assert.deepEqual(got?.alert, a);
      assert.equal(got?.count, 3);
      assert.equal(got?.timeUs, Date.parse('2026-01-01T12:00:00.123Z') * 1000 + 456);
      assert.equal(await s.get('nope'), undefined);
      assert.match(await s.version(), /^\d+\.\d+/);
    });

    test('hostile fields round-trip as data', async () => {
      const s = await fresh();
      const huge = 'x'.repeat(200_000);
      const a = makeAlert({
        rule: '<script>alert(1)</script>',
        output: '\u001b[31mred\u001b[0m <img src=x onerror=alert(1)> "quoted", comma\nnewline \u0000nul',
        fields: { 'proc.name': '<script>', 'fd.name': '\u001b]0;title\u0007', big: huge, list: ['a,b', 'c"d'] },
      });
      await s.insert([{ alert: a, count: 1 }]);
      assert.deepEqual((await s.get(a.uuid))?.alert, a);
      const page = await list(s, { filter: { rules: ['<script>alert(1)</script>'] } });
      assert.deepEqual(page.alerts[0]?.alert, a);
      assert.equal((await list(s, { filter: { words: ['onerror=alert'] } })).alerts.length, 1);
    });

    test('filters: time window, priorities, rule, source, hostname, namespace, pod, image, words', async () => {
      const s = await fresh();
      const alerts: RouterAlert[] = [];
      for (let i = 0; i < 40; i++)
        alerts.push(
          makeAlert({
            time: timeAt(T0 + i * 60_000),
            priority: ['Critical', 'Warning', 'Notice', 'Debug'][i % 4]!,
            rule: `rule ${i % 5}`,
            source: i % 2 ? 'syscall' : 'k8s_audit',
            hostname: `node-${i % 3}`,
            output: `event number ${i} ${i === 7 ? 'needle in /etc/Shadow' : ''}`,
            fields: {
              'k8s.ns.name': `ns-${i % 4}`,
              'k8s.pod.name': `pod-${i % 6}`,
              'container.image.repository': `img-${i % 2}`,
              'fd.name': i === 9 ? '/tmp/SECRET-file' : '/tmp/x',
            },
          }),
        );
      await s.insert(alerts.map((alert) => ({ alert, count: 1 })));
      const count = async (filter: ListRequest['filter']) => (await list(s, { filter })).alerts.length;
      assert.equal(await count({}), 40);
      assert.equal(await count({ fromUs: us(T0 + 10 * 60_000), toUs: us(T0 + 20 * 60_000) }), 10);
      assert.equal(await count({ priorities: [2] }), 10);
      assert.equal(await count({ priorities: [2, 7] }), 20);
      assert.equal(await count({ rules: ['rule 1'] }), 8);
      assert.equal(await count({ sources: ['k8s_audit'] }), 20);
      assert.equal(await count({ hostnames: ['node-0', 'node-1'] }), 27);
      assert.equal(await count({ namespaces: ['ns-1'] }), 10);
      assert.equal(await count({ pods: ['pod-5'] }), 6);
      assert.equal(await count({ images: ['img-1'] }), 20);
      assert.equal(await count({ words: ['etc/shadow'] }), 1, 'case-insensitive substring of the output');
      assert.equal(await count({ words: ['secret-FILE'] }), 1, 'and of the output fields');
      assert.equal(await count({ words: ['needle', 'number 7'] }), 1);
      assert.equal(await count({ words: ['needle', 'number 8'] }), 0);
      assert.equal(await count({ words: ['100%'] }), 0, 'LIKE wildcards are text');
      assert.equal(await count({ rules: ['rule 1'], hostnames: ['node-0'], priorities: [5] }), 1);
    });

    test('free text: case-insensitive substrings, non-ASCII, short words, several words, special characters', async () => {
      const s = await fresh();
      const outputs = [
        'Ünïcode opened /etc/Shadow',
        '日本語のログ 中文',
        `rate 100% of done_ok at C:\\Temp "quoted" it's a*b`,
        'rate 1000 of doneXok at C:Temp quoted its a-b',
        'ΟΔΟΣ ΚΑΙ Σ',
        'Straße',
      ];
      const alerts = outputs.map((output, i) => makeAlert({ time: timeAt(T0 + i * 1000), output }));
      await s.insert(alerts.map((alert) => ({ alert, count: 1 })));
      const found = async (words: string[]) =>
        (await list(s, { filter: { words }, order: 'asc' })).alerts.map((a) => outputs.indexOf(a.alert.output));
      const cases: [string[], number[]][] = [
        [['hadow'], [0]],
        [['SHAD'], [0]],
        [['ünïcode'], [0]],
        [['ÜNÏC'], [0]],
        [['ün'], [0]],
        [['ï'], [0]],
        [['日本語のロ'], [1]],
        [['本語'], [1]],
        [['日'], [1]],
        [['οδος'], [4]],
        [['ΔΟΣ'], [4]],
        [['σ'], [4]],
        [['STRAẞE'], [5]],
        [['strasse'], []],
        [['shadow', 'opened'], [0]],
        [['ün', 'shadow'], [0]],
        [['ün', '本語'], []],
        [['shadow', 'done_ok'], []],
        [['rate'], [2, 3]],
        [['of done'], [2, 3]],
        [['rate', 'doneXok'], [3]],
        [['100%'], [2]],
        [['%'], [2]],
        [['done_ok'], [2]],
        [['_'], [2]],
        [['c:\\temp'], [2]],
        [['\\'], [2]],
        [['\\t'], [2]],
        [['"quoted"'], [2]],
        [['ted"'], [2]],
        [['"'], [2]],
        [['a*b'], [2]],
        [['*'], [2]],
        [["it's"], [2]],
        [["'"], [2]],
        [['done?ok'], []],
        [['nomatchatall'], []],
        [['zz'], []],
        [['a', 'nomatchatall'], []],
      ];
      for (const [words, want] of cases) assert.deepEqual(await found(words), want, JSON.stringify(words));
    });

    test('sorting and keyset paging visit every alert once, in order', async () => {
      const s = await fresh();
      const batch = [];
      for (let i = 0; i < 95; i++)
        batch.push({
          alert: makeAlert({
            time: timeAt(T0 + Math.floor(i / 3) * 1000),
            priority: ['Error', 'Informational'][i % 2]!,
          }),
          count: 1,
        });
      await s.insert(batch);
      for (const [sort, order] of [
        ['time', 'desc'],
        ['time', 'asc'],
        ['priority', 'desc'],
        ['priority', 'asc'],
      ] as const) {
        const seen: string[] = [];
        const keys: [number, number][] = [];
        let cursor;
        for (let pages = 0; pages < 20; pages++) {
          const p = await s.list({ filter: {}, sort, order, limit: 10, cursor });
          for (const a of p.alerts) {
            seen.push(a.alert.uuid);
            const rank = a.alert.priority === 'Error' ? 3 : 6;
            keys.push(sort === 'priority' ? [-rank, a.timeUs] : [0, a.timeUs]);
          }
          if (p.next === null) break;
          cursor = p.next;
        }
        assert.equal(new Set(seen).size, 95, `${sort} ${order}`);
        for (let i = 1; i < keys.length; i++) {
          const [a, b] = [keys[i - 1]!, keys[i]!];
          const cmp = a[0] - b[0] || a[1] - b[1];
          assert.ok(order === 'desc' ? cmp >= 0 : cmp <= 0, `${sort} ${order} at ${i}`);
        }
      }
    });

    test('acknowledge, and mute by rule and fields (existing and new alerts)', async () => {
      const s = await fresh();
      const a = makeAlert({ fields: { 'proc.name': 'bash' } });
      const b = makeAlert({ fields: { 'proc.name': 'sh' } });
      await s.insert([a, b].map((alert) => ({ alert, count: 1 })));
      assert.equal(await s.acknowledge([a.uuid, 'missing'], true), 1);
      assert.ok((await s.get(a.uuid))?.acknowledgedAt);
      assert.equal((await list(s, { filter: { acknowledged: true } })).alerts.length, 1);
      assert.equal((await list(s, { filter: { acknowledged: false } })).alerts[0]?.alert.uuid, b.uuid);
      await s.acknowledge([a.uuid], false);
      assert.equal((await s.get(a.uuid))?.acknowledgedAt, null);

      const m = await s.addMute(a.rule, { 'proc.name': 'bash' }, 'noisy');
      assert.equal((await s.get(a.uuid))?.mutedBy, m.id);
      assert.equal((await s.get(b.uuid))?.mutedBy, null);
      const c = makeAlert({ fields: { 'proc.name': 'bash' } });
      await s.insert([{ alert: c, count: 1 }]);
      assert.equal((await s.get(c.uuid))?.mutedBy, m.id, 'new alerts are muted at insert');
      assert.deepEqual(
        (await list(s)).alerts.map((x) => x.alert.uuid),
        [b.uuid],
      );
      assert.equal((await list(s, { filter: { muted: 'only' } })).alerts.length, 2);
      assert.equal((await list(s, { filter: { muted: 'include' } })).alerts.length, 3);
      assert.deepEqual(
        (await s.listMutes()).map((x) => [x.rule, x.fields, x.comment]),
        [[a.rule, { 'proc.name': 'bash' }, 'noisy']],
      );
      assert.equal(await s.removeMute(m.id), true);
      assert.equal(await s.removeMute(m.id), false);
      assert.equal((await list(s)).alerts.length, 3);
    });

    test('aggregations: counts by priority, series per bucket, top values', async () => {
      const s = await fresh();
      const batch = [];
      for (let i = 0; i < 120; i++)
        batch.push({
          alert: makeAlert({
            time: timeAt(T0 + i * 30_000),
            priority: i < 100 ? 'Warning' : 'Critical',
            rule: i % 3 ? 'A' : 'B',
            hostname: 'h',
            fields: { 'k8s.ns.name': i % 2 ? 'odd' : 'even', 'k8s.pod.name': 'p', 'container.image.repository': 'i' },
          }),
          count: i === 0 ? 5 : 1,
        });
      await s.insert(batch);
      const agg = await s.aggregate({ fromUs: us(T0), toUs: us(T0 + 3_600_000), bucketMs: 600_000, top: 10 });
      assert.equal(agg.total, 124);
      assert.equal(agg.byPriority.find((r) => r.value === 'Warning')?.count, 104);
      assert.equal(agg.byPriority.find((r) => r.value === 'Critical')?.count, 20);
      assert.equal(agg.byPriority.length, 8);
      assert.deepEqual(
        agg.series.priority.filter((p) => p.value === 'Critical'),
        [{ t: T0 + 3_000_000, value: 'Critical', count: 20 }],
      );
      assert.equal(
        agg.series.hostname.reduce((x, p) => x + p.count, 0),
        124,
      );
      assert.deepEqual(agg.top.rule, [
        { value: 'A', count: 80 },
        { value: 'B', count: 44 },
      ]);
      assert.deepEqual(
        agg.top.namespace.map((r) => r.value),
        ['even', 'odd'],
      );
      const hourly = await s.aggregate({ fromUs: us(T0), toUs: us(T0 + 7_200_000), bucketMs: 3_600_000, top: 1 });
      assert.equal(hourly.total, 124);
      assert.equal(hourly.top.rule.length, 1);
      const daily = await s.aggregate({ fromUs: us(T0), toUs: us(T0 + 86_400_000), bucketMs: 86_400_000, top: 10 });
      assert.equal(daily.total, 124);
      assert.deepEqual(
        daily.series.priority.map((p) => [p.t, p.value, p.count]),
        [
          [T0, 'Critical', 20],
          [T0, 'Warning', 104],
        ],
      );
      const later = await s.aggregate({
        fromUs: us(T0 + 7_200_000),
        toUs: us(T0 + 9_000_000),
        bucketMs: 60_000,
        top: 5,
      });
      assert.equal(later.total, 0);
    });

    test('retention by age and by row count deletes the oldest, search and counters follow', async () => {
      const s = await fresh();
      const batch = [];
      for (let i = 0; i < 50; i++)
        batch.push({ alert: makeAlert({ time: timeAt(T0 + i * 3_600_000), output: `row ${i} marker` }), count: 1 });
      await s.insert(batch);
      const now = T0 + 50 * 3_600_000;
      assert.equal((await s.applyRetention({ maxAgeMs: 20.5 * 3_600_000, maxRows: 0, maxBytes: 0 }, now)).deleted, 30);
      assert.equal((await s.size()).rows, 20);
      assert.equal((await list(s, { filter: { words: ['marker'] } })).alerts.length, 20);
      assert.equal((await s.applyRetention({ maxAgeMs: 0, maxRows: 5, maxBytes: 0 }, now)).deleted, 15);
      const left = (await list(s, { sort: 'time', order: 'asc' })).alerts.map((a) => a.alert.output);
      assert.deepEqual(
        left,
        [45, 46, 47, 48, 49].map((i) => `row ${i} marker`),
      );
      const agg = await s.aggregate({ fromUs: us(T0), toUs: us(now), bucketMs: 3_600_000, top: 5 });
      assert.equal(agg.total, 5);
      assert.equal((await s.applyRetention({ maxAgeMs: 0, maxRows: 5, maxBytes: 0 }, now)).deleted, 0);
    });

    test('session rows: add, get, renew never earlier, delete, clear counts the live ones', async () => {
      const s = await fresh();
      const t = s.sessions;
      await t.add('h1', { passwordTag: 'tag1', expiresAt: 2000 }, 1000, 10);
      await t.add('h2', { passwordTag: 'tag2', expiresAt: 1500 }, 1000, 10);
      assert.deepEqual(await t.get('h1'), { passwordTag: 'tag1', expiresAt: 2000 });
      assert.equal(await t.get('nope'), undefined);
      await t.renew('h1', 3000);
      assert.equal((await t.get('h1'))?.expiresAt, 3000);
      await t.renew('h1', 2500);
      assert.equal((await t.get('h1'))?.expiresAt, 3000, 'a renewal never shortens (another replica renewed later)');
      assert.equal(await t.delete('h2'), true);
      assert.equal(await t.delete('h2'), false);
      await t.add('h3', { passwordTag: 'tag3', expiresAt: 1200 }, 1100, 10);
      assert.equal(await t.clear(1500), 1, 'h3 expired at 1200: one live session ended');
      assert.equal(await t.count(), 0);
      await assert.rejects(
        async () => {
          await t.add('h4', { passwordTag: 'x', expiresAt: 5000 }, 1000, 10);
          await t.add('h4', { passwordTag: 'y', expiresAt: 5000 }, 1000, 10);
        },
        (e: Error) => /unique|duplicate/i.test(e.message),
        'an id hash is one session',
      );
    });

    test('session rows: adding sweeps the expired ones and evicts the oldest past the cap', async () => {
      const s = await fresh();
      const t = s.sessions;
      for (let i = 0; i < 5; i++) await t.add(`old${i}`, { passwordTag: 't', expiresAt: 1000 + i }, 500, 100);
      assert.equal(await t.count(), 5);
      assert.equal(await t.deleteExpired(1002), 3, 'expired at 1000, 1001, 1002');
      assert.equal(await t.count(), 2);
      for (let i = 0; i < 6; i++) await t.add(`new${i}`, { passwordTag: 't', expiresAt: 9000 }, 2000, 4);
      assert.equal(await t.count(), 4, 'the two expired ones swept, then the cap');
      for (const h of ['old3', 'old4', 'new0', 'new1']) assert.equal(await t.get(h), undefined, h);
      for (const h of ['new2', 'new3', 'new4', 'new5']) assert.ok(await t.get(h), h);
    });

    test('sessions: only the id hash rests; the CSRF token comes from the id; touch renews, peek does not', async () => {
      const s = await fresh();
      const sessions = new SessionStore(s.sessions, PASSWORD_A, { idleMs: 10_000, maxSessions: 100 });
      const { id, session } = await sessions.create(1_000_000);
      assert.match(id, /^[A-Za-z0-9_-]{43}$/);
      assert.match(session.csrfToken, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(session.csrfToken, id);
      const row = await s.sessions.get(idHash(id));
      assert.equal(row?.expiresAt, 1_010_000);
      assert.ok(!row?.passwordTag.includes(id));
      assert.equal(await s.sessions.get(id), undefined, 'not keyed by the id itself');
      // another process on the same store (a second replica, a restart) knows the session
      const other = new SessionStore(s.sessions, PASSWORD_A, { idleMs: 10_000, maxSessions: 100 });
      assert.deepEqual(await other.touch(id, 1_000_500), session, 'same CSRF token on every replica');
      assert.equal((await s.sessions.get(idHash(id)))?.expiresAt, 1_010_000, 'renewals wait a tenth of the idle time');
      assert.deepEqual(await other.touch(id, 1_001_000), session);
      assert.equal((await s.sessions.get(idHash(id)))?.expiresAt, 1_011_000, 'renewed');
      assert.equal(await sessions.peek(id, 1_009_000), true);
      assert.equal((await s.sessions.get(idHash(id)))?.expiresAt, 1_011_000, 'peek renews nothing');
      assert.equal(await sessions.peek(id, 1_011_000), false, 'expired');
      assert.equal(await sessions.touch(id, 1_011_000), undefined);
      assert.equal(await s.sessions.get(idHash(id)), undefined, 'an expired session met is deleted');
      for (const bad of [undefined, '', 'x', `${id}=`, id.replace(/./, '*')])
        assert.equal(await sessions.touch(bad, 1_000_000), undefined, String(bad));
    });

    test('sessions: a new password ends the old ones; logout and logout everywhere', async () => {
      const s = await fresh();
      const withA = new SessionStore(s.sessions, PASSWORD_A, { idleMs: 10_000, maxSessions: 100 });
      const withB = new SessionStore(s.sessions, PASSWORD_B, { idleMs: 10_000, maxSessions: 100 });
      const a = await withA.create(0);
      assert.equal(await withB.touch(a.id, 1), undefined, 'made under another password');
      assert.equal(await withB.peek(a.id, 1), false);
      assert.ok(await withA.touch(a.id, 1), 'refused, not deleted: a replica still on the old password keeps it');
      const b1 = await withB.create(2);
      const b2 = await withB.create(3);
      await withB.delete(b1.id);
      assert.equal(await withB.touch(b1.id, 4), undefined);
      assert.ok(await withB.touch(b2.id, 4));
      assert.equal(await withB.clear(4), 2, 'every live session, whichever password');
      assert.equal(await withA.touch(a.id, 5), undefined);
      assert.equal(await withB.touch(b2.id, 5), undefined);
    });

    test('sessions: the table stays bounded: the cap, and sweeps of expired rows', async () => {
      const s = await fresh();
      const sessions = new SessionStore(s.sessions, PASSWORD_A, { idleMs: 1000, maxSessions: 3, sweepEveryMs: 5000 });
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await sessions.create(i));
      assert.equal(await s.sessions.count(), 3);
      assert.equal(await sessions.touch(made[0]!.id, 10), undefined, 'the oldest evicted');
      assert.ok(await sessions.touch(made[4]!.id, 10));
      assert.ok(await sessions.touch(made[3]!.id, 950), 'renewed to 1950; the other two expire at 1002 and 1004');
      assert.equal(await s.sessions.count(), 3, 'no sweep within 5 s of the last');
      assert.ok(await sessions.touch(made[3]!.id, 1900));
      assert.equal(await s.sessions.count(), 3);
      // the next sweep is due 5000 ms after the first touch's (at 10)
      await sessions.create(5010);
      assert.equal(await s.sessions.count(), 1, 'logging in sweeps the expired');
      const live = await sessions.create(5020);
      for (let i = 0; i < 3; i++) await s.sessions.add(`dead${i}`, { passwordTag: 't', expiresAt: 5030 }, 5025, 100);
      assert.ok(await sessions.touch(live.id, 6000));
      assert.equal(await s.sessions.count(), 2, 'touch sweeps once per sweepEveryMs');
    });

    test('retention by size brings the used bytes under the limit', async () => {
      const s = await fresh();
      for (let b = 0; b < 4; b++) {
        const batch = [];
        for (let i = 0; i < 500; i++)
          batch.push({
            alert: makeAlert({ time: timeAt(T0 + (b * 500 + i) * 1000), output: `o ${'y'.repeat(500)} ${i}` }),
            count: 1,
          });
        await s.insert(batch);
      }
      const before = await s.size();
      const limit = Math.floor(before.bytes / 2);
      const r = await s.applyRetention({ maxAgeMs: 0, maxRows: 0, maxBytes: limit }, Date.now());
      assert.ok(r.deleted > 1000 && r.deleted < 2000, `deleted ${r.deleted}`);
      assert.equal((await s.size()).rows, 2000 - r.deleted);
      if (s.kind === 'sqlite') assert.ok((await s.size()).bytes <= limit, 'SQLite frees the pages at once');
    });
  });
}

let dir: string;
let pg: TestPostgres | undefined;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kestrel-ui-store-'));
});
after(() => {
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
backend('SQLite', async () => {
  const store = new SqliteAlertStore(join(dir, `alerts-${files++}.db`));
  return { store, done: () => {} };
});

let dbs = 0;
backend('PostgreSQL', async () => {
  pg ??= startPostgres();
  const admin = await PostgresAlertStore.open(pg.url);
  await admin.close();
  const name = `t${dbs++}`;
  const { default: pgmod } = await import('pg');
  const c = new pgmod.Client({ connectionString: pg.url });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const store = await PostgresAlertStore.open(pg.url.replace('/postgres?', `/${name}?`));
  return { store, done: () => {} };
});
