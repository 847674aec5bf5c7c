// The exceptions file the triage writes: a Falco rules file to load after the rules it extends.

import { useEffect, useState } from 'react';
import { ApiError, get } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { Visible } from '../components/Visible';

export function Exceptions() {
  const [data, setData] = useState<{ file: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<{ file: string; text: string }>('/exceptions').then(setData, (e: Error) =>
      setError(e instanceof ApiError && e.status === 409 ? `Exceptions are not configured: ${e.message}` : e.message),
    );
  }, []);
  return (
    <main className="exceptions">
      <header className="pagehead">
        <h1>Exceptions</h1>
      </header>
      <ErrorNote error={error} />
      {data && (
        <>
          <p>
            <code>{data.file}</code> — load it after the rules it extends, e.g.{' '}
            <code>kestrel run -r /etc/kestrel/rules.d -r {data.file}</code>.
          </p>
          {data.text.trim() === '' ? (
            <p className="empty-list">No exceptions yet. Create them from an alert’s page.</p>
          ) : (
            <pre className="yaml" data-testid="exceptions-text">
              <Visible text={data.text} />
            </pre>
          )}
        </>
      )}
    </main>
  );
}
