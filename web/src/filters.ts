// The alert list's selection lives in the page address with the API's own parameter names, so a
// selection can be bookmarked or shared, and the same query string asks the API for the rows and
// the export for the file.

export const MULTI = ['rule', 'source', 'hostname', 'namespace', 'pod', 'image'] as const;
export type MultiKey = (typeof MULTI)[number];

export interface Selection {
  window: string;
  from: string;
  to: string;
  priority: string[];
  multi: Record<MultiKey, string[]>;
  q: string;
  acknowledged: '' | 'true' | 'false';
  muted: 'exclude' | 'include' | 'only';
  sort: 'time' | 'priority';
  order: 'desc' | 'asc';
  limit: string;
}

export const WINDOWS = ['', '5m', '15m', '1h', '6h', '24h', '7d', '30d'] as const;
export const PAGE_SIZES = ['25', '50', '100', '250'] as const;

export function readSelection(q: URLSearchParams): Selection {
  const pick = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const v = q.get(name) as T | null;
    return v !== null && allowed.includes(v) ? v : fallback;
  };
  const multi = {} as Record<MultiKey, string[]>;
  for (const k of MULTI) multi[k] = q.getAll(k);
  return {
    window: q.get('window') ?? '',
    from: q.get('from') ?? '',
    to: q.get('to') ?? '',
    priority: q
      .getAll('priority')
      .flatMap((p) => p.split(','))
      .filter((p) => p !== ''),
    multi,
    q: q.get('q') ?? '',
    acknowledged: pick('acknowledged', ['', 'true', 'false'], ''),
    muted: pick('muted', ['exclude', 'include', 'only'], 'exclude'),
    sort: pick('sort', ['time', 'priority'], 'time'),
    order: pick('order', ['desc', 'asc'], 'desc'),
    limit: pick('limit', PAGE_SIZES, '50'),
  };
}

/** The selection as query parameters (defaults left out); `forExport` drops the page size. */
export function selectionParams(s: Selection, forExport = false): URLSearchParams {
  const q = new URLSearchParams();
  if (s.from) q.set('from', s.from);
  else if (s.window) q.set('window', s.window);
  if (s.to) q.set('to', s.to);
  if (s.priority.length > 0) q.set('priority', s.priority.join(','));
  for (const k of MULTI) for (const v of s.multi[k]) q.append(k, v);
  if (s.q.trim()) q.set('q', s.q.trim());
  if (s.acknowledged) q.set('acknowledged', s.acknowledged);
  if (s.muted !== 'exclude') q.set('muted', s.muted);
  if (s.sort !== 'time') q.set('sort', s.sort);
  if (s.order !== 'desc') q.set('order', s.order);
  if (!forExport && s.limit !== '50') q.set('limit', s.limit);
  return q;
}

export function alertsHref(s: Selection): string {
  const q = selectionParams(s).toString();
  return q ? `/alerts?${q}` : '/alerts';
}

export const emptySelection = (): Selection => readSelection(new URLSearchParams());

/** `datetime-local` input value ⇄ RFC 3339 (the API's form), in the browser's time zone. */
export function localInputToIso(v: string): string {
  if (!v) return '';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

export function isoToLocalInput(iso: string): string {
  if (!iso) return '';
  const d = new Date(/^\d+$/.test(iso) ? Number(iso) : iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
