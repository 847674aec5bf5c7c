// POST /api/v1/login, POST /api/v1/logout, GET /api/v1/session.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { verifyPassword } from '../auth/password.js';
import { readCookie, sessionCookie } from '../auth/sessions.js';
import { asBody, bool, onlyKeys, str } from '../body.js';
import type { UiContext } from '../context.js';

export const sessionId = (ctx: UiContext, request: FastifyRequest) => readCookie(request.headers.cookie, ctx.cookie);

export function sessionRoutes(app: FastifyInstance, ctx: UiContext): void {
  app.post('/api/v1/login', async (request, reply) => {
    const now = ctx.now();
    const wait = ctx.limiter.retryAfter(request.ip, now);
    if (wait > 0)
      return reply
        .code(429)
        .header('retry-after', String(wait))
        .send({ error: `login: too many failed attempts; retry in ${wait} s` });
    const b = asBody(request.body);
    onlyKeys(b, ['password']);
    const password = str(b, 'password', { required: true, max: 1024 })!;
    if (!(await verifyPassword(password, ctx.password))) {
      ctx.limiter.failed(request.ip, now);
      return reply.code(401).send({ error: 'password: wrong password' });
    }
    ctx.limiter.succeeded(request.ip);
    const old = sessionId(ctx, request);
    if (old) await ctx.sessions.delete(old);
    const { id, session } = await ctx.sessions.create(now);
    reply.header('set-cookie', sessionCookie(ctx.cookie, id, ctx.tls, Math.floor(ctx.sessionIdleMs / 1000)));
    return { csrfToken: session.csrfToken };
  });

  // {"everywhere": true} ends every session: the way out when a session may be in other hands
  app.post('/api/v1/logout', async (request, reply) => {
    const b = request.body === undefined ? {} : asBody(request.body);
    onlyKeys(b, ['everywhere']);
    const everywhere = bool(b, 'everywhere', false);
    // the onRequest hook lets only a live session reach this route
    let ended = 1;
    if (everywhere) ended = await ctx.sessions.clear(ctx.now());
    else await ctx.sessions.delete(sessionId(ctx, request)!);
    reply.header('set-cookie', sessionCookie(ctx.cookie, '', ctx.tls, 0));
    return { loggedOut: true, ended };
  });

  app.get('/api/v1/session', async (request, reply) => {
    // the onRequest hook let a live session through; it may have ended on another replica since
    const s = await ctx.sessions.touch(sessionId(ctx, request), ctx.now());
    if (!s) return reply.code(401).send({ error: 'session: not logged in (POST /api/v1/login)' });
    return { authenticated: true, csrfToken: s.csrfToken };
  });
}
