// One Falco alert as an Alertmanager API alert: Falcosidekick's labels (output fields with
// label-safe names, rule, priority, severity, tags...) and annotations (info, description,
// summary), plus Falco's syscall-drop alerts re-prioritised by how many events were dropped.

import type { RouterAlert } from '../alert.js';
import { PRIORITY_NAMES, canonicalPriority, priorityRank } from '../priority.js';

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
}

/** A drop count above `value` raises the alert to `rank` (0 = Emergency ... 7 = Debug). */
export interface DropThreshold {
  readonly value: number;
  readonly rank: number;
}

export interface AlertmanagerShape {
  readonly expiresAfterMs: number;
  readonly extraLabels: Readonly<Record<string, string>>;
  readonly extraAnnotations: Readonly<Record<string, string>>;
  /** Priority rank → severity label; covers all eight ranks. */
  readonly severityByRank: readonly string[];
  /** Sorted by value, largest first. */
  readonly dropThresholds: readonly DropThreshold[];
  readonly dropDefaultRank: number;
}

/** Falcosidekick's default priority → severity mapping, by rank (Emergency first). */
export const DEFAULT_SEVERITIES: readonly string[] = [
  'critical',
  'critical',
  'critical',
  'warning',
  'warning',
  'information',
  'information',
  'information',
];

const WARNING_RANK = 4;

/** Alertmanager label names are [a-zA-Z_][a-zA-Z0-9_]*: `proc.aname[2]` becomes `proc_aname_2`. */
export function labelName(field: string): string {
  const safe = field
    .replace(/[^a-zA-Z0-9_]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(safe) ? `_${safe}` : safe;
}

export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function dropCount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** The time `ms` after an RFC 3339 time, or undefined when the time does not parse. */
function addMs(time: string, ms: number): string | undefined {
  const t = Date.parse(time);
  return Number.isNaN(t) ? undefined : new Date(t + ms).toISOString();
}

export function alertmanagerAlert(alert: RouterAlert, count: number, shape: AlertmanagerShape): AlertmanagerAlert {
  const labels: Record<string, string> = {};
  let rank = priorityRank(alert.priority) ?? PRIORITY_NAMES.length - 1;
  for (const [field, value] of Object.entries(alert.output_fields)) {
    // Delta event counts of Falco's drop alerts would make every alert a new label set.
    if (field.startsWith('n_evts')) continue;
    const name = labelName(field);
    if (name === '') continue;
    if (field.startsWith('n_drop')) {
      const dropped = dropCount(value);
      if (dropped === undefined) continue;
      let bucket: string;
      if (dropped === 0) {
        bucket = '0';
        rank = Math.min(rank, WARNING_RANK);
      } else {
        const hit = shape.dropThresholds.find((t) => dropped > t.value);
        bucket = hit ? `>${hit.value}` : String(dropped);
        rank = Math.min(rank, hit ? hit.rank : shape.dropDefaultRank);
      }
      labels[name] = bucket;
      continue;
    }
    if (typeof value === 'string') labels[name] = value;
    else if (typeof value === 'number') labels[name] = String(value);
  }
  labels.source = 'falco';
  labels.rule = alert.rule;
  labels.alertname = alert.rule;
  labels.eventsource = alert.source;
  if (alert.hostname !== '') labels.hostname = alert.hostname;
  if (alert.tags.length > 0) labels.tags = [...alert.tags].sort().join(',');
  labels.priority = PRIORITY_NAMES[rank] ?? canonicalPriority(alert.priority) ?? alert.priority;
  labels.severity = shape.severityByRank[rank] ?? DEFAULT_SEVERITIES[rank];
  Object.assign(labels, shape.extraLabels);

  const annotations: Record<string, string> = {
    info: alert.output,
    description: alert.output,
    summary: alert.rule,
  };
  if (count > 1) annotations.count = String(count);
  Object.assign(annotations, shape.extraAnnotations);

  const out: AlertmanagerAlert = { labels, annotations };
  const startsAt = addMs(alert.time, 0);
  if (startsAt) out.startsAt = startsAt;
  if (shape.expiresAfterMs > 0) {
    const endsAt = addMs(alert.time, shape.expiresAfterMs);
    if (endsAt) out.endsAt = endsAt;
  }
  return out;
}
