// The embedded store: one SQLite file in WAL mode (readers never wait on the writer), an index
// per filter column ending in time so every filtered page is an index range scan, and an FTS5
// trigram index for case-insensitive substring search of the output and output fields
// (searchFold.ts defines the matching, sqliteSchema.ts the tables).

import Database from 'better-sqlite3';
import type { RouterAlert } from '../../router/alert.js';

import { alertRow } from './alertRow.js';
import { cursorOf, listSql, severityOf, type SqlDialect } from './filterSql.js';
import { firstMute, muteMatches } from './mutes.js';
import { grainFor, rollupRows } from './rollup.js';
import type { SessionTable } from './sessionTable.js';
import { SqliteSessionTable } from './sqliteSessions.js';
import { indexable } from './searchFold.js';
import { prepareSchema } from './sqliteSchema.js';
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
import type {
  AggregateRequest,
  Aggregates,
  AlertPage,
  AlertStore,
  Dimension,
  ListRequest,
  MuteRule,
  RetentionPolicy,
  RetentionResult,
  StoredAlert,
} from './types.js';

const DIALECT: SqlDialect = {
  placeholder: () => '?',
  wordsConditions: (words, param) => {
    const conditions = [];
    // a quoted FTS5 string is literal but for `"`, doubled; the trigram index finds it as a substring
    const long = words.filter(indexable).map((w) => `"${w.replaceAll('"', '""')}"`);
    if (long.length > 0)
      conditions.push(`seq IN (SELECT rowid FROM alerts_fts WHERE alerts_fts MATCH ${param(long.join(' AND '))})`);
    // shorter words have no trigram: the stored text is scanned, within the index's rows when there are any
    for (const w of words.filter((x) => !indexable(x))) conditions.push(`instr(search_text, ${param(w)}) > 0`);
    return conditions;
  },
};

const CHUNK = 5000;

