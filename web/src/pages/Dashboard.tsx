// Counts by priority, charts over time by priority, rule, source and hostname, and the top rules,
// namespaces, pods and images over a window of 5 minutes to 30 days, refreshed on a timer.

import { useCallback, useEffect, useState } from 'react';
import { get } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { priorityClass } from '../components/Priority';
import { StackedChart } from '../components/StackedChart';
import { TopList } from '../components/TopList';
import { formatCount, formatTime } from '../format';
import { Link, href, navigate, type Place } from '../router';
import { type Dashboard as DashboardData, PRIORITIES } from '../types';

const WINDOWS = ['5m', '15m', '1h', '6h', '24h', '7d', '30d'] as const;
const REFRESH = [
  ['0', 'off'],
  ['10', '10 s'],
  ['30', '30 s'],
  ['60', '1 min'],
] as const;

export function Dashboard({ place }: { place: Place }) {
  const window = WINDOWS.find((w) => w === place.query.get('window')) ?? '1h';
  const refresh = REFRESH.find(([s]) => s === place.query.get('refresh'))?.[0] ?? '30';
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await get<DashboardData>(`/dashboard?window=${window}&top=10`));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [window]);

  useEffect(() => {
    void load();
    if (refresh === '0') return;
    const t = setInterval(() => void load(), Number(refresh) * 1000);
    return () => clearInterval(t);
  }, [load, refresh]);

  const set = (k: string, v: string) => navigate(href('/', { window, refresh, [k]: v }), true);
  // the dashboard counts muted alerts too: its links show them, so the numbers agree
  const alerts = (extra: Record<string, string>) => href('/alerts', { window, muted: 'include', ...extra });
  const count = (p: string) => data?.byPriority.find((r) => r.value === p)?.count ?? 0;

  return (
    <main className="dashboard">
      <header className="pagehead">
        <h1>Dashboard</h1>
        <label>
          Window
          <select aria-label="Window" value={window} onChange={(e) => set('window', e.target.value)}>
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                last {w}
              </option>
            ))}
          </select>
        </label>
        <label>
          Auto-refresh
          <select aria-label="Auto-refresh" value={refresh} onChange={(e) => set('refresh', e.target.value)}>
            {REFRESH.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
        {data && (
          <span className="muted">
            {formatTime(data.from)} – {formatTime(data.to)}, bars of {data.bucket}; muted and acknowledged alerts are
            counted
          </span>
        )}
      </header>
      <ErrorNote error={error} />
      {data && (
        <>
          <section className="counts" aria-label="Alerts by priority">
            <Link to={alerts({})} className="count total">
              <span className="num" data-testid="total">
                {formatCount(data.total)}
              </span>
              <span>alerts</span>
            </Link>
            {PRIORITIES.map((p) => (
              <Link key={p} to={alerts({ priority: p })} className={`count ${count(p) ? '' : 'zero'}`}>
                <span className="num">{formatCount(count(p))}</span>
                <span className={priorityClass(p)}>{p}</span>
              </Link>
            ))}
          </section>
          <section className="charts">
            {(
              [
                ['priority', 'By priority'],
                ['rule', 'By rule'],
                ['source', 'By source'],
                ['hostname', 'By hostname'],
              ] as const
            ).map(([k, title]) => (
              <StackedChart
                key={k}
                title={title}
                points={data.series[k]}
                fromMs={Date.parse(data.from)}
                toMs={Date.parse(data.to)}
                bucketMs={data.bucketMs}
                byPriority={k === 'priority'}
              />
            ))}
          </section>
          <section className="tops">
            <TopList title="Top rules" rows={data.top.rule} link={(v) => alerts({ rule: v })} />
            <TopList title="Top namespaces" rows={data.top.namespace} link={(v) => alerts({ namespace: v })} />
            <TopList title="Top pods" rows={data.top.pod} link={(v) => alerts({ pod: v })} />
            <TopList title="Top images" rows={data.top.image} link={(v) => alerts({ image: v })} />
          </section>
        </>
      )}
    </main>
  );
}
