// The alert list: filters, free-text search, sort, keyset paging through any number of rows,
// live updates as alerts arrive, bulk acknowledgement and export of the selection.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { get, post } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { FilterBar } from '../components/FilterBar';
import { Priority } from '../components/Priority';
import { Visible } from '../components/Visible';
import { alertsHref, readSelection, selectionParams, type Selection } from '../filters';
import { fieldText, formatCount, formatTime } from '../format';
import { Link, navigate, type Place } from '../router';
import { useAlertStream } from '../stream';
import type { Alert, AlertPage } from '../types';

const where = (a: Alert): string => {
  const f = a.output_fields;
  const ns = f['k8s.ns.name'] ?? f['ka.target.namespace'];
  const pod = f['k8s.pod.name'] ?? f['ka.target.name'];
  const parts = [ns, pod].filter((v) => v !== undefined && v !== null && v !== '').map(fieldText);
  return parts.join(' / ');
};

export function Alerts({ place, onLoggedOut }: { place: Place; onLoggedOut: () => void }) {
  const selection = useMemo(() => readSelection(place.query), [place.query]);
  const query = selectionParams(selection).toString();
  const [cursors, setCursors] = useState<string[]>([]); // cursors of the pages before this one's
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [page, setPage] = useState<AlertPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [live, setLive] = useState(true);
  const [waiting, setWaiting] = useState(0); // new alerts while not on the first page
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const shown = useRef<Set<string>>(new Set());
  // paging and live refreshes may overlap: only the newest request's answer is shown, and the
  // paging buttons wait for it
  const latestRequest = useRef(0);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (at: string | undefined, markFresh: boolean) => {
      const request = ++latestRequest.current;
      setBusy(true);
      try {
        const q = new URLSearchParams(query);
        if (at) q.set('cursor', at);
        const qs = q.toString();
        const p = await get<AlertPage>(qs ? `/alerts?${qs}` : '/alerts');
        if (request !== latestRequest.current) return;
        if (markFresh) setFresh(new Set(p.alerts.map((a) => a.id).filter((id) => !shown.current.has(id))));
        else setFresh(new Set());
        shown.current = new Set(p.alerts.map((a) => a.id));
        setPage(p);
        setError(null);
      } catch (e) {
        if (request === latestRequest.current) setError((e as Error).message);
      } finally {
        if (request === latestRequest.current) setBusy(false);
      }
    },
    [query],
  );

  // a new selection starts at its first page
  useEffect(() => {
    setCursors([]);
    setCursor(undefined);
    setChecked(new Set());
    setWaiting(0);
    void load(undefined, false);
  }, [load]);

  const firstPage = cursor === undefined;
  // newest-first lists grow at the top; other orders only change as a whole
  const growsAtTop = selection.order === 'desc' && selection.sort === 'time';
  useAlertStream(
    live,
    () => {
      if (firstPage && (growsAtTop || selection.sort === 'priority')) void load(undefined, true);
      else setWaiting((n) => n + 1);
    },
    onLoggedOut,
  );

  const apply = (s: Selection) => navigate(alertsHref(s));
  // a column header sorts by it; a second click reverses the order
  const sortBy = (key: Selection['sort']) =>
    apply({
      ...selection,
      sort: key,
      order: selection.sort === key && selection.order === 'desc' ? 'asc' : 'desc',
    });
  const arrow = (key: Selection['sort']) => (selection.sort === key ? (selection.order === 'desc' ? ' ▼' : ' ▲') : '');
  const ariaSort = (key: Selection['sort']) =>
    selection.sort === key ? (selection.order === 'desc' ? 'descending' : 'ascending') : undefined;
  const older = () => {
    if (!page?.next) return;
    setCursors([...cursors, cursor ?? '']);
    setCursor(page.next);
    setChecked(new Set());
    void load(page.next, false);
  };
  const newer = () => {
    const prev = cursors[cursors.length - 1];
    const at = prev === '' ? undefined : prev;
    setCursors(cursors.slice(0, -1));
    setCursor(at);
    setChecked(new Set());
    void load(at, false);
  };
  const newest = () => {
    setCursors([]);
    setCursor(undefined);
    setWaiting(0);
    void load(undefined, false);
  };
  const acknowledge = async (acknowledged: boolean) => {
    try {
      const r = await post<{ updated: number }>('/alerts/ack', { ids: [...checked], acknowledged });
      setNotice(
        `${formatCount(r.updated)} alert${r.updated === 1 ? '' : 's'} ${acknowledged ? 'acknowledged' : 'no longer acknowledged'}.`,
      );
      setChecked(new Set());
      void load(cursor, false);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const toggle = (id: string) => {
    const next = new Set(checked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChecked(next);
  };
  const all = page?.alerts ?? [];
  const exportQuery = selectionParams(selection, true);
  const exportHref = (format: 'jsonl' | 'csv') => {
    const q = new URLSearchParams(exportQuery);
    q.set('format', format);
    return `/api/v1/alerts/export?${q}`;
  };

  return (
    <main className="alerts">
      <header className="pagehead">
        <h1>Alerts</h1>
        <label className="check">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
          Live
        </label>
        <span className="grow" />
        <a className="button secondary" href={exportHref('jsonl')} download="kestrel-alerts.jsonl">
          Export JSON lines
        </a>
        <a className="button secondary" href={exportHref('csv')} download="kestrel-alerts.csv">
          Export CSV
        </a>
      </header>
      <FilterBar selection={selection} onApply={apply} />
      <ErrorNote error={error} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {waiting > 0 && (
        <p className="notice" role="status">
          New alerts arrived.{' '}
          <button type="button" className="link" onClick={newest}>
            Show the newest
          </button>
        </p>
      )}
      <div className="toolbar">
        <button type="button" disabled={checked.size === 0} onClick={() => void acknowledge(true)}>
          Acknowledge {checked.size > 0 ? checked.size : ''}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={checked.size === 0}
          onClick={() => void acknowledge(false)}
        >
          Clear acknowledgement
        </button>
        <span className="grow" />
        <span className="muted" data-testid="page-info">
          page {cursors.length + 1}
          {busy ? ', loading…' : page ? `, ${all.length} row${all.length === 1 ? '' : 's'}` : ''}
        </span>
        <button type="button" className="secondary" disabled={busy || cursors.length === 0} onClick={newer}>
          ‹ Newer
        </button>
        <button type="button" className="secondary" disabled={busy || !page?.next} onClick={older}>
          Older ›
        </button>
      </div>
      <table className="alert-table">
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label="select all on this page"
                checked={all.length > 0 && all.every((a) => checked.has(a.id))}
                onChange={(e) => setChecked(e.target.checked ? new Set(all.map((a) => a.id)) : new Set())}
              />
            </th>
            <th aria-sort={ariaSort('time')}>
              <button type="button" className="sort" onClick={() => sortBy('time')}>
                Time{arrow('time')}
              </button>
            </th>
            <th aria-sort={ariaSort('priority')}>
              <button type="button" className="sort" onClick={() => sortBy('priority')}>
                Priority{arrow('priority')}
              </button>
            </th>
            <th>Rule</th>
            <th>Source</th>
            <th>Hostname</th>
            <th>Namespace / pod</th>
            <th>Output</th>
          </tr>
        </thead>
        <tbody>
          {all.map((a) => (
            <tr
              key={a.id}
              className={[
                fresh.has(a.id) ? 'fresh' : '',
                a.acknowledged_at ? 'acked' : '',
                a.muted_by !== null ? 'muted-row' : '',
              ]
                .join(' ')
                .trim()}
              data-id={a.id}
            >
              <td>
                <input
                  type="checkbox"
                  aria-label={`select ${a.id}`}
                  checked={checked.has(a.id)}
                  onChange={() => toggle(a.id)}
                />
              </td>
              <td className="time">
                <Link to={`/alerts/${encodeURIComponent(a.id)}`}>{formatTime(a.time)}</Link>
                {a.count > 1 && (
                  <span className="badge" title="identical alerts folded into this one">
                    ×{a.count}
                  </span>
                )}
              </td>
              <td>
                <Priority value={a.priority} />
              </td>
              <td className="rule">
                <Visible text={a.rule} />
              </td>
              <td>
                <Visible text={a.source} />
              </td>
              <td>
                <Visible text={a.hostname} />
              </td>
              <td>
                <Visible text={where(a)} />
              </td>
              <td className="output">
                <Link to={`/alerts/${encodeURIComponent(a.id)}`} className="plain">
                  <Visible text={a.output} />
                </Link>
                {a.acknowledged_at && <span className="badge">acknowledged</span>}
                {a.muted_by !== null && <span className="badge">muted</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && all.length === 0 && <p className="empty-list">No alerts match.</p>}
    </main>
  );
}
