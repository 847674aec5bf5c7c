// Alerts over time as stacked bars, one colour per value (priority, rule, source or hostname).
// The largest values keep their own colour; the rest are summed as "other" so the chart stays
// readable with hundreds of rules.

import { OTHER_COLOR, PRIORITY_COLORS, paletteColor } from './colors';
import { Swatch } from './Swatch';
import { Visible } from './Visible';
import type { SeriesPoint } from '../types';
import { PRIORITIES } from '../types';
import { formatCount } from '../format';

const W = 640;
const H = 180;
const LEFT = 44;
const BOTTOM = 22;
const TOP = 8;
const MAX_VALUES = 8;

interface Props {
  title: string;
  points: readonly SeriesPoint[];
  fromMs: number;
  toMs: number;
  bucketMs: number;
  byPriority?: boolean;
}

function tickLabel(t: number, bucketMs: number): string {
  const d = new Date(t);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return bucketMs >= 86_400_000
    ? `${d.getMonth() + 1}/${d.getDate()}`
    : bucketMs >= 3_600_000
      ? `${d.getDate()}. ${hm}`
      : hm;
}

export function StackedChart({ title, points, fromMs, toMs, bucketMs, byPriority }: Props) {
  const totals = new Map<string, number>();
  for (const p of points) totals.set(p.value, (totals.get(p.value) ?? 0) + p.count);
  const ranked = byPriority
    ? PRIORITIES.filter((p) => totals.has(p))
    : [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || (a < b ? -1 : 1));
  const kept = ranked.slice(0, MAX_VALUES);
  const hasOther = ranked.length > kept.length;
  const keys = hasOther ? [...kept, '\u0000other'] : kept;
  const color = (k: string, i: number) =>
    k === '\u0000other' ? OTHER_COLOR : byPriority ? (PRIORITY_COLORS[k] ?? OTHER_COLOR) : paletteColor(i);

  const first = Math.floor(fromMs / bucketMs) * bucketMs;
  const buckets: number[] = [];
  for (let t = first; t < toMs; t += bucketMs) buckets.push(t);
  const cell = new Map<number, Map<string, number>>();
  for (const p of points) {
    const k = kept.includes(p.value) ? p.value : '\u0000other';
    const m = cell.get(p.t) ?? new Map<string, number>();
    m.set(k, (m.get(k) ?? 0) + p.count);
    cell.set(p.t, m);
  }
  let max = 0;
  for (const m of cell.values())
    max = Math.max(
      max,
      [...m.values()].reduce((a, b) => a + b, 0),
    );
  const plotW = W - LEFT - 4;
  const plotH = H - TOP - BOTTOM;
  const bw = plotW / Math.max(buckets.length, 1);
  const y = (v: number) => (max === 0 ? 0 : (v / max) * plotH);
  const tickEvery = Math.max(1, Math.ceil(buckets.length / 6));

  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${formatCount(max)} at most per bar`}>
        <line x1={LEFT} y1={TOP + plotH} x2={W - 4} y2={TOP + plotH} className="axis" />
        <text x={LEFT - 6} y={TOP + 8} className="tick" textAnchor="end">
          {formatCount(max)}
        </text>
        <text x={LEFT - 6} y={TOP + plotH} className="tick" textAnchor="end">
          0
        </text>
        {buckets.map((t, i) => {
          const m = cell.get(t);
          let base = TOP + plotH;
          return (
            <g key={t}>
              {m &&
                keys.map((k, ki) => {
                  const v = m.get(k);
                  if (!v) return null;
                  const h = y(v);
                  base -= h;
                  return (
                    <rect
                      key={k}
                      x={LEFT + i * bw + 0.5}
                      y={base}
                      width={Math.max(bw - 1, 0.5)}
                      height={h}
                      fill={color(k, ki)}
                    >
                      <title>{`${k === '\u0000other' ? 'other' : k}: ${formatCount(v)} (${new Date(t).toLocaleString()})`}</title>
                    </rect>
                  );
                })}
              {i % tickEvery === 0 && (
                <text x={LEFT + i * bw} y={H - 6} className="tick">
                  {tickLabel(t, bucketMs)}
                </text>
              )}
            </g>
          );
        })}
        {max === 0 && (
          <text x={LEFT + plotW / 2} y={TOP + plotH / 2} className="empty" textAnchor="middle">
            no alerts in this window
          </text>
        )}
      </svg>
      {keys.length > 0 && (
        <ul className="legend">
          {keys.map((k, i) => (
            <li key={k}>
              <Swatch color={color(k, i)} />
              {k === '\u0000other' ? <em>other</em> : <Visible text={k} />}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
