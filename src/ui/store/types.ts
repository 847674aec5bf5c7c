// The alert store behind `kestrel ui`: what it keeps, the questions the API asks it, and the
// interface both backends (SQLite, PostgreSQL) implement identically. The same database keeps the
// UI's login sessions (sessionTable.ts), so replicas sharing it share them.

import type { RouterAlert } from '../../router/alert.js';
import type { SessionTable } from './sessionTable.js';

/** An alert as stored: the router's alert plus the store's own state. */
export interface StoredAlert {
  readonly alert: RouterAlert;
  /** Identical alerts the router's dedup folded into this one. */
  readonly count: number;
  /** Microseconds since the epoch, from `alert.time`. */
  readonly timeUs: number;
  /** When it was acknowledged (ms since the epoch), or null. */
  readonly acknowledgedAt: number | null;
  /** The mute rule that matches it, or null. */
  readonly mutedBy: number | null;
}

/** Which alerts: every set filter must hold; a list holds when any of its values does. */
export interface AlertFilter {
  /** Inclusive lower bound, microseconds since the epoch. */
  fromUs?: number;
  /** Exclusive upper bound, microseconds since the epoch. */
  toUs?: number;
  /** Priority ranks (0 = Emergency ... 7 = Debug). */
  priorities?: readonly number[];
  rules?: readonly string[];
  sources?: readonly string[];
  hostnames?: readonly string[];
  namespaces?: readonly string[];
  pods?: readonly string[];
  images?: readonly string[];
  /** Words each of which must occur (case-insensitive substring) in the output or the output fields. */
  words?: readonly string[];
  acknowledged?: boolean;
  /** `exclude` (default): muted alerts are left out; `only`: only them; `include`: both. */
  muted?: 'exclude' | 'include' | 'only';
}

export type SortKey = 'time' | 'priority';

export interface ListRequest {
  filter: AlertFilter;
  /** `time`: newest first (or oldest with `asc`); `priority`: most severe first, then newest. */
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  /** From a previous page's `next`. */
  cursor?: PageCursor;
}

/** Where a page ended: the sort key of its last row and its sequence number. */
export interface PageCursor {
  readonly priority?: number;
  readonly timeUs: number;
  readonly seq: number;
}

export interface AlertPage {
  readonly alerts: readonly StoredAlert[];
  /** Cursor of the next page, or null at the end. */
  readonly next: PageCursor | null;
}

/** Dimensions the dashboard counts by. */
export const DIMENSIONS = ['priority', 'rule', 'source', 'hostname', 'namespace', 'pod', 'image'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface CountRow {
  /** The dimension's value; for `priority` its name. */
  readonly value: string;
  readonly count: number;
}

export interface SeriesPoint {
  /** Bucket start, ms since the epoch. */
  readonly t: number;
  readonly value: string;
  readonly count: number;
}

export interface AggregateRequest {
  fromUs: number;
  toUs: number;
  /** Bucket width in ms: a multiple of 60,000 (one minute). */
  bucketMs: number;
  /** How many values the `top` lists hold. */
  top: number;
}

export interface Aggregates {
  readonly total: number;
  readonly byPriority: readonly CountRow[];
  readonly series: Readonly<Record<'priority' | 'rule' | 'source' | 'hostname', readonly SeriesPoint[]>>;
  readonly top: Readonly<Record<'rule' | 'namespace' | 'pod' | 'image', readonly CountRow[]>>;
}

/** Mutes hide alerts of `rule` whose output fields equal every one of `fields`. */
export interface MuteRule {
  readonly id: number;
  readonly rule: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly comment: string;
  readonly createdAt: number;
}

export interface RetentionPolicy {
  /** Alerts older than this (ms) are deleted; 0 keeps them. */
  maxAgeMs: number;
  /** Most alerts kept (oldest deleted first); 0 is no limit. */
  maxRows: number;
  /** Bytes the store's data may use (SQLite: used pages; PostgreSQL: the tables and indexes); 0 is no limit. */
  maxBytes: number;
}

export interface RetentionResult {
  readonly deleted: number;
}

export interface AlertStore {
  /** `sqlite` or `postgres`, and the server's version. */
  readonly kind: 'sqlite' | 'postgres';
  /** The UI's login sessions. */
  readonly sessions: SessionTable;
  version(): Promise<string>;
  /** Stores a batch in one transaction; an alert whose uuid is already stored is skipped. */
  insert(batch: readonly { alert: RouterAlert; count: number }[]): Promise<number>;
  list(req: ListRequest): Promise<AlertPage>;
  get(uuid: string): Promise<StoredAlert | undefined>;
  aggregate(req: AggregateRequest): Promise<Aggregates>;
  /** Sets or clears the acknowledgement of these alerts; returns how many exist. */
  acknowledge(uuids: readonly string[], acknowledged: boolean): Promise<number>;
  addMute(rule: string, fields: Readonly<Record<string, string>>, comment: string): Promise<MuteRule>;
  listMutes(): Promise<MuteRule[]>;
  /** Removes a mute; false when there is none with this id. */
  removeMute(id: number): Promise<boolean>;
  /** The newest alert's sequence number (0 when empty): it grows with every stored alert. */
  latestSeq(): Promise<number>;
  /** Rows and bytes used now. */
  size(): Promise<{ rows: number; bytes: number }>;
  applyRetention(policy: RetentionPolicy, nowMs: number): Promise<RetentionResult>;
  close(): Promise<void>;
}