export class SqliteAlertStore implements AlertStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  readonly sessions: SessionTable;

  constructor(readonly file: string) {
    try {
      this.db = new Database(file);
    } catch (e) {
      // better-sqlite3 reports a missing folder as a TypeError without SQLite's code
      throw Object.assign(new Error(`${file}: ${(e as Error).message}`), { code: 'SQLITE_CANTOPEN' });
    }
    this.db.pragma('busy_timeout = 10000');
    // must precede the first table for the file to be able to shrink after retention
    this.db.pragma('auto_vacuum = INCREMENTAL');
    this.db.pragma('journal_mode = WAL');
    // WAL with NORMAL survives a process crash; a power cut may lose the last commits, which the
    // router's queue delivers again (uuids make that a no-op)
    this.db.pragma('synchronous = NORMAL');
    // ten indexes take random inserts (uuid, rule, pod...): the default 2 MiB cache makes each
    // batch re-read their pages, 64 MiB keeps their upper levels in memory
    this.db.pragma('cache_size = -65536');
    this.db.pragma('wal_autocheckpoint = 8192');
    try {
      prepareSchema(this.db, file);
    } catch (e) {
      this.db.close();
      throw e;
    }
    this.sessions = new SqliteSessionTable(this.db);
  }

  async version(): Promise<string> {
    return (this.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  }

  async insert(batch: readonly { alert: RouterAlert; count: number }[]): Promise<number> {
    const now = Date.now();
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO alerts (uuid, time_us, severity, rule, source, hostname, namespace, pod, image, raw, count, muted_by, search_text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const fts = this.db.prepare('INSERT INTO alerts_fts (rowid, text) VALUES (?, ?)');
    const rollup = this.db.prepare(
      'INSERT INTO alert_rollup (grain, dim, bucket, value, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    const run = this.db.transaction(() => {
      const mutes = this.mutesNow();
      const inserted = [];
      for (const { alert, count } of batch) {
        const r = alertRow(alert, count, now);
        const res = insert.run(
          r.uuid,
          r.timeUs,
          severityOf(r.priority),
          r.rule,
          r.source,
          r.hostname,
          r.namespace,
          r.pod,
          r.image,
          r.raw,
          r.count,
          firstMute(mutes, alert),
          r.searchText,
        );
        if (res.changes === 0) continue;
        fts.run(res.lastInsertRowid, r.searchText);
        inserted.push(r);
      }
      for (const x of rollupRows(inserted)) rollup.run(x.grain, x.dim, x.bucket, x.value, x.n);
      return inserted.length;
    });
    return run.immediate();
  }

  async list(req: ListRequest): Promise<AlertPage> {
    const [sql, params] = listSql('alerts', ALERTS_COLUMNS, req, DIALECT);
    const rows = this.db.prepare(sql).all(...params) as AlertsRow[];
    const more = rows.length > req.limit;
    const page = more ? rows.slice(0, req.limit) : rows;
    return { alerts: page.map(storedAlert), next: more ? cursorOf(page[page.length - 1]!) : null };
  }

  async get(uuid: string): Promise<StoredAlert | undefined> {
    const r = this.db.prepare(`SELECT ${ALERTS_COLUMNS} FROM alerts WHERE uuid = ?`).get(uuid) as AlertsRow | undefined;
    return r && storedAlert(r);
  }

  async aggregate(req: AggregateRequest): Promise<Aggregates> {
    const grain = grainFor(req.bucketMs);
    if (grain === undefined) {
      const params = [req.bucketMs * 1000, req.bucketMs, req.fromUs, req.toUs];
      const read = (dim: Dimension): RollupSum[] => {
        const rows = this.db.prepare(windowCountSql(dim, () => '?')).all(...params) as RollupSum[];
        return dim === 'priority' ? namePriorities(rows) : withoutEmpty(dim, rows);
      };
      return aggregatesFrom(read, req);
    }
    const fromMs = Math.floor(req.fromUs / 1000);
    const toMs = Math.ceil(req.toUs / 1000);
    const q = this.db.prepare(
      'SELECT bucket, value, n FROM alert_rollup WHERE grain = ? AND dim = ? AND bucket >= ? AND bucket < ?',
    );
    const read = (dim: Dimension): RollupSum[] =>
      q.all(grain, dim, fromMs - (((fromMs % grain) + grain) % grain), toMs) as RollupSum[];
    return aggregatesFrom(read, req);
  }

  async acknowledge(uuids: readonly string[], acknowledged: boolean): Promise<number> {
    const stmt = this.db.prepare('UPDATE alerts SET acked_at = ? WHERE uuid = ?');
    const at = acknowledged ? Date.now() : null;
    return this.db.transaction(() => uuids.reduce((n, u) => n + stmt.run(at, u).changes, 0))();
  }

  private mutesNow(): MuteRule[] {
    const rows = this.db.prepare('SELECT id, rule, fields, comment, created_at FROM alert_mutes ORDER BY id').all() as {
      id: number;
      rule: string;
      fields: string;
      comment: string;
      created_at: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      rule: r.rule,
      fields: JSON.parse(r.fields) as Record<string, string>,
      comment: r.comment,
      createdAt: r.created_at,
    }));
  }

  async addMute(rule: string, fields: Readonly<Record<string, string>>, comment: string): Promise<MuteRule> {
    const createdAt = Date.now();
    return this.db
      .transaction(() => {
        const id = Number(
          this.db
            .prepare('INSERT INTO alert_mutes (rule, fields, comment, created_at) VALUES (?, ?, ?, ?)')
            .run(rule, JSON.stringify(fields), comment, createdAt).lastInsertRowid,
        );
        const mute = { id, rule, fields, comment, createdAt };
        this.markMuted(mute, 'muted_by IS NULL');
        return mute;
      })
      .immediate();
  }

  /** Sets muted_by on the alerts of the mute's rule it matches, walking the rule index in chunks. */
  private markMuted(mute: MuteRule, which: string): void {
    const page = this.db.prepare(
      `SELECT seq, raw FROM alerts WHERE rule = ? AND seq > ? AND ${which} ORDER BY seq LIMIT ?`,
    );
    const set = this.db.prepare('UPDATE alerts SET muted_by = ? WHERE seq = ?');
    let after = 0;
    for (;;) {
      const rows = page.all(mute.rule, after, CHUNK) as { seq: number; raw: string }[];
      for (const r of rows) if (muteMatches(mute, JSON.parse(r.raw) as RouterAlert)) set.run(mute.id, r.seq);
      if (rows.length < CHUNK) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async listMutes(): Promise<MuteRule[]> {
    return this.mutesNow();
  }

  async removeMute(id: number): Promise<boolean> {
    return this.db
      .transaction(() => {
        if (this.db.prepare('DELETE FROM alert_mutes WHERE id = ?').run(id).changes === 0) return false;
        this.db.prepare('UPDATE alerts SET muted_by = NULL WHERE muted_by = ?').run(id);
        // an alert the removed mute hid may match another one
        for (const m of this.mutesNow()) this.markMuted(m, 'muted_by IS NULL');
        return true;
      })
      .immediate();
  }

  async latestSeq(): Promise<number> {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) AS s FROM alerts').get() as { s: number }).s;
  }

  async size(): Promise<{ rows: number; bytes: number }> {
    const rows = (this.db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n;
    const pages = Number(this.db.pragma('page_count', { simple: true }));
    const free = Number(this.db.pragma('freelist_count', { simple: true }));
    const pageSize = Number(this.db.pragma('page_size', { simple: true }));
    return { rows, bytes: (pages - free) * pageSize };
  }

  async applyRetention(policy: RetentionPolicy, nowMs: number): Promise<RetentionResult> {
    let deleted = 0;
    if (policy.maxAgeMs > 0) {
      const before = (nowMs - policy.maxAgeMs) * 1000;
      deleted += this.deleteOldest('WHERE time_us < ?', [before], Infinity);
    }
    const size = await this.size();
    const excess = retentionTarget(policy, size);
    if (excess > 0) deleted += this.deleteOldest('', [], excess);
    if (deleted > 0) {
      this.trimRollups();
      this.db.pragma('incremental_vacuum');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return { deleted };
  }

  /** Deletes up to `limit` of the oldest alerts matching `where`, one short transaction per chunk. */
  private deleteOldest(where: string, params: unknown[], limit: number): number {
    const pick = this.db.prepare(`SELECT seq FROM alerts ${where} ORDER BY time_us, seq LIMIT ?`);
    const del = this.db.prepare('DELETE FROM alerts WHERE seq = ?');
    const delFts = this.db.prepare('DELETE FROM alerts_fts WHERE rowid = ?');
    let deleted = 0;
    while (deleted < limit) {
      const n = Math.min(CHUNK, limit - deleted);
      const seqs = (pick.all(...params, n) as { seq: number }[]).map((r) => r.seq);
      this.db
        .transaction(() => {
          for (const s of seqs) {
            del.run(s);
            delFts.run(s);
          }
        })
        .immediate();
      deleted += seqs.length;
      if (seqs.length < n) break;
    }
    return deleted;
  }

  /** Drops the dashboard counters of buckets that end before the oldest alert kept. */
  private trimRollups(): void {
    const oldest = this.db.prepare('SELECT min(time_us) AS t FROM alerts').get() as { t: number | null };
    if (oldest.t === null) {
      this.db.prepare('DELETE FROM alert_rollup').run();
      return;
    }
    const ms = Math.floor(oldest.t / 1000);
    this.db.prepare('DELETE FROM alert_rollup WHERE bucket + grain <= ?').run(ms);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
