// The PostgreSQL store's tables, and the upgrade of databases an older Kestrel made. The schema
// version is the one row of `store_schema`: a database with alerts and no such row is from before
// versions (its `search_text` was not folded); 2 is the current schema, where `search_text` holds
// the folded text (searchFold.ts) that the pg_trgm index covers.

import type pg from 'pg';
import type { RouterAlert } from '../../router/alert.js';
import { searchTextOf } from './alertRow.js';

export const SCHEMA_VERSION = 2;

/** Several replicas may start at once; the schema is created under this advisory lock. */
export const SCHEMA_LOCK = 0x6b657374;

const CHUNK = 5000;

const SCHEMA = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS alerts (
  seq bigserial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  time_us bigint NOT NULL,
  severity smallint NOT NULL,
  rule text NOT NULL,
  source text NOT NULL,
  hostname text NOT NULL,
  namespace text NOT NULL,
  pod text NOT NULL,
  image text NOT NULL,
  search_text text NOT NULL,
  raw text NOT NULL,
  count integer NOT NULL,
  acked_at bigint,
  muted_by bigint
);
CREATE INDEX IF NOT EXISTS alerts_time ON alerts (time_us, seq);
CREATE INDEX IF NOT EXISTS alerts_severity ON alerts (severity, time_us, seq);
CREATE INDEX IF NOT EXISTS alerts_rule ON alerts (rule, time_us, seq);
CREATE INDEX IF NOT EXISTS alerts_source ON alerts (source, time_us, seq);
CREATE INDEX IF NOT EXISTS alerts_hostname ON alerts (hostname, time_us, seq);
CREATE INDEX IF NOT EXISTS alerts_namespace ON alerts (namespace, time_us, seq);
CREATE INDEX IF NOT EXISTS alerts_pod ON alerts (pod, time_us, seq);
CREATE INDEX IF NOT EXISTS alerts_image ON alerts (image, time_us, seq);
CREATE INDEX IF NOT EXISTS alerts_muted ON alerts (muted_by) WHERE muted_by IS NOT NULL;
CREATE INDEX IF NOT EXISTS alerts_search ON alerts USING gin (search_text gin_trgm_ops);
CREATE TABLE IF NOT EXISTS alert_rollup (
  grain bigint NOT NULL,
  dim text NOT NULL,
  bucket bigint NOT NULL,
  value text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (grain, dim, bucket, value)
);
CREATE TABLE IF NOT EXISTS alert_mutes (
  id bigserial PRIMARY KEY,
  rule text NOT NULL,
  fields text NOT NULL,
  comment text NOT NULL,
  created_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS store_schema (version integer NOT NULL);
CREATE TABLE IF NOT EXISTS ui_sessions (
  seq bigserial PRIMARY KEY,
  id_hash text NOT NULL UNIQUE,
  password_tag text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS ui_sessions_expires ON ui_sessions (expires_at);
`;

/**
 * Creates the tables of a new database, or brings an older one to SCHEMA_VERSION by refilling
 * `search_text` from each alert's stored JSON. Runs in the caller's transaction, under
 * SCHEMA_LOCK, so replicas starting together upgrade once and a failure changes nothing.
 */
export async function prepareSchema(c: pg.PoolClient): Promise<void> {
  const existed = (await c.query<{ e: boolean }>("SELECT to_regclass('alerts') IS NOT NULL AS e")).rows[0]!.e;
  await c.query(SCHEMA);
  const row = (await c.query<{ version: number }>('SELECT version FROM store_schema')).rows[0];
  if (row !== undefined && row.version > SCHEMA_VERSION)
    throw new Error(
      `PostgreSQL store: schema version ${row.version} is newer than this Kestrel's (${SCHEMA_VERSION}); run the Kestrel that wrote it, or use another database`,
    );
  if (row?.version === SCHEMA_VERSION) return;
  if (existed) await refillSearchText(c);
  await c.query('DELETE FROM store_schema');
  await c.query('INSERT INTO store_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
}

async function refillSearchText(c: pg.PoolClient): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = (
      await c.query<{ seq: number; raw: string }>('SELECT seq, raw FROM alerts WHERE seq > $1 ORDER BY seq LIMIT $2', [
        after,
        CHUNK,
      ])
    ).rows;
    const texts = rows.map((r) => {
      try {
        return searchTextOf(JSON.parse(r.raw) as RouterAlert);
      } catch (e) {
        throw new Error(`PostgreSQL store: alert seq ${r.seq}: stored JSON does not parse (${(e as Error).message})`);
      }
    });
    if (rows.length > 0)
      await c.query(
        'UPDATE alerts SET search_text = v.t FROM unnest($1::bigint[], $2::text[]) AS v(seq, t) WHERE alerts.seq = v.seq',
        [rows.map((r) => r.seq), texts],
      );
    if (rows.length < CHUNK) return;
    after = rows[rows.length - 1]!.seq;
  }
}
