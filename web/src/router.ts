// Page addresses in the browser's history (so links, reload and back work), without a library:
// the app has six pages and needs only the path and the query.

import { type MouseEvent, type ReactNode, createElement, useEffect, useState } from 'react';

const CHANGE = 'kestrel:navigate';

export interface Place {
  path: string;
  query: URLSearchParams;
}

const here = (): Place => ({ path: location.pathname, query: new URLSearchParams(location.search) });

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
  if (!replace) window.scrollTo(0, 0);
}

export function usePlace(): Place {
  const [place, setPlace] = useState(here);
  useEffect(() => {
    const update = () => setPlace(here());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return place;
}

/** `path?query`, leaving out empty values. */
export function href(path: string, params: Record<string, string | readonly string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const one of typeof v === 'string' ? [v] : v) if (one !== '') q.append(k, one);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function Link(props: { to: string; className?: string; title?: string; children: ReactNode }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    // let the browser open new tabs and windows itself
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.to);
  };
  return createElement(
    'a',
    { href: props.to, className: props.className, title: props.title, onClick },
    props.children,
  );
}
