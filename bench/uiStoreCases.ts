// What the `ui-store` (SQLite) and `ui-store-pg` (PostgreSQL) benchmarks share: the generated
// alerts, the ingest timing beside a table without indexes, and the list, search and dashboard
// queries, each timed beside the backend's `SELECT count(*) FROM alerts`. Each benchmark supplies
// the store, the baseline's table and the count; the cases and their output are the same.

import { randomUUID } from 'node:crypto';
import type { RouterAlert } from '../src/router/alert.js';
import { PRIORITY_NAMES } from '../src/router/priority.js';
import type { AlertStore, ListRequest } from '../src/ui/store/types.js';
import { bucketFor } from '../src/ui/server/routes/dashboard.js';
import type { CaseResult, Figures } from './harness.js';

export const ALERTS = Number(process.env.KESTREL_BENCH_UI_ALERTS ?? 1_000_000);
export const BATCH = 500;
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

type QueryCase = [string, string, () => Promise<{ alerts: readonly unknown[] } | { total: number }>];

/** The API's queries on a filled store: list pages, searches and dashboard aggregations. */
async function queryCases(store: AlertStore, now: number): Promise<QueryCase[]> {
  const list = (over: Partial<ListRequest>) => () =>
    store.list({ filter: {}, sort: 'time', order: 'desc', limit: 50, ...over });
  let deepCursor;
  for (let i = 0; i < 200; i++)
    deepCursor = (await list({ limit: 50, ...(deepCursor ? { cursor: deepCursor } : {}) })()).next ?? undefined;
  const hourUs = (now - 3_600_000) * 1000;
  return [
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
      'search-inside',
      'free text from inside words matching a few alerts ("un 12345")',
      list({ filter: { words: ['un 12345'] } }),
    ],
    [
      'search-short',
      'free text: a rare word and a 2-character one ("run 123456" "sh")',
      list({ filter: { words: ['run 123456', 'sh'] } }),
    ],
    [
      'search-short-only',
      'free text: one 2-character word matching nothing ("zq"), no trigram to look up (the API refuses it)',
      list({ filter: { words: ['zq'] } }),
    ],
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
    ).map(([name, windowMs]): QueryCase => [
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
}

/** One backend under test; the benchmark that makes it also opens and closes everything. */
export interface StoreBackend {
  store: AlertStore;
  /** What the store maintains on ingest, e.g. `10 indexes, FTS5, dashboard counters`. */
  maintains: string;
  /** The ingest baseline, e.g. `the same alerts as JSON into a SQLite table without indexes`. */
  plainBaseline: string;
  /** Inserts one batch's JSON into the table without indexes, in one transaction. */
  plainBatch(alerts: readonly RouterAlert[]): Promise<void> | void;
  /** Runs after both ingests, before anything is queried. */
  prepareQueries(): Promise<void> | void;
  /** The query baseline, e.g. `SELECT count(*) FROM alerts on the same file`. */
  countBaseline: string;
  count(): Promise<number> | number;
  /** The store's size in MiB, reported under `sizeNote`. */
  sizeMiB(): Promise<number> | number;
  sizeNote: string;
}

/** Fills the backend's store with ALERTS alerts, then times every query case. */
export async function measureStore(b: StoreBackend): Promise<CaseResult[]> {
  const now = Date.now();
  const alerts = makeAlerts(ALERTS, now);
  let start = process.hrtime.bigint();
  for (let i = 0; i < alerts.length; i += BATCH)
    await b.store.insert(alerts.slice(i, i + BATCH).map((alert) => ({ alert, count: 1 })));
  const ingest = figures(ALERTS, Number(process.hrtime.bigint() - start) / 1e6);

  start = process.hrtime.bigint();
  for (let i = 0; i < alerts.length; i += BATCH) await b.plainBatch(alerts.slice(i, i + BATCH));
  const plainIngest = figures(ALERTS, Number(process.hrtime.bigint() - start) / 1e6);

  await b.prepareQueries();
  const base = await timeQuery(() => b.count());
  const stored = `${ALERTS.toLocaleString('en-US')} alerts stored`;
  const results: CaseResult[] = [
    {
      name: 'ingest',
      subject: `${stored} in batches of ${BATCH} (${b.maintains})`,
      baseline: b.plainBaseline,
      kestrel: ingest,
      base: plainIngest,
      ratio: ingest.opsPerSec / plainIngest.opsPerSec,
      notes: { 'alerts/s': Math.round(ingest.opsPerSec), [b.sizeNote]: Math.round(await b.sizeMiB()) },
    },
  ];
  for (const [name, subject, op] of await queryCases(b.store, now)) {
    const { f, last } = await timeQuery(op);
    results.push({
      name,
      subject: `${subject}, ${stored}`,
      baseline: b.countBaseline,
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
  return results;
}
