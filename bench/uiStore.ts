// `ui-store`: the SQLite alert store of `kestrel ui` with 1,000,000 alerts (spread over 30 days,
// in arrival order, 50 rules, 30 namespaces, 500 pods): the ingest rate, then the time of the API's queries — the
// first page of the alert list with and without filters, a deep keyset page, free-text searches
// and the dashboard's aggregations — each beside `SELECT count(*) FROM alerts` on the same file
// in the same run. KESTREL_BENCH_UI_ALERTS changes the number of alerts. The alerts and the cases
// are uiStoreCases.ts's, shared with `ui-store-pg`.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RouterAlert } from '../src/router/alert.js';
import { SqliteAlertStore } from '../src/ui/store/sqliteStore.js';
import type { Benchmark, CaseResult } from './harness.js';
import { ALERTS, measureStore } from './uiStoreCases.js';

async function runUiStore(): Promise<CaseResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-bench-ui-'));
  let store: SqliteAlertStore | undefined;
  let plain: Database.Database | undefined;
  let db: Database.Database | undefined;
  try {
    const file = path.join(dir, 'alerts.db');
    store = new SqliteAlertStore(file);
    // the least any SQLite store does: the alert's JSON appended to a table without indexes
    plain = new Database(path.join(dir, 'plain.db'));
    plain.pragma('journal_mode = WAL');
    plain.pragma('synchronous = NORMAL');
    plain.exec('CREATE TABLE alerts (seq INTEGER PRIMARY KEY, raw TEXT NOT NULL)');
    const put = plain.prepare('INSERT INTO alerts (raw) VALUES (?)');
    const putBatch = plain.transaction((xs: readonly RouterAlert[]) => {
      for (const x of xs) put.run(JSON.stringify(x));
    });
    let count: Database.Statement | undefined;
    return await measureStore({
      store,
      maintains: '10 indexes, FTS5 trigram, dashboard counters',
      plainBaseline: 'the same alerts as JSON into a SQLite table without indexes',
      plainBatch: putBatch,
      prepareQueries: () => {
        plain?.close();
        plain = undefined;
        db = new Database(file, { readonly: true });
        count = db.prepare('SELECT count(*) AS n FROM alerts');
      },
      countBaseline: 'SELECT count(*) FROM alerts on the same file',
      count: () => (count!.get() as { n: number }).n,
      sizeMiB: () => statSync(file).size / 2 ** 20,
      sizeNote: 'file MiB',
    });
  } finally {
    plain?.close();
    db?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const uiStoreBenchmark: Benchmark = {
  name: 'ui-store',
  description: `kestrel ui's SQLite store with ${ALERTS.toLocaleString('en-US')} alerts: ingest rate, alert list, search and dashboard query times`,
  run: runUiStore,
};
