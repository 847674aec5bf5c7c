// `ui-store`: the SQLite alert store of `kestrel ui` with 1,000,000 alerts (spread over 30 days,
// in arrival order, 50 rules, 30 namespaces, 500 pods): the ingest rate, then the time of the API's queries — the
// first page of the alert list with and without filters, a deep keyset page, free-text searches
// and the dashboard's aggregations — each beside `SELECT count(*) FROM alerts` on the same file
// in the same run. KESTREL_BENCH_UI_ALERTS changes the number of alerts.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RouterAlert } from '../src/router/alert.js';
import { PRIORITY_NAMES } from '../src/router/priority.js';
import { SqliteAlertStore } from '../src/ui/store/sqliteStore.js';
import type { ListRequest } from '../src/ui/store/types.js';
import { bucketFor } from '../src/ui/server/routes/dashboard.js';
import type { Benchmark, CaseResult, Figures } from './harness.js';

const ALERTS = Number(process.env.KESTREL_BENCH_UI_ALERTS ?? 1_000_000);
const BATCH = 500;
const QUERY_RUNS = 20;
const DAY_MS = 86_400_000;

const figures = (operations: number, elapsedMs: number): Figures => ({
  operations,
  elapsedMs,
  opsPerSec: operations / (elapsedMs / 1000),
});

/** A small deterministic generator, so every run stores the same alerts. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function makeAlerts(n: number, now: number): RouterAlert[] {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const rules = Array.from({ length: 50 }, (_, i) => `Rule number ${i}`);
  const weights = [0, 0, 1, 3, 10, 20, 5, 2].flatMap((w, i) => Array<number>(w).fill(i));
  const out: RouterAlert[] = [];
  for (let i = 0; i < n; i++) {
    const ns = `ns-${Math.floor(r() * 30)}`;
    const pod = `pod-${Math.floor(r() * 500)}`;
    const proc = pick(['bash', 'sh', 'curl', 'python3', 'nginx', 'java', 'node', 'sshd']);
    const file = `/var/lib/app/${Math.floor(r() * 100_000)}/data.bin`;
    // in arrival order, as the router delivers them, with some jitter
    const t = now - 30 * DAY_MS + Math.floor(((i + r()) * 30 * DAY_MS) / n);
    out.push({
      uuid: randomUUID(),
      time: new Date(t).toISOString().replace('Z', '123456Z'),
      rule: pick(rules),
      priority: PRIORITY_NAMES[pick(weights)]!,
      output: `Suspicious activity by ${proc} on ${file} (user=root container=c${i % 997} ns=${ns} pod=${pod})`,
      source: r() < 0.9 ? 'syscall' : 'k8s_audit',
      hostname: `node-${Math.floor(r() * 20)}`,
      tags: ['container', 'mitre_execution'],
      output_fields: {
        'proc.name': proc,
        'proc.cmdline': `${proc} -c run ${i}`,
        'fd.name': file,
        'user.name': 'root',
        'container.id': `c${i % 997}`,
        'container.image.repository': `registry.local/img-${Math.floor(r() * 40)}`,
        'k8s.ns.name': ns,
        'k8s.pod.name': pod,
      },
    });
  }
  return out;
}

/** Runs `op` QUERY_RUNS times after one warm-up; returns the figures and the last result. */
async function timeQuery<T>(op: () => Promise<T> | T): Promise<{ f: Figures; last: T }> {
  let last = await op();
  const start = process.hrtime.bigint();
  for (let i = 0; i < QUERY_RUNS; i++) last = await op();
  return { f: figures(QUERY_RUNS, Number(process.hrtime.bigint() - start) / 1e6), last };
}

