// The session table of the PostgreSQL store (the schema is in postgresStore.ts), shared by every
// `kestrel ui` replica on the database.

import type pg from 'pg';
import type { SessionRow, SessionTable } from './sessionTable.js';

type Tx = <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>;

export class PostgresSessionTable implements SessionTable {
  constructor(
    private readonly pool: pg.Pool,
    private readonly tx: Tx,
  ) {}

  async add(idHash: string, row: SessionRow, now: number, max: number): Promise<void> {
    await this.tx(async (c) => {
      await c.query('DELETE FROM ui_sessions WHERE expires_at <= $1', [now]);
      await c.query('INSERT INTO ui_sessions (id_hash, password_tag, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        idHash,
        row.passwordTag,
        now,
        row.expiresAt,
      ]);
      // replicas logging in at once may each evict; the cap holds either way
      await c.query('DELETE FROM ui_sessions WHERE seq IN (SELECT seq FROM ui_sessions ORDER BY seq DESC OFFSET $1)', [
        max,
      ]);
    });
  }

  async get(idHash: string): Promise<SessionRow | undefined> {
    const r = await this.pool.query<{ password_tag: string; expires_at: number }>(
      'SELECT password_tag, expires_at FROM ui_sessions WHERE id_hash = $1',
      [idHash],
    );
    const row = r.rows[0];
    return row && { passwordTag: row.password_tag, expiresAt: row.expires_at };
  }

  async renew(idHash: string, expiresAt: number): Promise<void> {
    await this.pool.query('UPDATE ui_sessions SET expires_at = $1 WHERE id_hash = $2 AND expires_at < $1', [
      expiresAt,
      idHash,
    ]);
  }

  async delete(idHash: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM ui_sessions WHERE id_hash = $1', [idHash])).rowCount ?? 0) > 0;
  }

  async clear(now: number): Promise<number> {
    const r = await this.pool.query<{ n: number }>(
      'WITH gone AS (DELETE FROM ui_sessions RETURNING expires_at) SELECT count(*) FILTER (WHERE expires_at > $1) AS n FROM gone',
      [now],
    );
    return Number(r.rows[0]!.n);
  }

  async deleteExpired(now: number): Promise<number> {
    return (await this.pool.query('DELETE FROM ui_sessions WHERE expires_at <= $1', [now])).rowCount ?? 0;
  }

  async count(): Promise<number> {
    return Number((await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM ui_sessions')).rows[0]!.n);
  }
}
