// The session table of the SQLite store (the schema is in sqliteStore.ts).

import type Database from 'better-sqlite3';
import type { SessionRow, SessionTable } from './sessionTable.js';

interface Row {
  password_tag: string;
  expires_at: number;
}

export class SqliteSessionTable implements SessionTable {
  constructor(private readonly db: Database.Database) {}

  async add(idHash: string, row: SessionRow, now: number, max: number): Promise<void> {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM ui_sessions WHERE expires_at <= ?').run(now);
        this.db
          .prepare('INSERT INTO ui_sessions (id_hash, password_tag, created_at, expires_at) VALUES (?, ?, ?, ?)')
          .run(idHash, row.passwordTag, now, row.expiresAt);
        this.db
          .prepare(
            'DELETE FROM ui_sessions WHERE seq IN (SELECT seq FROM ui_sessions ORDER BY seq DESC LIMIT -1 OFFSET ?)',
          )
          .run(max);
      })
      .immediate();
  }

  async get(idHash: string): Promise<SessionRow | undefined> {
    const r = this.db.prepare('SELECT password_tag, expires_at FROM ui_sessions WHERE id_hash = ?').get(idHash) as
      Row | undefined;
    return r && { passwordTag: r.password_tag, expiresAt: r.expires_at };
  }

  async renew(idHash: string, expiresAt: number): Promise<void> {
    this.db
      .prepare('UPDATE ui_sessions SET expires_at = ? WHERE id_hash = ? AND expires_at < ?')
      .run(expiresAt, idHash, expiresAt);
  }

  async delete(idHash: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM ui_sessions WHERE id_hash = ?').run(idHash).changes > 0;
  }

  async clear(now: number): Promise<number> {
    return this.db
      .transaction(() => {
        const live = this.db.prepare('SELECT count(*) AS n FROM ui_sessions WHERE expires_at > ?').get(now) as {
          n: number;
        };
        this.db.prepare('DELETE FROM ui_sessions').run();
        return live.n;
      })
      .immediate();
  }

  async deleteExpired(now: number): Promise<number> {
    return this.db.prepare('DELETE FROM ui_sessions WHERE expires_at <= ?').run(now).changes;
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM ui_sessions').get() as { n: number }).n;
  }
}
