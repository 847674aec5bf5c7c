// The login form: one password (generated at the server's first start, or configured as a hash).

import { type FormEvent, useState } from 'react';
import { ApiError, post, setCsrfToken } from '../api';
import { ErrorNote } from '../components/ErrorNote';

export function Login({ onLoggedIn }: { onLoggedIn: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await post<{ csrfToken: string }>('/login', { password });
      setCsrfToken(r.csrfToken);
      setPassword('');
      onLoggedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong password.' : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form onSubmit={submit} aria-label="Log in">
        <h1>
          <img src="/favicon.svg" alt="" width="28" height="28" /> Kestrel
        </h1>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            autoFocus
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy || password === ''}>
          Log in
        </button>
        <ErrorNote error={error} />
        <p className="hint">
          The first start of <code>kestrel ui</code> printed the password once; delete its hash file in the data folder
          to make a new one.
        </p>
      </form>
    </main>
  );
}
