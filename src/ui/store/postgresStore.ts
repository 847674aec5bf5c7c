// The shared store for several router replicas: PostgreSQL, the same tables and indexes as the
// SQLite store, with a pg_trgm GIN index for case-insensitive substring search.

import pg from 'pg';
import type { RouterAlert } from '../../router/alert.js';
import { type AlertRow, alertRow } from './alertRow.js';
import { cursorOf, listSql, severityOf, type SqlDialect } from './filterSql.js';
import { firstMute, muteMatches } from './mutes.js';
import { PostgresSessionTable } from './postgresSessions.js';
import { prepareSchema, SCHEMA_LOCK } from './postgresSchema.js';
import { grainFor, rollupRows } from './rollup.js';
import type { SessionTable } from './sessionTable.js';
import {
  aggregatesFrom,
  ALERTS_COLUMNS,
  type AlertsRow,
  storedAlert,
  namePriorities,
  type RollupSum,
  retentionTarget,
  windowCountSql,
  withoutEmpty,
} from './storeCommon.js';
import {
  type AggregateRequest,
  type Aggregates,
  type AlertPage,
  type AlertStore,
  type Dimension,
  DIMENSIONS,
  type ListRequest,
  type MuteRule,
  type RetentionPolicy,
  type RetentionResult,
  type StoredAlert,
} from './types.js';

const CHUNK = 5000;

/** PostgreSQL text cannot hold NUL; the columns get U+FFFD, `raw` (JSON, escaped) keeps the exact alert. */
const pgText = (s: string) => s.replaceAll('\u0000', '\uFFFD');

// LIKE's default escape character is the backslash: the word's own % _ \ are text
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const DIALECT: SqlDialect = {
  placeholder: (i) => `$${i}`,
  // the text and words are folded already (searchFold.ts): a case-sensitive LIKE, which the
  // pg_trgm index serves as it does ILIKE, compares them exactly whatever the database's locale
  wordsConditions: (words, param) => words.map((w) => `search_text LIKE ${param(`%${likeEscape(w)}%`)}`),
};

