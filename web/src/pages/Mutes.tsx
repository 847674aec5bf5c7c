// Mutes: which alerts are hidden (a rule and output-field values), and removing them.

import { useCallback, useEffect, useState } from 'react';
import { del, get } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { Visible } from '../components/Visible';
import { formatTime } from '../format';
import { Link, href } from '../router';
import type { Mute } from '../types';

export function Mutes() {
  const [mutes, setMutes] = useState<Mute[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setMutes((await get<{ mutes: Mute[] }>('/mutes')).mutes);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => void load(), [load]);
  const remove = async (id: number) => {
    try {
      await del(`/mutes/${id}`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <main className="mutes">
      <header className="pagehead">
        <h1>Mutes</h1>
      </header>
      <ErrorNote error={error} />
      {mutes && mutes.length === 0 && <p className="empty-list">Nothing is muted. Mute alerts from an alert’s page.</p>}
      {mutes && mutes.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Id</th>
              <th>Rule</th>
              <th>Fields</th>
              <th>Comment</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {mutes.map((m) => (
              <tr key={m.id}>
                <td>{m.id}</td>
                <td>
                  <Link to={href('/alerts', { rule: m.rule, muted: 'only' })}>
                    <Visible text={m.rule} />
                  </Link>
                </td>
                <td className="mono">
                  {Object.keys(m.fields).length === 0 ? (
                    <em>every alert of the rule</em>
                  ) : (
                    Object.entries(m.fields).map(([k, v]) => (
                      <div key={k}>
                        {k} = <Visible text={v} />
                      </div>
                    ))
                  )}
                </td>
                <td>
                  <Visible text={m.comment} />
                </td>
                <td>{formatTime(m.created_at)}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => void remove(m.id)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
