// The most frequent values of one dimension, each a link to the alerts that have it.

import { Link } from '../router';
import { Visible } from './Visible';
import { formatCount } from '../format';
import type { CountRow } from '../types';

export function TopList(props: { title: string; rows: readonly CountRow[]; link: (value: string) => string }) {
  const max = props.rows.reduce((m, r) => Math.max(m, r.count), 0);
  return (
    <section className="toplist" aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.rows.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ol>
          {props.rows.map((r) => (
            <li key={r.value}>
              <Link to={props.link(r.value)} title={r.value}>
                {r.value === '' ? <em>(none)</em> : <Visible text={r.value} />}
              </Link>
              <meter min={0} max={max} value={r.count} />
              <span className="num">{formatCount(r.count)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
