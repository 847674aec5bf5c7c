// Stores an older Kestrel made: opening one rebuilds its search from the stored alerts; a store
// from a newer Kestrel, or one whose stored JSON is damaged, is refused naming it.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { RouterAlert } from '../../src/router/alert.js';
import { alertRow } from '../../src/ui/store/alertRow.js';
import { severityOf } from '../../src/ui/store/filterSql.js';
import { PostgresAlertStore } from '../../src/ui/store/postgresStore.js';
import { SqliteAlertStore } from '../../src/ui/store/sqliteStore.js';
import type { AlertStore } from '../../src/ui/store/types.js';
import { makeAlert } from './support/alerts.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

// the tables of a file from before schema versions (user_version 0): a unicode61 word index
// and no stored search text
const OLD_SQLITE_SCHEMA = `
CREATE TABLE alerts (
  seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, time_us INTEGER NOT NULL, severity INTEGER NOT NULL,
  rule TEXT NOT NULL, source TEXT NOT NULL, hostname TEXT NOT NULL, namespace TEXT NOT NULL, pod TEXT NOT NULL,
  image TEXT NOT NULL, raw TEXT NOT NULL, count INTEGER NOT NULL, acked_at INTEGER, muted_by INTEGER
);
CREATE INDEX alerts_time ON alerts (time_us);
CREATE VIRTUAL TABLE alerts_fts USING fts5 (text, content='', contentless_delete=1);
CREATE TABLE alert_rollup (
  grain INTEGER NOT NULL, dim TEXT NOT NULL, bucket INTEGER NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (grain, dim, bucket, value)
) WITHOUT ROWID;
CREATE TABLE alert_mutes (
  id INTEGER PRIMARY KEY, rule TEXT NOT NULL, fields TEXT NOT NULL, comment TEXT NOT NULL, created_at INTEGER NOT NULL
);
`;

/** Writes a SQLite file as the old schema did, its index holding the text as it was then (unfolded). */
function oldSqliteFile(file: string, alerts: readonly RouterAlert[], raw = (a: RouterAlert) => JSON.stringify(a)) {
  const db = new Database(file);
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.exec(OLD_SQLITE_SCHEMA);
  const put = db.prepare(
    `INSERT INTO alerts (uuid, time_us, severity, rule, source, hostname, namespace, pod, image, raw, count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const fts = db.prepare('INSERT INTO alerts_fts (rowid, text) VALUES (?, ?)');
  for (const a of alerts) {
    const r = alertRow(a, 1, 0);
    const seq = put.run(
      r.uuid,
      r.timeUs,
      severityOf(r.priority),
      r.rule,
      r.source,
      r.hostname,
      r.namespace,
      r.pod,
      r.image,
      raw(a),
    ).lastInsertRowid;
    fts.run(seq, a.output);
  }
  db.close();
}

const words = async (s: AlertStore, ws: string[]) =>
  (await s.list({ filter: { words: ws }, sort: 'time', order: 'asc', limit: 100 })).alerts.map((a) => a.alert.uuid);

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kestrel-ui-upgrade-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite store schema', () => {
  test('a file of the old schema gets the trigram index on open, its alerts searchable by substring', async () => {
    const file = join(dir, 'old.db');
    const a = makeAlert({ output: 'Ünïcode read /etc/Shadow' });
    const b = makeAlert({ output: 'nothing to see' });
    oldSqliteFile(file, [a, b]);
    const s = new SqliteAlertStore(file);
    try {
      assert.deepEqual(await words(s, ['hadow']), [a.uuid]);
      assert.deepEqual(await words(s, ['ÜN', 'etc/sh']), [a.uuid]);
      assert.deepEqual(await words(s, ['see']), [b.uuid]);
      const c = makeAlert({ output: 'stored after the upgrade' });
      await s.insert([{ alert: c, count: 1 }]);
      assert.deepEqual(await words(s, ['upgrad']), [c.uuid]);
      assert.equal((await s.applyRetention({ maxAgeMs: 0, maxRows: 1, maxBytes: 0 }, Date.now())).deleted, 2);
      assert.deepEqual(await words(s, ['hadow']), []);
    } finally {
      await s.close();
    }
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    db.close();
    // opening an upgraded file again changes nothing
    const again = new SqliteAlertStore(file);
    assert.equal((await again.size()).rows, 1);
    await again.close();
  });

  test('a file from a newer Kestrel is refused, naming the file and what to do', () => {
    const file = join(dir, 'newer.db');
    const db = new Database(file);
    db.pragma('user_version = 9');
    db.close();
    assert.throws(
      () => new SqliteAlertStore(file),
      (e: Error) =>
        e.message ===
        `${file}: schema version 9 is newer than this Kestrel's (2); run the Kestrel that wrote it, or move the file away to start a new store`,
    );
  });

  test('an old file whose stored JSON is damaged is refused naming the alert, and left as it was', () => {
    const file = join(dir, 'damaged.db');
    const alerts = [makeAlert(), makeAlert()];
    oldSqliteFile(file, alerts, (x) => (x === alerts[1] ? '{"uuid":' : JSON.stringify(x)));
    assert.throws(
      () => new SqliteAlertStore(file),
      new RegExp(`^Error: ${file.replaceAll('.', '\\.')}: alert seq 2: stored JSON does not parse`),
    );
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), 0);
    assert.equal(
      (
        db.prepare('SELECT count(*) AS n FROM pragma_table_info(?) WHERE name = ?').get('alerts', 'search_text') as {
          n: number;
        }
      ).n,
      0,
    );
    db.close();
  });
});

