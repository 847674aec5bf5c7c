// The application: checks the session, then shows the login or the pages with their navigation.

import { useCallback, useEffect, useState } from 'react';
import { get, post, setCsrfToken, whenLoggedOut } from './api';
import { Link, usePlace } from './router';
import { AlertDetail } from './pages/AlertDetail';
import { Alerts } from './pages/Alerts';
import { Dashboard } from './pages/Dashboard';
import { Exceptions } from './pages/Exceptions';
import { Info } from './pages/Info';
import { Login } from './pages/Login';
import { Mutes } from './pages/Mutes';

type State = 'checking' | 'out' | 'in';

const NAV = [
  ['/', 'Dashboard'],
  ['/alerts', 'Alerts'],
  ['/mutes', 'Mutes'],
  ['/exceptions', 'Exceptions'],
  ['/info', 'Info'],
] as const;

export function App() {
  const place = usePlace();
  const [state, setState] = useState<State>('checking');
  const loggedOut = useCallback(() => setState('out'), []);

  useEffect(() => {
    whenLoggedOut(loggedOut);
    get<{ csrfToken: string }>('/session').then(
      (s) => {
        setCsrfToken(s.csrfToken);
        setState('in');
      },
      () => setState('out'),
    );
  }, [loggedOut]);

  if (state === 'checking') return null;
  if (state === 'out') return <Login onLoggedIn={() => setState('in')} />;

  const logout = async () => {
    try {
      await post('/logout');
    } finally {
      setCsrfToken('');
      setState('out');
    }
  };
  const detail = /^\/alerts\/([^/]+)$/.exec(place.path);
  const section = detail ? '/alerts' : place.path;

  return (
    <>
      <nav className="top" aria-label="Main">
        <span className="brand">
          <img src="/favicon.svg" alt="" width="22" height="22" /> Kestrel
        </span>
        {NAV.map(([to, label]) => (
          <Link key={to} to={to} className={section === to ? 'active' : ''}>
            {label}
          </Link>
        ))}
        <span className="grow" />
        <button type="button" className="secondary" onClick={() => void logout()}>
          Log out
        </button>
      </nav>
      {place.path === '/' ? (
        <Dashboard place={place} />
      ) : place.path === '/alerts' ? (
        <Alerts place={place} onLoggedOut={loggedOut} />
      ) : detail ? (
        <AlertDetail id={decodeURIComponent(detail[1]!)} />
      ) : place.path === '/mutes' ? (
        <Mutes />
      ) : place.path === '/exceptions' ? (
        <Exceptions />
      ) : place.path === '/info' ? (
        <Info />
      ) : (
        <main>
          <h1>Not found</h1>
          <p>
            There is no page here. <Link to="/">Go to the dashboard.</Link>
          </p>
        </main>
      )}
    </>
  );
}
