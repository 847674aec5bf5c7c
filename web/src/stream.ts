// Live updates: the server's event stream says when new alerts are stored; the page re-reads its
// own selection. EventSource reconnects by itself after a network error; a stream the server
// ended (logout) or refused (401) stops.

import { useEffect, useRef } from 'react';

export function useAlertStream(enabled: boolean, onNewAlerts: () => void, onLoggedOut: () => void): void {
  const handlers = useRef({ onNewAlerts, onLoggedOut });
  handlers.current = { onNewAlerts, onLoggedOut };
  useEffect(() => {
    if (!enabled) return;
    const es = new EventSource('/api/v1/alerts/stream');
    es.addEventListener('alerts', () => handlers.current.onNewAlerts());
    es.addEventListener('logout', () => {
      es.close();
      handlers.current.onLoggedOut();
    });
    es.addEventListener('error', () => {
      // CLOSED: the server answered something other than a stream (401: the session ended)
      if (es.readyState === EventSource.CLOSED) handlers.current.onLoggedOut();
    });
    return () => es.close();
  }, [enabled]);
}
