// GET /api/v1/alerts/stream: Server-Sent Events telling open pages that alerts arrived, so a list
// showing the newest alerts refreshes itself. The events carry only the store's newest sequence
// number: each page then asks for its own filtered selection, so no filter runs here per alert.

import type { FastifyInstance } from 'fastify';
import { AlertWatcher } from '../alertWatcher.js';
import type { UiContext } from '../context.js';
import { rejectUnknown, type Query } from '../params.js';
import { sessionId } from './session.js';
import { securityHeaders } from '../securityHeaders.js';

export interface StreamOptions {
  /** How often the store is asked for its newest alert (default 1 s). */
  pollMs?: number;
  /** A comment line keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
}

export function streamRoutes(app: FastifyInstance, ctx: UiContext, opts: StreamOptions = {}): void {
  const watcher = new AlertWatcher(ctx.store, opts.pollMs ?? 1000, (e) =>
    process.stderr.write(`ui: alert stream: store poll failed: ${(e as Error).message}\n`),
  );
  const open = new Set<() => void>();
  // fastify.close() waits for open responses: end the streams first
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
    watcher.stop();
  });

  app.get('/api/v1/alerts/stream', async (request, reply) => {
    rejectUnknown(request.query as Query, new Set());
    const id = sessionId(ctx, request)!;
    const latest = await watcher.current();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...securityHeaders(ctx.tls),
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 3000\nevent: latest\ndata: {"latest":${latest}}\n\n`);
    // the session is looked up in the store (another replica may have ended it) before each
    // write; one chain per stream keeps the events in order however long a lookup takes
    let chain = Promise.resolve();
    let ended = false;
    const whileLive = (event: string) => {
      chain = chain.then(async () => {
        if (ended) return;
        let live: boolean;
        try {
          // a stream is not activity: it lives while the session does, without renewing it
          live = await ctx.sessions.peek(id, ctx.now());
        } catch (e) {
          // unknown, not ended: close without `logout`, and the page's reconnect asks again
          process.stderr.write(`ui: alert stream: session lookup failed: ${(e as Error).message}\n`);
          end();
          return;
        }
        if (ended) return;
        if (!live) {
          res.write('event: logout\ndata: {}\n\n');
          end();
          return;
        }
        res.write(event);
      });
    };
    const heartbeat = setInterval(() => whileLive(': keep-alive\n\n'), opts.heartbeatMs ?? 15_000);
    const unsubscribe = watcher.subscribe((n) => whileLive(`event: alerts\ndata: {"latest":${n}}\n\n`));
    function end(): void {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
      res.end();
    }
    open.add(end);
    res.on('close', end);
  });
}
