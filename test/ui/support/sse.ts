// A reader of the alert stream's Server-Sent Events for the UI tests.

import type { Client } from './uiServer.js';

export interface Sse {
  next(): Promise<{ event: string; data: string } | null>;
  close(): void;
}

/** Reads Server-Sent Events one at a time (null when the stream ends). */
export async function openStream(c: Client, path = '/api/v1/alerts/stream'): Promise<{ status: number; sse: Sse }> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 20_000).unref();
  const r = await fetch(`${c.base}${path}`, { headers: { cookie: c.cookie }, signal: ac.signal });
  const reader = r.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  return {
    status: r.status,
    sse: {
      async next() {
        for (;;) {
          const end = buf.indexOf('\n\n');
          if (end >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            const lines = block.split('\n').filter((l) => !l.startsWith(':') && !l.startsWith('retry:'));
            if (lines.length === 0) continue;
            const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? '';
            return { event, data };
          }
          const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
          if (done) {
            clearTimeout(timer);
            return null;
          }
          buf += decoder.decode(value, { stream: true });
        }
      },
      close() {
        clearTimeout(timer);
        ac.abort();
      },
    },
  };
}
