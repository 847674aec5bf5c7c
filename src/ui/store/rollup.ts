// The dashboard's counts are kept per hour and per day for each dimension as alerts are
// inserted, so a 30-day chart sums 30 daily counters per value instead of scanning a million
// rows. Windows of a few hours (buckets under an hour) are counted from the alerts themselves,
// through the time index.

import { PRIORITY_NAMES } from '../../router/priority.js';
import type { AlertRow } from './alertRow.js';
import { DIMENSIONS, type Dimension } from './types.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** One counter: `bucket` is the bucket start in ms; `value` the dimension's value. */
export interface RollupRow {
  grain: number;
  bucket: number;
  dim: Dimension;
  value: string;
  n: number;
}

export function dimensionValue(row: AlertRow, dim: Dimension): string {
  if (dim === 'priority') return PRIORITY_NAMES[row.priority] ?? 'Debug';
  return row[dim];
}

/** The counters a batch adds to, summed (an empty namespace/pod/image is not counted). */
export function rollupRows(rows: readonly AlertRow[]): RollupRow[] {
  const sums = new Map<string, RollupRow>();
  for (const row of rows) {
    const ms = Math.floor(row.timeUs / 1000);
    for (const grain of [HOUR_MS, DAY_MS]) {
      const bucket = ms - (((ms % grain) + grain) % grain);
      for (const dim of DIMENSIONS) {
        const value = dimensionValue(row, dim);
        if (value === '' && (dim === 'namespace' || dim === 'pod' || dim === 'image')) continue;
        const key = `${grain}\u0000${bucket}\u0000${dim}\u0000${value}`;
        const r = sums.get(key);
        if (r) r.n += row.count;
        else sums.set(key, { grain, bucket, dim, value, n: row.count });
      }
    }
  }
  return [...sums.values()];
}

/** The counters' grain for a bucket width, or undefined when buckets are under an hour (count the alerts). */
export function grainFor(bucketMs: number): number | undefined {
  if (bucketMs % DAY_MS === 0) return DAY_MS;
  if (bucketMs % HOUR_MS === 0) return HOUR_MS;
  return undefined;
}
