// Folds identical alerts (same rule and output_fields) into one Delivery with a count. The key
// is the rule and the output fields with their keys sorted, so field order does not matter.

import type { Delivery } from '../destinations/destination.js';
import type { QueuedRecord } from '../queue/alertQueue.js';

export function dedupKey(record: QueuedRecord): string {
  const fields = record.alert.output_fields;
  const sorted = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return JSON.stringify([record.alert.rule, sorted]);
}

/** Groups records in order of first appearance; each group's Delivery is its first alert. */
export function foldIdentical(records: readonly QueuedRecord[]): Array<{ delivery: Delivery; first: QueuedRecord }> {
  const groups = new Map<string, { first: QueuedRecord; count: number }>();
  for (const r of records) {
    const key = dedupKey(r);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { first: r, count: 1 });
  }
  return [...groups.values()].map((g) => ({ delivery: { alert: g.first.alert, count: g.count }, first: g.first }));
}
