// Every filter of the alert list: time, priorities, rule/source/hostname/namespace/pod/image,
// free text, acknowledged and muted, and the sort. Changes apply when the form is submitted.

import { type FormEvent, useEffect, useState } from 'react';
import { ChipInput } from './ChipInput';
import {
  MULTI,
  type MultiKey,
  PAGE_SIZES,
  type Selection,
  WINDOWS,
  emptySelection,
  isoToLocalInput,
  localInputToIso,
} from '../filters';
import { PRIORITIES } from '../types';

const LABELS: Record<MultiKey, string> = {
  rule: 'Rule',
  source: 'Source',
  hostname: 'Hostname',
  namespace: 'Namespace',
  pod: 'Pod',
  image: 'Image',
};

export function FilterBar(props: {
  selection: Selection;
  onApply: (s: Selection) => void;
  suggestions?: Partial<Record<MultiKey, readonly string[]>>;
}) {
  const [s, setS] = useState(props.selection);
  useEffect(() => setS(props.selection), [props.selection]);
  const patch = (p: Partial<Selection>) => setS((old) => ({ ...old, ...p }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onApply(s);
  };
  const togglePriority = (p: string) =>
    patch({ priority: s.priority.includes(p) ? s.priority.filter((x) => x !== p) : [...s.priority, p] });

  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      <div className="row">
        <label className="grow">
          Search
          <input
            type="search"
            name="q"
            placeholder="words in the output or the output fields"
            value={s.q}
            onChange={(e) => patch({ q: e.target.value })}
          />
        </label>
        <label>
          Time
          <select
            aria-label="Time window"
            value={s.from ? 'custom' : s.window}
            onChange={(e) =>
              e.target.value === 'custom'
                ? patch({ from: localInputToIso(isoToLocalInput(new Date(Date.now() - 3_600_000).toISOString())) })
                : patch({ window: e.target.value, from: '', to: '' })
            }
          >
            {[...WINDOWS, ...((WINDOWS as readonly string[]).includes(s.window) ? [] : [s.window])].map((w) => (
              <option key={w} value={w}>
                {w === '' ? 'any time' : `last ${w}`}
              </option>
            ))}
            <option value="custom">from … to …</option>
          </select>
        </label>
        {s.from && (
          <>
            <label>
              From
              <input
                type="datetime-local"
                value={isoToLocalInput(s.from)}
                onChange={(e) => patch({ from: localInputToIso(e.target.value) })}
              />
            </label>
            <label>
              To
              <input
                type="datetime-local"
                value={isoToLocalInput(s.to)}
                onChange={(e) => patch({ to: localInputToIso(e.target.value) })}
              />
            </label>
          </>
        )}
      </div>
      <fieldset className="row priorities">
        <legend>Priority</legend>
        {PRIORITIES.map((p) => (
          <label key={p} className={`check prio-${p.toLowerCase()}`}>
            <input type="checkbox" checked={s.priority.includes(p)} onChange={() => togglePriority(p)} />
            {p}
          </label>
        ))}
      </fieldset>
      <div className="row multi">
        {MULTI.map((k) => (
          <ChipInput
            key={k}
            label={LABELS[k]}
            values={s.multi[k]}
            suggestions={props.suggestions?.[k]}
            onChange={(values) => patch({ multi: { ...s.multi, [k]: values } })}
          />
        ))}
      </div>
      <div className="row">
        <label>
          Acknowledged
          <select
            value={s.acknowledged}
            onChange={(e) => patch({ acknowledged: e.target.value as Selection['acknowledged'] })}
          >
            <option value="">either</option>
            <option value="false">not acknowledged</option>
            <option value="true">acknowledged</option>
          </select>
        </label>
        <label>
          Muted
          <select value={s.muted} onChange={(e) => patch({ muted: e.target.value as Selection['muted'] })}>
            <option value="exclude">hide muted</option>
            <option value="include">show muted</option>
            <option value="only">only muted</option>
          </select>
        </label>
        <label>
          Sort
          <select value={s.sort} onChange={(e) => patch({ sort: e.target.value as Selection['sort'] })}>
            <option value="time">time</option>
            <option value="priority">priority, then time</option>
          </select>
        </label>
        <label>
          Order
          <select value={s.order} onChange={(e) => patch({ order: e.target.value as Selection['order'] })}>
            <option value="desc">{s.sort === 'time' ? 'newest first' : 'most severe first'}</option>
            <option value="asc">{s.sort === 'time' ? 'oldest first' : 'least severe first'}</option>
          </select>
        </label>
        <label>
          Rows
          <select value={s.limit} onChange={(e) => patch({ limit: e.target.value })}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span className="grow" />
        <button type="button" className="secondary" onClick={() => props.onApply(emptySelection())}>
          Clear filters
        </button>
        <button type="submit">Apply</button>
      </div>
    </form>
  );
}
