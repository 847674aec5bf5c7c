// The intake: Falcosidekick's HTTP interface. POST / takes a Falco JSON alert, checks and
// enriches it, and answers 200 only once the queue holds it durably; /test injects a test alert;
// /healthz and /ping answer liveness; /metrics serves Prometheus text. Every error is JSON
// `{"error": "..."}` naming what was wrong.

import { randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { RouterConfig } from '../config/routerConfig.js';
import type { RouterMetrics } from '../metrics.js';
import type { AlertQueue } from '../queue/alertQueue.js';
import { makeEnricher } from './enrich.js';
import { testAlertBody } from './testAlert.js';
import { checkAlert } from './validateAlert.js';

export interface IntakeDeps {
  readonly config: RouterConfig;
  readonly queue: AlertQueue;
  readonly metrics: RouterMetrics;
  readonly log: (line: string) => void;
}

function bearerCheck(token: string): (req: FastifyRequest) => boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  return (req) => {
    const got = Buffer.from(req.headers.authorization ?? '');
    return got.length === expected.length && timingSafeEqual(got, expected);
  };
}

export function buildIntake(deps: IntakeDeps): FastifyInstance {
  const { config, queue, metrics, log } = deps;
  const app = Fastify({
    logger: false,
    bodyLimit: config.bodyLimit,
    ...(config.tls
      ? {
          https: {
            cert: config.tls.cert,
            key: config.tls.key,
            ...(config.tls.mutual ? { ca: config.tls.ca, requestCert: true, rejectUnauthorized: true } : {}),
          },
        }
      : {}),
  });
  const enrich = makeEnricher(config);
  const authorized = config.bearerToken === undefined ? undefined : bearerCheck(config.bearerToken);
  const reject = (reply: FastifyReply, status: number, error: string) => {
    metrics.alertsIn.inc({ status: 'rejected' });
    return reply.code(status).send({ error });
  };

  // the body is parsed here, whatever its content type, so a bad one gets our own message
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    const alertRoute = req.method === 'POST' && (req.url === '/' || req.url.startsWith('/?'));
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const error = `body: larger than bodylimit (${config.bodyLimit} bytes)`;
      return alertRoute ? reject(reply, 413, error) : reply.code(413).send({ error });
    }
    if (status >= 500) log(`router: intake error on ${req.method} ${req.url}: ${err.message}`);
    return reply.code(status).send({ error: err.message });
  });

  const accept = async (body: unknown, reply: FastifyReply): Promise<FastifyReply> => {
    const check = checkAlert(body, randomUUID());
    if (!check.ok) return reject(reply, 400, check.error);
    const alert = enrich(check.alert);
    try {
      await queue.append(alert);
    } catch (e) {
      log(`router: cannot queue an alert: ${(e as Error).message}`);
      return reject(reply, 503, `queue: ${(e as Error).message}`);
    }
    metrics.alertsIn.inc({ status: 'accepted' });
    if (config.debug) log(`router: accepted ${alert.uuid} (${alert.rule}, ${alert.priority})`);
    return reply.code(200).send({ uuid: alert.uuid });
  };

  app.post('/', async (req, reply) => {
    if (authorized && !authorized(req)) {
      void reply.header('www-authenticate', 'Bearer');
      return reject(reply, 401, 'authorization: a valid "Authorization: Bearer <token>" header is required');
    }
    const text = typeof req.body === 'string' ? req.body : '';
    if (text.trim() === '') return reject(reply, 400, 'body: empty; expected a Falco JSON alert');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      return reject(reply, 400, `body: not valid JSON: ${(e as Error).message}`);
    }
    return accept(body, reply);
  });

  const test = async (req: FastifyRequest, reply: FastifyReply) => {
    if (authorized && !authorized(req)) {
      void reply.header('www-authenticate', 'Bearer');
      return reply
        .code(401)
        .send({ error: 'authorization: a valid "Authorization: Bearer <token>" header is required' });
    }
    return accept(testAlertBody(), reply);
  };
  app.post('/test', test);
  app.get('/test', test);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/ping', async (_req, reply) => reply.type('text/plain').send('pong\n'));
  app.get('/metrics', async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
  return app;
}
