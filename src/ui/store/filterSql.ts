// Builds the WHERE clause and keyset condition both backends run: the same SQL apart from the
// placeholders and the free-text search, which each backend supplies.

import { searchFold } from './searchFold.js';
import type { AlertFilter, ListRequest, PageCursor } from './types.js';

export interface SqlDialect {
  /** The placeholder for the next parameter (`?` or `$n`). */
  placeholder(index: number): string;
  /** Conditions that every one of `words` (folded by searchFold) is a substring of the alert's searched text. */
  wordsConditions(words: readonly string[], param: (v: unknown) => string): string[];
}

export class SqlParams {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}

  add(v: unknown): string {
    this.values.push(v);
    return this.dialect.placeholder(this.values.length);
  }

  list(vs: readonly unknown[]): string {
    return vs.map((v) => this.add(v)).join(', ');
  }
}

/** Stored `severity` is 7 - Falco's rank, so that more severe sorts higher in every index. */
export const severityOf = (rank: number): number => 7 - rank;
export const rankOf = (severity: number): number => 7 - severity;

const COLUMNS = {
  rules: 'rule',
  sources: 'source',
  hostnames: 'hostname',
  namespaces: 'namespace',
  pods: 'pod',
  images: 'image',
} as const;

export function whereClause(filter: AlertFilter, p: SqlParams, dialect: SqlDialect): string[] {
  const where: string[] = [];
  if (filter.fromUs !== undefined) where.push(`time_us >= ${p.add(filter.fromUs)}`);
  if (filter.toUs !== undefined) where.push(`time_us < ${p.add(filter.toUs)}`);
  if (filter.priorities && filter.priorities.length > 0)
    where.push(`severity IN (${p.list(filter.priorities.map(severityOf))})`);
  for (const [key, col] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    const vs = filter[key];
    if (vs && vs.length > 0) where.push(`${col} IN (${p.list(vs)})`);
  }
  if (filter.acknowledged === true) where.push('acked_at IS NOT NULL');
  if (filter.acknowledged === false) where.push('acked_at IS NULL');
  const muted = filter.muted ?? 'exclude';
  if (muted === 'exclude') where.push('muted_by IS NULL');
  if (muted === 'only') where.push('muted_by IS NOT NULL');
  const words = (filter.words ?? []).map(searchFold).filter((w) => w !== '');
  if (words.length > 0) where.push(...dialect.wordsConditions(words, (v) => p.add(v)));
  return where;
}

/** ORDER BY columns of a sort; every column runs the same way so one index scan serves it. */
export function sortColumns(req: Pick<ListRequest, 'sort'>): string[] {
  return req.sort === 'priority' ? ['severity', 'time_us', 'seq'] : ['time_us', 'seq'];
}

export function keysetCondition(req: ListRequest, p: SqlParams): string | undefined {
  if (req.cursor === undefined) return undefined;
  const cols = sortColumns(req);
  const c = req.cursor;
  const values = req.sort === 'priority' ? [severityOf(c.priority ?? 7), c.timeUs, c.seq] : [c.timeUs, c.seq];
  const op = req.order === 'desc' ? '<' : '>';
  return `(${cols.join(', ')}) ${op} (${p.list(values)})`;
}

export function listSql(table: string, columns: string, req: ListRequest, dialect: SqlDialect): [string, unknown[]] {
  const p = new SqlParams(dialect);
  const where = whereClause(req.filter, p, dialect);
  const keyset = keysetCondition(req, p);
  if (keyset) where.push(keyset);
  const dir = req.order === 'desc' ? 'DESC' : 'ASC';
  const order = sortColumns(req)
    .map((c) => `${c} ${dir}`)
    .join(', ');
  const sql = `SELECT ${columns} FROM ${table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${p.add(req.limit + 1)}`;
  return [sql, p.values];
}

export function cursorOf(row: { severity: number; time_us: number; seq: number }): PageCursor {
  return { priority: rankOf(row.severity), timeUs: row.time_us, seq: row.seq };
}
