// The SQLite store's tables, and the upgrade of files an older Kestrel made. The schema version
// is the file's `PRAGMA user_version`: 0 is a new file, or one from before versions (its search
// index held unicode61 words), 2 is the current schema, where free text is found by a trigram
// index over the folded text, which `alerts.search_text` also holds for words too short for it.

import type Database from 'better-sqlite3';
import type { RouterAlert } from '../../router/alert.js';
import { searchTextOf } from './alertRow.js';

export const SCHEMA_VERSION = 2;

// `search_text` comes last with a default so that an upgraded file's table is the same as a new one's
const ALERTS = `
CREATE TABLE alerts (
  seq INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  time_us INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  rule TEXT NOT NULL,
  source TEXT NOT NULL,
  hostname TEXT NOT NULL,
  namespace TEXT NOT NULL,
  pod TEXT NOT NULL,
  image TEXT NOT NULL,
  raw TEXT NOT NULL,
  count INTEGER NOT NULL,
  acked_at INTEGER,
  muted_by INTEGER,
  search_text TEXT NOT NULL DEFAULT ''
);`;

// the text is folded before it is stored, so the tokenizer must not fold again (its own case
// tables would be a second definition of case-insensitive)
const SEARCH_INDEX = `CREATE VIRTUAL TABLE alerts_fts USING fts5 (text, content='', contentless_delete=1, tokenize='trigram case_sensitive 1');`;

const REST = `
CREATE INDEX IF NOT EXISTS alerts_time ON alerts (time_us);
CREATE INDEX IF NOT EXISTS alerts_severity ON alerts (severity, time_us);
CREATE INDEX IF NOT EXISTS alerts_rule ON alerts (rule, time_us);
CREATE INDEX IF NOT EXISTS alerts_source ON alerts (source, time_us);
CREATE INDEX IF NOT EXISTS alerts_hostname ON alerts (hostname, time_us);
CREATE INDEX IF NOT EXISTS alerts_namespace ON alerts (namespace, time_us);
CREATE INDEX IF NOT EXISTS alerts_pod ON alerts (pod, time_us);
CREATE INDEX IF NOT EXISTS alerts_image ON alerts (image, time_us);
CREATE INDEX IF NOT EXISTS alerts_muted ON alerts (muted_by) WHERE muted_by IS NOT NULL;
CREATE TABLE IF NOT EXISTS alert_rollup (
  grain INTEGER NOT NULL,
  dim TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  value TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (grain, dim, bucket, value)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alert_mutes (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL,
  fields TEXT NOT NULL,
  comment TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`;

/** Login sessions (sessions.ts): created on every open, so any file at any version has them. */
const SESSIONS = `
CREATE TABLE IF NOT EXISTS ui_sessions (
  seq INTEGER PRIMARY KEY,
  id_hash TEXT NOT NULL UNIQUE,
  password_tag TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ui_sessions_expires ON ui_sessions (expires_at);
`;

const CHUNK = 5000;

const versionOf = (db: Database.Database) => Number(db.pragma('user_version', { simple: true }));

/**
 * Creates the tables of a new file, or brings an older file to SCHEMA_VERSION: it refills the
 * search text and rebuilds the search index from each alert's stored JSON, in one transaction,
 * so a crash leaves the old file as it was and the next open starts over.
 */
export function prepareSchema(db: Database.Database, file: string): void {
  prepareTables(db, file);
  db.exec(SESSIONS);
}

function prepareTables(db: Database.Database, file: string): void {
  if (versionOf(db) === SCHEMA_VERSION) return;
  db.transaction(() => {
    // another process (the router and `kestrel ui` share the file) may have done it meanwhile
    const version = versionOf(db);
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION)
      throw new Error(
        `${file}: schema version ${version} is newer than this Kestrel's (${SCHEMA_VERSION}); run the Kestrel that wrote it, or move the file away to start a new store`,
      );
    const old = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'alerts'").get();
    if (old) upgradeSearch(db, file);
    else db.exec(`${ALERTS}\n${SEARCH_INDEX}`);
    db.exec(REST);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
  // the old index's pages
  db.pragma('incremental_vacuum');
}

/** Version 0 → 2: the unicode61 word index becomes a trigram index over `search_text`. */
function upgradeSearch(db: Database.Database, file: string): void {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all('alerts') as { name: string }[];
  if (!columns.some((c) => c.name === 'search_text'))
    db.exec("ALTER TABLE alerts ADD COLUMN search_text TEXT NOT NULL DEFAULT ''");
  db.exec(`DROP TABLE IF EXISTS alerts_fts; ${SEARCH_INDEX}`);
  const page = db.prepare('SELECT seq, raw FROM alerts WHERE seq > ? ORDER BY seq LIMIT ?');
  const setText = db.prepare('UPDATE alerts SET search_text = ? WHERE seq = ?');
  const index = db.prepare('INSERT INTO alerts_fts (rowid, text) VALUES (?, ?)');
  let after = 0;
  for (;;) {
    const rows = page.all(after, CHUNK) as { seq: number; raw: string }[];
    for (const r of rows) {
      let alert: RouterAlert;
      try {
        alert = JSON.parse(r.raw) as RouterAlert;
      } catch (e) {
        throw new Error(`${file}: alert seq ${r.seq}: stored JSON does not parse (${(e as Error).message})`);
      }
      const text = searchTextOf(alert);
      setText.run(text, r.seq);
      index.run(r.seq, text);
    }
    if (rows.length < CHUNK) return;
    after = rows[rows.length - 1]!.seq;
  }
}
