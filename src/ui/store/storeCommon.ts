// Logic both backends share once the rows are read: the dashboard's sums and how many alerts a
// size limit asks retention to delete.

import { PRIORITY_NAMES } from '../../router/priority.js';
import type { RouterAlert } from '../../router/alert.js';
import type {
  AggregateRequest,
  Aggregates,
  CountRow,
  Dimension,
  RetentionPolicy,
  SeriesPoint,
  StoredAlert,
} from './types.js';

/** An alerts row as both backends read it back. */
export interface AlertsRow {
  seq: number;
  time_us: number;
  severity: number;
  raw: string;
  count: number;
  acked_at: number | null;
  muted_by: number | null;
}

export const ALERTS_COLUMNS = 'seq, time_us, severity, raw, count, acked_at, muted_by';

export function storedAlert(r: AlertsRow): StoredAlert {
  return {
    alert: JSON.parse(r.raw) as RouterAlert,
    count: r.count,
    timeUs: r.time_us,
    acknowledgedAt: r.acked_at,
    mutedBy: r.muted_by,
  };
}

/** A rollup counter as read back. */
export interface RollupSum {
  bucket: number;
  value: string;
  n: number;
}

function totals(rows: readonly RollupSum[]): CountRow[] {
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.value, (by.get(r.value) ?? 0) + Number(r.n));
  return [...by]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

function series(rows: readonly RollupSum[], bucketMs: number): SeriesPoint[] {
  const by = new Map<string, SeriesPoint>();
  for (const r of rows) {
    const b = Number(r.bucket);
    const t = b - (((b % bucketMs) + bucketMs) % bucketMs);
    const key = `${t}\u0000${r.value}`;
    const p = by.get(key);
    by.set(key, { t, value: r.value, count: (p?.count ?? 0) + Number(r.n) });
  }
  return [...by.values()].sort((a, b) => a.t - b.t || (a.value < b.value ? -1 : 1));
}

const DIMENSION_COLUMN: Record<Dimension, string> = {
  priority: 'severity',
  rule: 'rule',
  source: 'source',
  hostname: 'hostname',
  namespace: 'namespace',
  pod: 'pod',
  image: 'image',
};

/**
 * SQL counting the alerts of [from, to) by bucket and one dimension, for windows too short for
 * the hourly counters; parameters: bucket width in µs, bucket width in ms, from µs, to µs.
 * Integer division is the same in SQLite and PostgreSQL.
 */
export function windowCountSql(dim: Dimension, p: (i: number) => string): string {
  // empty namespaces, pods and images are dropped by the caller: a `pod <> ''` here makes
  // SQLite's planner walk the pod index (every alert) instead of the time range
  return `SELECT (time_us / ${p(1)}) * ${p(2)} AS bucket, ${DIMENSION_COLUMN[dim]} AS value, sum(count) AS n FROM alerts
          WHERE time_us >= ${p(3)} AND time_us < ${p(4)} GROUP BY 1, 2`;
}

/** Window counts without the empty values of the optional dimensions (as the counters have none). */
export function withoutEmpty(dim: Dimension, rows: RollupSum[]): RollupSum[] {
  return dim === 'namespace' || dim === 'pod' || dim === 'image' ? rows.filter((r) => r.value !== '') : rows;
}

/** Severity numbers of the priority dimension → Falco's names. */
export function namePriorities(rows: RollupSum[]): RollupSum[] {
  return rows.map((r) => ({ ...r, value: PRIORITY_NAMES[7 - Number(r.value)] ?? 'Debug' }));
}

export function aggregatesFrom(read: (dim: Dimension) => RollupSum[], req: AggregateRequest): Aggregates {
  const priority = read('priority');
  const byName = new Map(totals(priority).map((r) => [r.value, r.count]));
  const top = (dim: Dimension) => totals(read(dim)).slice(0, req.top);
  return {
    total: [...byName.values()].reduce((a, b) => a + b, 0),
    byPriority: PRIORITY_NAMES.map((value) => ({ value, count: byName.get(value) ?? 0 })),
    series: {
      priority: series(priority, req.bucketMs),
      rule: series(read('rule'), req.bucketMs),
      source: series(read('source'), req.bucketMs),
      hostname: series(read('hostname'), req.bucketMs),
    },
    top: { rule: top('rule'), namespace: top('namespace'), pod: top('pod'), image: top('image') },
  };
}

/**
 * How many of the oldest alerts to delete so that rows and bytes fall under the policy's limits.
 * Bytes are brought down in proportion (to 90% of the limit, so one run does not leave the store
 * at the edge): a store's size does not shrink row by row (free pages, dead tuples), so deleting
 * until the size drops could delete everything.
 */
export function retentionTarget(policy: RetentionPolicy, size: { rows: number; bytes: number }): number {
  let excess = 0;
  if (policy.maxRows > 0 && size.rows > policy.maxRows) excess = size.rows - policy.maxRows;
  if (policy.maxBytes > 0 && size.bytes > policy.maxBytes && size.rows > 0) {
    const keep = Math.floor((size.rows * policy.maxBytes * 0.9) / size.bytes);
    excess = Math.max(excess, size.rows - keep);
  }
  return excess;
}