// bigint columns hold microseconds and row numbers, well inside 2^53
const INT8_OID = 20;
const TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export class PostgresAlertStore implements AlertStore {
  readonly kind = 'postgres';
  readonly sessions: SessionTable;
  private constructor(private readonly pool: pg.Pool) {
    this.sessions = new PostgresSessionTable(pool, (fn) => this.tx(fn));
  }

  static async open(connectionString: string): Promise<PostgresAlertStore> {
    const pool = new pg.Pool({ connectionString, max: 4, types: TYPES });
    // an idle client losing its server must not crash the process; the next query reports it
    pool.on('error', () => {});
    const store = new PostgresAlertStore(pool);
    try {
      await store.tx(async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        await prepareSchema(c);
      });
    } catch (e) {
      await pool.end();
      throw e;
    }
    return store;
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async version(): Promise<string> {
    return (await this.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  }

  async insert(batch: readonly { alert: RouterAlert; count: number }[]): Promise<number> {
    if (batch.length === 0) return 0;
    const now = Date.now();
    return this.tx(async (c) => {
      const mutes = await this.mutesNow(c);
      const rows = batch.map((b) => alertRow(b.alert, b.count, now));
      const col = <T>(f: (r: AlertRow, i: number) => T) => rows.map(f);
      const res = await c.query<{ uuid: string }>(
        `INSERT INTO alerts (uuid, time_us, severity, rule, source, hostname, namespace, pod, image, search_text, raw, count, muted_by)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::smallint[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::text[], $11::text[], $12::integer[], $13::bigint[])
         ON CONFLICT (uuid) DO NOTHING RETURNING uuid`,
        [
          col((r) => pgText(r.uuid)),
          col((r) => r.timeUs),
          col((r) => severityOf(r.priority)),
          col((r) => pgText(r.rule)),
          col((r) => pgText(r.source)),
          col((r) => pgText(r.hostname)),
          col((r) => pgText(r.namespace)),
          col((r) => pgText(r.pod)),
          col((r) => pgText(r.image)),
          col((r) => pgText(r.searchText)),
          col((r) => r.raw),
          col((r) => r.count),
          col((_r, i) => firstMute(mutes, batch[i]!.alert)),
        ],
      );
      const insertedIds = new Set(res.rows.map((r) => r.uuid));
      const inserted = rows.filter((r) => insertedIds.has(pgText(r.uuid)));
      // a fixed order, so concurrent replicas take the counters' row locks alike and never deadlock
      const sums = rollupRows(inserted)
        .map((x) => ({ ...x, value: pgText(x.value) }))
        .sort(
          (a, b) =>
            a.grain - b.grain ||
            (a.dim < b.dim ? -1 : a.dim > b.dim ? 1 : 0) ||
            a.bucket - b.bucket ||
            (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
        );
      if (sums.length > 0)
        await c.query(
          `INSERT INTO alert_rollup (grain, dim, bucket, value, n)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::bigint[])
           ON CONFLICT (grain, dim, bucket, value) DO UPDATE SET n = alert_rollup.n + excluded.n`,
          [
            sums.map((s) => s.grain),
            sums.map((s) => s.dim),
            sums.map((s) => s.bucket),
            sums.map((s) => s.value),
            sums.map((s) => s.n),
          ],
        );
      return inserted.length;
    });
  }

  async list(req: ListRequest): Promise<AlertPage> {
    const [sql, params] = listSql('alerts', ALERTS_COLUMNS, req, DIALECT);
    const rows = (
      await this.pool.query<AlertsRow>(
        sql,
        params.map((p) => (typeof p === 'string' ? pgText(p) : p)),
      )
    ).rows;
    const more = rows.length > req.limit;
    const page = more ? rows.slice(0, req.limit) : rows;
    return { alerts: page.map(storedAlert), next: more ? cursorOf(page[page.length - 1]!) : null };
  }

  async get(uuid: string): Promise<StoredAlert | undefined> {
    const r = await this.pool.query<AlertsRow>(`SELECT ${ALERTS_COLUMNS} FROM alerts WHERE uuid = $1`, [pgText(uuid)]);
    return r.rows[0] && storedAlert(r.rows[0]);
  }

  async aggregate(req: AggregateRequest): Promise<Aggregates> {
    const grain = grainFor(req.bucketMs);
    const byDim = new Map<Dimension, RollupSum[]>();
    if (grain === undefined) {
      const params = [req.bucketMs * 1000, req.bucketMs, req.fromUs, req.toUs];
      for (const dim of DIMENSIONS) {
        const rows = (
          await this.pool.query<RollupSum>(
            windowCountSql(dim, (i) => `$${i}`),
            params,
          )
        ).rows;
        byDim.set(dim, dim === 'priority' ? namePriorities(rows) : withoutEmpty(dim, rows));
      }
      return aggregatesFrom((dim) => byDim.get(dim) ?? [], req);
    }
    const fromMs = Math.floor(req.fromUs / 1000);
    const start = fromMs - (((fromMs % grain) + grain) % grain);
    const toMs = Math.ceil(req.toUs / 1000);
    // the key is (grain, dim, bucket, value): naming the dimensions lets the index scan jump to
    // each one's bucket range, where `grain` alone would read every counter of that grain (30 days
    // of hourly ones for a 24-hour window) and filter them by bucket
    const r = await this.pool.query<RollupSum & { dim: Dimension }>(
      'SELECT dim, bucket, value, n FROM alert_rollup WHERE grain = $1 AND dim = ANY($2::text[]) AND bucket >= $3 AND bucket < $4',
      [grain, DIMENSIONS, start, toMs],
    );
    for (const row of r.rows) {
      const list = byDim.get(row.dim) ?? [];
      list.push(row);
      byDim.set(row.dim, list);
    }
    return aggregatesFrom((dim) => byDim.get(dim) ?? [], req);
  }

  async acknowledge(uuids: readonly string[], acknowledged: boolean): Promise<number> {
    const r = await this.pool.query('UPDATE alerts SET acked_at = $1 WHERE uuid = ANY($2::text[])', [
      acknowledged ? Date.now() : null,
      uuids.map(pgText),
    ]);
    return r.rowCount ?? 0;
  }

  private async mutesNow(c: pg.PoolClient | pg.Pool): Promise<MuteRule[]> {
    const r = await c.query<{ id: number; rule: string; fields: string; comment: string; created_at: number }>(
      'SELECT id, rule, fields, comment, created_at FROM alert_mutes ORDER BY id',
    );
    return r.rows.map((m) => ({
      id: m.id,
      rule: m.rule,
      fields: JSON.parse(m.fields) as Record<string, string>,
      comment: m.comment,
      createdAt: m.created_at,
    }));
  }

  async addMute(rule: string, fields: Readonly<Record<string, string>>, comment: string): Promise<MuteRule> {
    const createdAt = Date.now();
    return this.tx(async (c) => {
      const r = await c.query<{ id: number }>(
        'INSERT INTO alert_mutes (rule, fields, comment, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
        [pgText(rule), JSON.stringify(fields), pgText(comment), createdAt],
      );
      const mute = { id: r.rows[0]!.id, rule, fields, comment, createdAt };
      await this.markMuted(c, mute);
      return mute;
    });
  }

  /** Sets muted_by on the not yet muted alerts of the mute's rule it matches, in chunks. */
  private async markMuted(c: pg.PoolClient, mute: MuteRule): Promise<void> {
    let after = 0;
    for (;;) {
      const rows = (
        await c.query<{ seq: number; raw: string }>(
          'SELECT seq, raw FROM alerts WHERE rule = $1 AND seq > $2 AND muted_by IS NULL ORDER BY seq LIMIT $3',
          [pgText(mute.rule), after, CHUNK],
        )
      ).rows;
      const hit = rows.filter((r) => muteMatches(mute, JSON.parse(r.raw) as RouterAlert)).map((r) => r.seq);
      if (hit.length > 0)
        await c.query('UPDATE alerts SET muted_by = $1 WHERE seq = ANY($2::bigint[])', [mute.id, hit]);
      if (rows.length < CHUNK) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async listMutes(): Promise<MuteRule[]> {
    return this.mutesNow(this.pool);
  }

  async removeMute(id: number): Promise<boolean> {
    return this.tx(async (c) => {
      if (((await c.query('DELETE FROM alert_mutes WHERE id = $1', [id])).rowCount ?? 0) === 0) return false;
      await c.query('UPDATE alerts SET muted_by = NULL WHERE muted_by = $1', [id]);
      // an alert the removed mute hid may match another one
      for (const m of await this.mutesNow(c)) await this.markMuted(c, m);
      return true;
    });
  }

  async latestSeq(): Promise<number> {
    const r = await this.pool.query<{ s: string }>('SELECT coalesce(max(seq), 0) AS s FROM alerts');
    return Number(r.rows[0]!.s);
  }

  async size(): Promise<{ rows: number; bytes: number }> {
    const r = await this.pool.query<{ rows: number; bytes: number }>(
      `SELECT (SELECT count(*) FROM alerts) AS rows,
              pg_total_relation_size('alerts') + pg_total_relation_size('alert_rollup') AS bytes`,
    );
    return { rows: Number(r.rows[0]!.rows), bytes: Number(r.rows[0]!.bytes) };
  }

  async applyRetention(policy: RetentionPolicy, nowMs: number): Promise<RetentionResult> {
    let deleted = 0;
    if (policy.maxAgeMs > 0)
      deleted += await this.deleteOldest('WHERE time_us < $1', [(nowMs - policy.maxAgeMs) * 1000], Infinity);
    const excess = retentionTarget(policy, await this.size());
    if (excess > 0) deleted += await this.deleteOldest('', [], excess);
    if (deleted > 0) {
      const oldest = (await this.pool.query<{ t: number | null }>('SELECT min(time_us) AS t FROM alerts')).rows[0]!.t;
      if (oldest === null) await this.pool.query('DELETE FROM alert_rollup');
      else await this.pool.query('DELETE FROM alert_rollup WHERE bucket + grain <= $1', [Math.floor(oldest / 1000)]);
    }
    return { deleted };
  }

  private async deleteOldest(where: string, params: unknown[], limit: number): Promise<number> {
    let deleted = 0;
    while (deleted < limit) {
      const n = Math.min(CHUNK, limit - deleted);
      const r = await this.pool.query(
        `DELETE FROM alerts WHERE seq IN (SELECT seq FROM alerts ${where} ORDER BY time_us, seq LIMIT $${params.length + 1})`,
        [...params, n],
      );
      const got = r.rowCount ?? 0;
      deleted += got;
      if (got < n) break;
    }
    return deleted;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
