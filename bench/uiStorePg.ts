// `ui-store-pg`: `ui-store` on the PostgreSQL alert store of `kestrel ui` — the same generated
// alerts and the same cases (uiStoreCases.ts): the ingest rate beside the alerts' JSON inserted
// into a table without indexes, then the API's queries, each beside `SELECT count(*) FROM alerts`
// on the same database in the same run. The server is a throwaway PostgreSQL 15 cluster on a unix
// socket (test/support/postgres.ts, default settings), on the CPUs other than the runner's, and is
// stopped and its folder removed when the benchmark ends, however it ends.

import os from 'node:os';
import pg from 'pg';
import type { RouterAlert } from '../src/router/alert.js';
import { PostgresAlertStore } from '../src/ui/store/postgresStore.js';
import { startPostgres } from '../test/support/postgres.js';
import type { Benchmark, CaseResult } from './harness.js';
import { ALERTS, measureStore } from './uiStoreCases.js';

const CPUS = os.cpus().length;
/** The runner is pinned to CPU 0; the server gets the others (as `router` and `live` do). */
const SERVER_CPUS = CPUS > 2 ? `1-${CPUS - 1}` : CPUS === 2 ? '1' : undefined;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function runUiStorePg(): Promise<CaseResult[]> {
  const cluster = startPostgres({ cpus: SERVER_CPUS });
  // an interrupted run must not leave the server running (pg_ctl starts it in its own session)
  const onSignal = (signal: NodeJS.Signals) => {
    cluster.stop();
    process.exit(128 + (os.constants.signals[signal] ?? 1));
  };
  const onExit = () => cluster.stop();
  for (const s of SIGNALS) process.once(s, onSignal);
  process.once('exit', onExit);
  let store: PostgresAlertStore | undefined;
  const clients: pg.Client[] = [];
  const connect = async (database: string) => {
    const c = new pg.Client({ connectionString: cluster.url.replace('@/postgres?', `@/${database}?`) });
    c.on('error', () => {});
    clients.push(c);
    await c.connect();
    return c;
  };
  try {
    store = await PostgresAlertStore.open(cluster.url);
    const db = await connect('postgres');
    // the least any PostgreSQL store does: the alert's JSON appended to a table without indexes
    // (a heap with no primary key: SQLite's rowid is the table itself, a PostgreSQL key an index),
    // in a database of its own as the SQLite baseline has a file of its own
    await db.query('CREATE DATABASE plain');
    const plain = await connect('plain');
    await plain.query('CREATE TABLE alerts (seq bigserial, raw text NOT NULL)');
    return await measureStore({
      store,
      maintains: '10 indexes, pg_trgm GIN index, dashboard counters',
      plainBaseline: 'the same alerts as JSON into a PostgreSQL table without indexes (one multi-row INSERT a batch)',
      // one statement, so one transaction, a batch
      plainBatch: async (xs: readonly RouterAlert[]) => {
        await plain.query(
          `INSERT INTO alerts (raw) VALUES ${xs.map((_, i) => `($${i + 1})`).join(', ')}`,
          xs.map((x) => JSON.stringify(x)),
        );
      },
      // Autovacuum would have analysed (and vacuumed) the tables of a deployment that has been
      // receiving alerts; run now, it may or may not have yet, so do it here: without statistics
      // the planner guesses, and without the visibility map count(*) cannot use an index-only scan.
      prepareQueries: async () => {
        await db.query('VACUUM ANALYZE');
      },
      countBaseline: 'SELECT count(*) FROM alerts on the same database',
      count: async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM alerts')).rows[0]!.n),
      sizeMiB: async () => (await store!.size()).bytes / 2 ** 20,
      sizeNote: 'tables MiB',
    });
  } finally {
    for (const c of clients) await c.end().catch(() => {});
    await store?.close().catch(() => {});
    cluster.stop();
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    process.removeListener('exit', onExit);
  }
}

export const uiStorePgBenchmark: Benchmark = {
  name: 'ui-store-pg',
  description: `kestrel ui's PostgreSQL store (PostgreSQL 15, default settings, unix socket) with ${ALERTS.toLocaleString('en-US')} alerts: ingest rate, alert list, search and dashboard query times`,
  run: runUiStorePg,
};
