// The `kestrel ui` HTTP server: the JSON API under /api/v1, behind a session login, with CSRF
// checks on every state-changing request and security headers on every response.

import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { AlertStore } from '../store/types.js';
import { LoginLimiter } from './auth/loginLimiter.js';
import type { PasswordHash } from './auth/password.js';
import { CSRF_HEADER, SessionStore, cookieName, csrfMatches } from './auth/sessions.js';
import type { UiContext } from './context.js';
import type { ExceptionConfig } from './exceptionFile.js';
import { OPENAPI } from './openapi.js';
import { ParamError } from './params.js';
import { alertRoutes } from './routes/alerts.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { infoRoutes } from './routes/info.js';
import { sessionId, sessionRoutes } from './routes/session.js';
import { triageRoutes } from './routes/triage.js';
import { streamRoutes } from './routes/stream.js';
import { securityHeaders } from './securityHeaders.js';
import { type WebAssets, loadWebAssets } from './webAssets.js';

export interface UiServerOptions {
  store: AlertStore;
  password: PasswordHash;
  tls?: { cert: Buffer; key: Buffer };
  routerUrl?: string;
  exceptions?: ExceptionConfig;
  /** Failed logins per address per window before 429 (default 10 per 15 minutes). */
  loginAttempts?: number;
  loginWindowMs?: number;
  sessionIdleMs?: number;
  /** The built web pages; default: dist/web; null serves none (API only). */
  web?: WebAssets | null;
  /** How often open alert streams look for new alerts (default 1 s). */
  streamPollMs?: number;
  /** How often an open stream sends a keep-alive and checks its session (default 15 s). */
  streamHeartbeatMs?: number;
  /**
   * Reverse proxies (addresses or CIDRs) whose X-Forwarded-For gives request.ip, the address the
   * login limiter counts; without them the header is ignored and request.ip is the TCP peer.
   */
  trustProxy?: string[];
  now?: () => number;
}

/** Routes answered without a session. */
const PUBLIC = new Set(['POST /api/v1/login', 'GET /api/v1/openapi.json', 'GET /healthz']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every route the server registers, as `METHOD /path` (for the OpenAPI check). */
export function routeList(app: FastifyInstance & { kestrelRoutes?: string[] }): string[] {
  return app.kestrelRoutes ?? [];
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function buildUiApp(opts: UiServerOptions): Promise<FastifyInstance> {
  const tls = opts.tls !== undefined;
  const sessionIdleMs = opts.sessionIdleMs ?? 12 * 3_600_000;
  const ctx: UiContext = {
    store: opts.store,
    password: opts.password,
    sessions: new SessionStore(opts.store.sessions, opts.password, { idleMs: sessionIdleMs, maxSessions: 10_000 }),
    limiter: new LoginLimiter(opts.loginAttempts ?? 10, opts.loginWindowMs ?? 15 * 60_000, 10_000),
    tls,
    cookie: cookieName(tls),
    sessionIdleMs,
    ...(opts.routerUrl ? { routerUrl: opts.routerUrl } : {}),
    ...(opts.exceptions ? { exceptions: opts.exceptions } : {}),
    now: opts.now ?? Date.now,
  };
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    ...(opts.tls ? { https: { cert: opts.tls.cert, key: opts.tls.key } } : {}),
    // proxy-addr behind it: see trustProxy.ts
    ...(opts.trustProxy?.length ? { trustProxy: opts.trustProxy } : {}),
  }) as unknown as FastifyInstance & { kestrelRoutes?: string[] };
  const routes: string[] = [];
  app.kestrelRoutes = routes;
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    // fastify adds HEAD for every GET by itself
    for (const m of methods) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  // only JSON bodies: a cross-site form cannot send one without a CORS preflight
  app.removeContentTypeParser('text/plain');

  const headers = securityHeaders(tls);
  const { 'cache-control': noStore, ...fixedHeaders } = headers;
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(fixedHeaders);
    // hashed web assets set their own (long) caching; everything else is not cached
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', noStore);
    return payload;
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const key = `${request.method} ${path}`;
    if (!SAFE_METHODS.has(request.method)) {
      const origin = request.headers.origin;
      if (origin !== undefined && !sameOrigin(origin, request.headers.host))
        return reply.code(403).send({ error: 'origin: cross-origin requests are refused' });
    }
    if (PUBLIC.has(key) || (!path.startsWith('/api/') && path !== '/api')) return;
    const session = await ctx.sessions.touch(sessionId(ctx, request), ctx.now());
    if (!session) return reply.code(401).send({ error: 'session: not logged in (POST /api/v1/login)' });
    if (!SAFE_METHODS.has(request.method) && !csrfMatches(session, request.headers[CSRF_HEADER]))
      return reply.code(403).send({ error: `${CSRF_HEADER}: missing or not this session's CSRF token` });
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ParamError) return reply.code(400).send({ error: err.message });
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: `body: ${err.message}` });
    request.log.error(err);
    process.stderr.write(`ui: ${request.method} ${request.url.split('?')[0]}: ${err.stack ?? err.message}\n`);
    return reply.code(500).send({ error: 'internal error (logged by the server)' });
  });
  const web = opts.web === undefined ? loadWebAssets() : opts.web;
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const isPage = !path.startsWith('/api/') && path !== '/api';
    if ((request.method === 'GET' || request.method === 'HEAD') && isPage) {
      const file = web?.lookup(path);
      if (file) {
        // hashed names change with their content; the rest (index.html) is never cached
        if (file.immutable) reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.type(file.type).send(file.body);
      }
      if (!web)
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('kestrel ui: the web pages are not built (run `npm run build:web`); the API is at /api/v1\n');
    }
    return reply.code(404).send({ error: `no route ${request.method} ${path}` });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/api/v1/openapi.json', async () => OPENAPI);
  sessionRoutes(app, ctx);
  alertRoutes(app, ctx);
  dashboardRoutes(app, ctx);
  triageRoutes(app, ctx);
  infoRoutes(app, ctx);
  streamRoutes(app, ctx, {
    ...(opts.streamPollMs !== undefined ? { pollMs: opts.streamPollMs } : {}),
    ...(opts.streamHeartbeatMs !== undefined ? { heartbeatMs: opts.streamHeartbeatMs } : {}),
  });
  return app;
}
