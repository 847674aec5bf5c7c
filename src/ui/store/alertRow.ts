// What both backends derive from an alert before storing it: the filter columns, the text the
// free-text search covers, and its time in microseconds.

import type { OutputFieldValue, RouterAlert } from '../../router/alert.js';
import { priorityRank } from '../../router/priority.js';
import { searchFold } from './searchFold.js';

export interface AlertRow {
  uuid: string;
  timeUs: number;
  priority: number;
  rule: string;
  source: string;
  hostname: string;
  namespace: string;
  pod: string;
  image: string;
  /** The output and every output field as `name=value` lines, folded (searchFold): what free text searches. */
  searchText: string;
  /** The alert as JSON, returned unchanged. */
  raw: string;
  count: number;
}

const FRACTION = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i;

/** RFC 3339 (any number of fraction digits) → microseconds since the epoch; NaN when it is not one. */
export function timeToMicros(time: string): number {
  const m = FRACTION.exec(time);
  if (m === null) return NaN;
  const seconds = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(seconds)) return NaN;
  const micros = Number(((m[2] ?? '') + '000000').slice(0, 6));
  return seconds * 1000 + micros;
}

function firstText(fields: Readonly<Record<string, OutputFieldValue>>, names: readonly string[]): string {
  for (const n of names) {
    const v = fields[n];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return '';
}

export function fieldText(v: OutputFieldValue): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

/** The text free-text search covers: the output and every output field as `name=value` lines, folded. */
export function searchTextOf(alert: RouterAlert): string {
  let text = alert.output;
  for (const [k, v] of Object.entries(alert.output_fields)) text += `\n${k}=${fieldText(v)}`;
  return searchFold(text);
}

export function alertRow(alert: RouterAlert, count: number, receivedMs: number): AlertRow {
  const f = alert.output_fields;
  let timeUs = timeToMicros(alert.time);
  // the router validated the time; an alert from elsewhere without one is dated by its receipt
  if (Number.isNaN(timeUs)) timeUs = receivedMs * 1000;
  return {
    uuid: alert.uuid,
    timeUs,
    priority: priorityRank(alert.priority) ?? 7,
    rule: alert.rule,
    source: alert.source,
    hostname: alert.hostname,
    namespace: firstText(f, ['k8s.ns.name', 'ka.target.namespace']),
    pod: firstText(f, ['k8s.pod.name']),
    image: firstText(f, ['container.image.repository', 'container.image']),
    searchText: searchTextOf(alert),
    raw: JSON.stringify(alert),
    count,
  };
}
