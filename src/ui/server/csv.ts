// CSV (RFC 4180) of exported alerts: a field holding a comma, quote, CR or LF is quoted, quotes
// doubled. Values are written exactly as stored: the file is data, not something this server
// interprets.

import type { alertJson } from './context.js';

const COLUMNS = [
  'id',
  'time',
  'priority',
  'rule',
  'source',
  'hostname',
  'tags',
  'output',
  'output_fields',
  'count',
  'acknowledged_at',
] as const;

export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export const csvHeader = (): string => `${COLUMNS.join(',')}\r\n`;

export function csvRow(a: ReturnType<typeof alertJson>): string {
  const cells: Record<(typeof COLUMNS)[number], string> = {
    id: a.id,
    time: a.time,
    priority: a.priority,
    rule: a.rule,
    source: a.source,
    hostname: a.hostname,
    tags: a.tags.join(','),
    output: a.output,
    output_fields: JSON.stringify(a.output_fields),
    count: String(a.count),
    acknowledged_at: a.acknowledged_at ?? '',
  };
  return `${COLUMNS.map((c) => csvField(cells[c])).join(',')}\r\n`;
}
