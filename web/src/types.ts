// The JSON the API answers (see /api/v1/openapi.json).

// the server's own list (a plain module, bundled into the pages as well)
export { PRIORITY_NAMES as PRIORITIES } from '../../src/router/priority';

export type FieldValue = string | number | boolean | null | FieldValue[] | { [k: string]: FieldValue };

export interface Alert {
  id: string;
  time: string;
  priority: string;
  rule: string;
  source: string;
  hostname: string;
  tags: string[];
  output: string;
  output_fields: Record<string, FieldValue>;
  count: number;
  acknowledged_at: string | null;
  muted_by: number | null;
}

export interface AlertPage {
  alerts: Alert[];
  next: string | null;
}

export interface AlertDetail {
  alert: Alert;
  raw: unknown;
}

export interface CountRow {
  value: string;
  count: number;
}

export interface SeriesPoint {
  t: number;
  value: string;
  count: number;
}

export interface Dashboard {
  from: string;
  to: string;
  window: string;
  bucket: string;
  bucketMs: number;
  total: number;
  byPriority: CountRow[];
  series: Record<'priority' | 'rule' | 'source' | 'hostname', SeriesPoint[]>;
  top: Record<'rule' | 'namespace' | 'pod' | 'image', CountRow[]>;
}

export interface Mute {
  id: number;
  rule: string;
  fields: Record<string, string>;
  comment: string;
  created_at: string;
}

export interface ExceptionResult {
  rule: string;
  name: string;
  yaml: string;
  file: string;
  written: boolean;
}

// what GET /api/v1/router answers, as the server declares it
export type { DestinationStatus as RouterDestination, RouterStatus } from '../../src/ui/server/routerStatus';

export interface Versions {
  kestrel: string;
  engine: string;
  node: string;
  api: string;
  store: { kind: string; version: string; alerts: number; bytes: number };
}
