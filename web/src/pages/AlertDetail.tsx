// One alert: every output field, the raw JSON as received, and triage: acknowledge, mute alerts
// like it, or turn it into a Falco exception for its rule (previewed, then written).

import { useCallback, useEffect, useState } from 'react';
import { ApiError, get, post } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { Priority } from '../components/Priority';
import { Visible } from '../components/Visible';
import { fieldText, formatTime, isScalar } from '../format';
import { Link, href } from '../router';
import type { AlertDetail as Detail, ExceptionResult, Mute } from '../types';

// output fields the list can filter on exactly; others are searched for as a phrase
const FILTER_OF: Record<string, string> = {
  'k8s.ns.name': 'namespace',
  'ka.target.namespace': 'namespace',
  'k8s.pod.name': 'pod',
  'container.image.repository': 'image',
  'container.image': 'image',
};

function similarHref(rule: string, field: string, value: string): string | undefined {
  const filter = FILTER_OF[field];
  if (filter) return href('/alerts', { rule, [filter]: value, muted: 'include' });
  if (value.length < 3) return undefined; // the search needs 3 characters
  return href('/alerts', { rule, q: `"${value.replaceAll('"', ' ')}"`, muted: 'include' });
}

export function AlertDetail({ id }: { id: string }) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [comment, setComment] = useState('');
  const [preview, setPreview] = useState<ExceptionResult | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDetail(await get<Detail>(`/alerts/${encodeURIComponent(id)}`));
      setError(null);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 404
          ? `No alert ${id} (it may have been removed by retention).`
          : (e as Error).message,
      );
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  if (error)
    return (
      <main>
        <ErrorNote error={error} />
      </main>
    );
  if (!detail) return <main className="loading">Loading…</main>;
  const a = detail.alert;
  const fields = Object.keys(a.output_fields).sort();
  const chosen = [...picked];

  const run = async (what: () => Promise<void>) => {
    setActionError(null);
    setResult(null);
    try {
      await what();
    } catch (e) {
      setActionError((e as Error).message);
    }
  };
  const acknowledge = () =>
    run(async () => {
      await post('/alerts/ack', { ids: [a.id], acknowledged: a.acknowledged_at === null });
      setResult(a.acknowledged_at === null ? 'Acknowledged.' : 'Acknowledgement cleared.');
      await load();
    });
  const mute = () =>
    run(async () => {
      if (chosen.length === 0 && !window.confirm(`Hide every alert of “${a.rule}”?`)) return;
      const m = await post<Mute>('/mutes', { alert: a.id, fields: chosen, comment });
      setResult(`Mute ${m.id} created: alerts of “${m.rule}”${chosen.length ? ' with these values' : ''} are hidden.`);
      await load();
    });
  const exception = (dryRun: boolean) =>
    run(async () => {
      const r = await post<ExceptionResult>(`/alerts/${encodeURIComponent(a.id)}/exception`, {
        fields: chosen,
        comment,
        dryRun,
      });
      setPreview(r);
      if (r.written) setResult(`Exception ${r.name} appended to ${r.file}. Reload Kestrel's rules to apply it.`);
    });
  const togglePick = (f: string) => {
    const next = new Set(picked);
    if (next.has(f)) next.delete(f);
    else next.add(f);
    setPicked(next);
    setPreview(null);
  };

  return (
    <main className="detail">
      <p>
        <Link to="/alerts">‹ Alerts</Link>
      </p>
      <header className="pagehead">
        <Priority value={a.priority} />
        <h1>
          <Visible text={a.rule} />
        </h1>
      </header>
      <dl className="facts">
        <dt>Time</dt>
        <dd title={a.time}>{formatTime(a.time)}</dd>
        <dt>Source</dt>
        <dd>
          <Visible text={a.source} />
        </dd>
        <dt>Hostname</dt>
        <dd>
          <Visible text={a.hostname} />
        </dd>
        <dt>Tags</dt>
        <dd>
          {a.tags.length === 0
            ? '—'
            : a.tags.map((t) => (
                <span key={t} className="tag">
                  <Visible text={t} />
                </span>
              ))}
        </dd>
        <dt>Count</dt>
        <dd>{a.count}</dd>
        <dt>Status</dt>
        <dd data-testid="status">
          {a.acknowledged_at ? `acknowledged ${formatTime(a.acknowledged_at)}` : 'not acknowledged'}
          {a.muted_by !== null ? `, muted (mute ${a.muted_by})` : ''}
        </dd>
        <dt>Id</dt>
        <dd className="mono">{a.id}</dd>
      </dl>
      <section aria-label="Output">
        <h2>Output</h2>
        <pre className="output-text">
          <Visible text={a.output} />
        </pre>
      </section>
      <section aria-label="Output fields">
        <h2>Output fields</h2>
        <p className="muted">Tick fields to mute alerts like this one or to except them from the rule.</p>
        <table className="fields">
          <tbody>
            {fields.map((f) => {
              const v = a.output_fields[f];
              return (
                <tr key={f}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`use ${f}`}
                      disabled={!isScalar(v)}
                      title={isScalar(v) ? '' : 'a field with no single value cannot be compared'}
                      checked={picked.has(f)}
                      onChange={() => togglePick(f)}
                    />
                  </td>
                  <th scope="row" className="mono">
                    {f}
                  </th>
                  <td className="mono value">
                    <Visible text={fieldText(v)} />
                  </td>
                  <td>
                    {isScalar(v) && similarHref(a.rule, f, fieldText(v)) && (
                      <Link to={similarHref(a.rule, f, fieldText(v))!} className="small">
                        similar
                      </Link>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="triage" aria-label="Triage">
        <h2>Triage</h2>
        <label>
          Comment
          <input
            type="text"
            name="comment"
            maxLength={1000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </label>
        <div className="toolbar">
          <button type="button" onClick={() => void acknowledge()}>
            {a.acknowledged_at === null ? 'Acknowledge' : 'Clear acknowledgement'}
          </button>
          <button type="button" className="secondary" onClick={() => void mute()}>
            Mute {chosen.length ? `(${chosen.length} field${chosen.length === 1 ? '' : 's'})` : 'the whole rule'}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={chosen.length === 0}
            onClick={() => void exception(true)}
          >
            Preview exception
          </button>
          <button
            type="button"
            disabled={chosen.length === 0 || preview === null || preview.written}
            onClick={() => void exception(false)}
          >
            Write exception
          </button>
          <Link to={href('/alerts', { rule: a.rule })} className="button secondary">
            Alerts of this rule
          </Link>
        </div>
        <ErrorNote error={actionError} />
        {result && (
          <p className="notice" role="status">
            {result}
          </p>
        )}
        {preview && (
          <figure>
            <figcaption>
              {preview.written ? 'Written' : 'Preview'}: exception <code>{preview.name}</code> for{' '}
              <code>{preview.file}</code>
            </figcaption>
            <pre className="yaml" data-testid="exception-yaml">
              <Visible text={preview.yaml} />
            </pre>
          </figure>
        )}
      </section>
      <section aria-label="Raw JSON">
        <h2>Raw JSON</h2>
        <pre className="raw" data-testid="raw-json">
          <Visible text={JSON.stringify(detail.raw, null, 2)} />
        </pre>
      </section>
    </main>
  );
}
