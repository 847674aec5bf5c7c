// CSV (RFC 4180) of exported alerts: a field holding a comma, quote, CR or LF is quoted, quotes
// doubled. Alert fields are attacker-controlled (a process can be named `=HYPERLINK(...)`), and a
// spreadsheet reads a cell starting with = + - @ TAB or CR as a formula; so by default such a
// cell gets a leading `'` (OWASP's advice), which spreadsheets take as "this is text".
// `raw` writes every value exactly, for programs that read the file as data.

import type { alertJson } from './context.js';

export type CsvFormulas = 'guard' | 'raw';
export const CSV_FORMULAS: readonly CsvFormulas[] = ['guard', 'raw'];

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

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** A text cell as written in `guard` mode: a leading `'` when a spreadsheet would see a formula. */
export function guardFormula(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}

export const csvHeader = (): string => `${COLUMNS.join(',')}\r\n`;

export function csvRow(a: ReturnType<typeof alertJson>, formulas: CsvFormulas = 'guard'): string {
  const text = formulas === 'guard' ? guardFormula : (v: string) => v;
  const cells: Record<(typeof COLUMNS)[number], string> = {
    id: text(a.id),
    time: text(a.time),
    priority: text(a.priority),
    rule: text(a.rule),
    source: text(a.source),
    hostname: text(a.hostname),
    tags: text(a.tags.join(',')),
    output: text(a.output),
    output_fields: text(JSON.stringify(a.output_fields)),
    // these two are ours, not the alert's (a count is never negative): never prefixed
    count: String(a.count),
    acknowledged_at: a.acknowledged_at ?? '',
  };
  return `${COLUMNS.map((c) => csvField(cells[c])).join(',')}\r\n`;
}