async function runUiStore(): Promise<CaseResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-bench-ui-'));
  const now = Date.now();
  try {
    const alerts = makeAlerts(ALERTS, now);
    const file = path.join(dir, 'alerts.db');
    const store = new SqliteAlertStore(file);
    let start = process.hrtime.bigint();
    for (let i = 0; i < alerts.length; i += BATCH)
      await store.insert(alerts.slice(i, i + BATCH).map((alert) => ({ alert, count: 1 })));
    const ingest = figures(ALERTS, Number(process.hrtime.bigint() - start) / 1e6);

    // the least any SQLite store does: the alert's JSON appended to a table without indexes
    const plain = new Database(path.join(dir, 'plain.db'));
    plain.pragma('journal_mode = WAL');
    plain.pragma('synchronous = NORMAL');
    plain.exec('CREATE TABLE alerts (seq INTEGER PRIMARY KEY, raw TEXT NOT NULL)');
    const put = plain.prepare('INSERT INTO alerts (raw) VALUES (?)');
    const putBatch = plain.transaction((xs: RouterAlert[]) => {
      for (const x of xs) put.run(JSON.stringify(x));
    });
    start = process.hrtime.bigint();
    for (let i = 0; i < alerts.length; i += BATCH) putBatch(alerts.slice(i, i + BATCH));
    const plainIngest = figures(ALERTS, Number(process.hrtime.bigint() - start) / 1e6);
    plain.close();

    const db = new Database(file, { readonly: true });
    const count = db.prepare('SELECT count(*) AS n FROM alerts');
    const base = await timeQuery(() => (count.get() as { n: number }).n);
    const sizeMiB = statSync(file).size / 2 ** 20;

    const list = (over: Partial<ListRequest>) => () =>
      store.list({ filter: {}, sort: 'time', order: 'desc', limit: 50, ...over });
    const deepCursor = await (async () => {
      let cursor;
      for (let i = 0; i < 200; i++)
        cursor = (await list({ limit: 50, ...(cursor ? { cursor } : {}) })()).next ?? undefined;
      return cursor;
    })();
    const hourUs = (now - 3_600_000) * 1000;
    const cases: [string, string, () => Promise<{ alerts: readonly unknown[] } | { total: number }>][] = [
      ['list', 'first page (50) of the alert list, newest first, no filter', list({})],
      ['list-priority', 'first page sorted by priority', list({ sort: 'priority' })],
      [
        'list-deep',
        'page 201 (after 10,000 alerts) by keyset cursor',
        list({ ...(deepCursor ? { cursor: deepCursor } : {}) }),
      ],
      [
        'list-filtered',
        'first page: rule + namespace + priorities filter',
        list({ filter: { rules: ['Rule number 7'], namespaces: ['ns-3'], priorities: [3, 4] } }),
      ],
      [
        'list-pod',
        'first page: one pod (of 500) and one hostname',
        list({ filter: { pods: ['pod-17'], hostnames: ['node-3'] } }),
      ],
      ['list-window', 'first page: the last hour, Warning only', list({ filter: { fromUs: hourUs, priorities: [4] } })],
      ['search-rare', 'free text matching a few alerts ("run 123456")', list({ filter: { words: ['run 123456'] } })],
      [
        'search-common',
        'free text matching ~1/8 of the alerts ("python3") plus a rule filter',
        list({ filter: { words: ['python3'], rules: ['Rule number 7'] } }),
      ],
      ...(
        [
          ['dashboard-1h', 3_600_000],
          ['dashboard-24h', DAY_MS],
          ['dashboard-30d', 30 * DAY_MS],
        ] as const
      ).map(([name, windowMs]): [string, string, () => Promise<{ total: number }>] => [
        name,
        `dashboard aggregations (what GET /api/v1/dashboard computes), ${name.slice(10)} window in ${bucketFor(windowMs) / 60_000}-minute buckets`,
        () =>
          store.aggregate({
            fromUs: (now - windowMs) * 1000,
            toUs: now * 1000,
            bucketMs: bucketFor(windowMs),
            top: 10,
          }),
      ]),
    ];
    const results: CaseResult[] = [
      {
        name: 'ingest',
        subject: `${ALERTS.toLocaleString('en-US')} alerts stored in batches of ${BATCH} (10 indexes, FTS5, dashboard counters)`,
        baseline: 'the same alerts as JSON into a SQLite table without indexes',
        kestrel: ingest,
        base: plainIngest,
        ratio: ingest.opsPerSec / plainIngest.opsPerSec,
        notes: { 'alerts/s': Math.round(ingest.opsPerSec), 'file MiB': Math.round(sizeMiB) },
      },
    ];
    for (const [name, subject, op] of cases) {
      const { f, last } = await timeQuery(op);
      results.push({
        name,
        subject: `${subject}, ${ALERTS.toLocaleString('en-US')} alerts stored`,
        baseline: 'SELECT count(*) FROM alerts on the same file',
        kestrel: f,
        base: base.f,
        ratio: f.opsPerSec / base.f.opsPerSec,
        notes: {
          'ms/query': (f.elapsedMs / f.operations).toFixed(2),
          'count(*) ms': (base.f.elapsedMs / base.f.operations).toFixed(2),
          rows: 'alerts' in last ? last.alerts.length : last.total,
        },
      });
    }
    db.close();
    await store.close();
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const uiStoreBenchmark: Benchmark = {
  name: 'ui-store',
  description: `kestrel ui's SQLite store with ${ALERTS.toLocaleString('en-US')} alerts: ingest rate, alert list, search and dashboard query times`,
  run: runUiStore,
};
