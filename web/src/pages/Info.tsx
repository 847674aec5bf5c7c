// The router's destinations (health, queue depth, errors) and the versions of everything.

import { useCallback, useEffect, useState } from 'react';
import { get } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { Visible } from '../components/Visible';
import { formatAge, formatBytes, formatCount } from '../format';
import type { RouterDestination, RouterStatus, Versions } from '../types';

function health(d: RouterDestination): [string, string] {
  if (d.deadLettered > 0 && d.queueDepth > 0) return ['failing', 'bad'];
  if (d.queueDepth > 0 && d.oldestAgeSeconds > 60) return ['backlog', 'warn'];
  if (d.sendFailures > 0 || d.deadLettered > 0) return ['errors seen', 'warn'];
  return ['healthy', 'good'];
}

export function Info() {
  const [router, setRouter] = useState<RouterStatus | null>(null);
  const [versions, setVersions] = useState<Versions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [r, v] = await Promise.all([get<RouterStatus>('/router'), get<Versions>('/versions')]);
      setRouter(r);
      setVersions(v);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 15_000);
    return () => clearInterval(t);
  }, [load]);

  return (
    <main className="info">
      <header className="pagehead">
        <h1>Info</h1>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </header>
      <ErrorNote error={error} />
      <section aria-label="Router">
        <h2>Router</h2>
        {router && !router.configured && (
          <p className="muted">
            No router is configured: start <code>kestrel ui</code> with <code>--router-url</code>.
          </p>
        )}
        {router?.configured && (
          <>
            <p data-testid="router-state">
              <code>{router.url}</code>:{' '}
              {router.reachable ? (
                <span className="state good">reachable</span>
              ) : (
                <span className="state bad">
                  unreachable — <Visible text={router.error ?? ''} />
                </span>
              )}
              {router.alertsIn &&
                ` · ${formatCount(router.alertsIn.accepted)} alerts accepted, ${formatCount(router.alertsIn.rejected)} rejected`}
            </p>
            <table className="list">
              <thead>
                <tr>
                  <th>Destination</th>
                  <th>Health</th>
                  <th className="num">Queue</th>
                  <th className="num">Oldest</th>
                  <th className="num">Delivered</th>
                  <th className="num">Failures</th>
                  <th className="num">Retries</th>
                  <th className="num">Dead letters</th>
                  <th className="num">Filtered</th>
                  <th className="num">Deduplicated</th>
                </tr>
              </thead>
              <tbody>
                {(router.destinations ?? []).map((d) => {
                  const [label, cls] = health(d);
                  return (
                    <tr key={d.name}>
                      <td>
                        <Visible text={d.name} />
                      </td>
                      <td>
                        <span className={`state ${cls}`}>{label}</span>
                      </td>
                      <td className="num">{formatCount(d.queueDepth)}</td>
                      <td className="num">{d.queueDepth > 0 ? formatAge(d.oldestAgeSeconds) : '—'}</td>
                      <td className="num">{formatCount(d.delivered)}</td>
                      <td className="num">{formatCount(d.sendFailures)}</td>
                      <td className="num">{formatCount(d.retries)}</td>
                      <td className="num">{formatCount(d.deadLettered)}</td>
                      <td className="num">{formatCount(d.filtered)}</td>
                      <td className="num">{formatCount(d.deduplicated)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section aria-label="Versions">
        <h2>Versions</h2>
        {versions && (
          <dl className="facts">
            <dt>Kestrel</dt>
            <dd>{versions.kestrel}</dd>
            <dt>Rules engine</dt>
            <dd>{versions.engine}</dd>
            <dt>Node.js</dt>
            <dd>{versions.node}</dd>
            <dt>API</dt>
            <dd>{versions.api}</dd>
            <dt>Store</dt>
            <dd>
              {versions.store.kind} {versions.store.version} · {formatCount(versions.store.alerts)} alerts ·{' '}
              {formatBytes(versions.store.bytes)}
            </dd>
          </dl>
        )}
      </section>
    </main>
  );
}
