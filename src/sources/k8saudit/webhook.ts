// HTTP intake for the kube-apiserver audit webhook backend: `POST <path>` with an Event or an
// EventList as JSON (what the API server sends), like Falco's k8saudit plugin endpoint
// (`http://:9765/k8s-audit` by default in Falco). Unlike the plugin, which answers 200 before
// looking at the body, the body is checked first so the sender learns what was wrong:
//   200  events accepted (bad items of a list are reported in the body and skipped)
//   400  not JSON, not an audit event, items unusable, or not `application/json`
//   405  another method than POST
//   413  body larger than `maxBodyBytes`
// Counters of requests and events are kept for metrics; errors never stop the server.

import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { K8sAuditEvent } from './event.js';
import { parseAuditText } from './parse.js';
import type { AuditParseError } from './parseError.js';

/** Default body limit: the k8saudit plugin's `webhookMaxBatchSize` default (12 MiB). */
export const DEFAULT_WEBHOOK_MAX_BODY_BYTES = 12 * 1024 * 1024;
export const DEFAULT_WEBHOOK_PATH = '/k8s-audit';

/** Running totals, safe to read at any time (e.g. by a metrics exporter). */
export interface AuditWebhookCounters {
  /** Requests received on the webhook path, whatever their outcome. */
  requests: number;
  /** Requests answered with an error status (4xx/5xx). */
  rejectedRequests: number;
  /** Events handed to `onEvent`. */
  acceptedEvents: number;
  /** Documents or list items that were read but could not be turned into events. */
  rejectedEvents: number;
}

export function newAuditWebhookCounters(): AuditWebhookCounters {
  return { requests: 0, rejectedRequests: 0, acceptedEvents: 0, rejectedEvents: 0 };
}

export interface AuditWebhookOptions {
  host: string;
  /** 0 picks a free port (see `AuditWebhook.port`). */
  port: number;
  path?: string;
  maxBodyBytes?: number;
  onEvent: (evt: K8sAuditEvent) => void;
  /** Told about every document or item that was rejected. */
  onError?: (err: AuditParseError) => void;
  /** Counters to update; a new set is made when absent. */
  metrics?: AuditWebhookCounters;
}

export interface AuditWebhook {
  readonly host: string;
  /** The port actually listened on. */
  readonly port: number;
  /** Full URL of the endpoint, e.g. `http://127.0.0.1:9765/k8s-audit`. */
  readonly url: string;
  readonly counters: AuditWebhookCounters;
  readonly server: FastifyInstance;
  close(): Promise<void>;
}

interface ErrorBody {
  error: string;
  message: string;
  errors?: string[];
}

function reject(reply: FastifyReply, counters: AuditWebhookCounters, status: number, body: ErrorBody): FastifyReply {
  counters.rejectedRequests++;
  return reply.code(status).type('application/json').send(body);
}

/** Starts the webhook server; resolves once it listens. */
export async function createAuditWebhook(options: AuditWebhookOptions): Promise<AuditWebhook> {
  const path = options.path ?? DEFAULT_WEBHOOK_PATH;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES;
  if (!path.startsWith('/')) throw new Error(`audit webhook path must start with '/': ${path}`);
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    throw new Error(`audit webhook maxBodyBytes must be a positive integer: ${maxBodyBytes}`);
  }
  const counters = options.metrics ?? newAuditWebhookCounters();
  const { onEvent, onError } = options;

  const server = Fastify({ logger: false, bodyLimit: maxBodyBytes });
  // Bodies are taken as text whatever their declared type: the handler checks the type itself
  // (to answer like the plugin does) and parses JSON with its own error reporting.
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  // Requests already counted by a handler (errors thrown later must not count them twice).
  const counted = new WeakSet<FastifyRequest>();

  server.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (!counted.has(request) && request.url.split('?')[0] === path) counters.requests++;
    const status = err.statusCode !== undefined && err.statusCode >= 400 ? err.statusCode : 500;
    if (status === 413) {
      return reject(reply, counters, 413, {
        error: 'request body too large',
        message: `the body exceeds the limit of ${maxBodyBytes} bytes`,
      });
    }
    return reject(reply, counters, status, { error: 'bad request', message: err.message });
  });

  server.post(path, async (request, reply) => {
    counters.requests++;
    counted.add(request);
    const type = request.headers['content-type'] ?? '';
    if (!type.includes('application/json')) {
      return reject(reply, counters, 400, {
        error: 'wrong Content Type',
        message: `expected application/json, got ${type === '' ? 'no Content-Type' : `'${type}'`}`,
      });
    }
    const text = typeof request.body === 'string' ? request.body : '';
    const source = `webhook ${request.ip}`;
    const parsed = parseAuditText(text, { source });
    counters.rejectedEvents += parsed.errors.length;
    if (onError) for (const err of parsed.errors) onError(err);
    const details = parsed.errors.map((e) => e.message);
    if (parsed.events.length === 0 && parsed.errors.length > 0) {
      return reject(reply, counters, 400, { error: 'bad request', message: parsed.errors[0].message, errors: details });
    }
    for (const evt of parsed.events) {
      onEvent(evt);
      counters.acceptedEvents++;
    }
    return reply.code(200).send({ accepted: parsed.events.length, rejected: parsed.errors.length, errors: details });
  });

  server.route({
    method: ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    url: path,
    handler: async (request, reply) => {
      counters.requests++;
      counted.add(request);
      return reject(reply, counters, 405, {
        error: 'method not allowed',
        message: `${request.method} method not allowed`,
      });
    },
  });

  await server.listen({ host: options.host, port: options.port });
  const address = server.server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    host: address.address,
    port: address.port,
    url: `http://${urlHost}:${address.port}${path}`,
    counters,
    server,
    close: () => server.close(),
  };
}