describe('PostgreSQL store schema', () => {
  let server: TestPostgres;
  let dbs = 0;
  before(() => {
    server = startPostgres();
  });
  after(() => server.stop());

  /** A fresh database's URL. */
  const database = async () => {
    const name = `u${dbs++}`;
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    return server.url.replace('/postgres?', `/${name}?`);
  };
  const sql = async (url: string, text: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(text)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };

  test('a database of the old schema (unfolded search text, no version) is refilled on open', async () => {
    const url = await database();
    const a = makeAlert({ output: 'Ünïcode read /etc/Shadow' });
    const s = await PostgresAlertStore.open(url);
    await s.insert([{ alert: a, count: 1 }]);
    await s.close();
    // what the old schema stored: the text as it came, no schema version
    await sql(url, `DROP TABLE store_schema; UPDATE alerts SET search_text = 'Ünïcode read /etc/Shadow'`);
    const upgraded = await PostgresAlertStore.open(url);
    try {
      assert.deepEqual(await words(upgraded, ['ÜNÏ', 'shadow']), [a.uuid]);
    } finally {
      await upgraded.close();
    }
    assert.deepEqual(await sql(url, 'SELECT version FROM store_schema'), [{ version: 2 }]);
    assert.match(
      String((await sql(url, 'SELECT search_text FROM alerts'))[0]!.search_text),
      /^ünïcode read \/etc\/shadow\n/,
    );
  });

  test('a database from a newer Kestrel is refused', async () => {
    const url = await database();
    await (await PostgresAlertStore.open(url)).close();
    await sql(url, 'UPDATE store_schema SET version = 9');
    await assert.rejects(PostgresAlertStore.open(url), {
      message:
        "PostgreSQL store: schema version 9 is newer than this Kestrel's (2); run the Kestrel that wrote it, or use another database",
    });
  });

  test('an old database whose stored JSON is damaged is refused naming the alert, and left as it was', async () => {
    const url = await database();
    const s = await PostgresAlertStore.open(url);
    await s.insert([{ alert: makeAlert(), count: 1 }]);
    await s.close();
    await sql(url, `DROP TABLE store_schema; UPDATE alerts SET raw = '{"uuid":'`);
    await assert.rejects(
      PostgresAlertStore.open(url),
      /^Error: PostgreSQL store: alert seq 1: stored JSON does not parse/,
    );
    assert.deepEqual(await sql(url, "SELECT to_regclass('store_schema') IS NULL AS gone"), [{ gone: true }]);
  });
});
