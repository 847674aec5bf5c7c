// Webhook: each alert's JSON (Falco's payload with the router's uuid, and `count` when dedup
// folded several) sent to `webhook.address`, with optional custom headers. Node's http client
// with a keep-alive agent, so a busy router reuses its connections.

import http from 'node:http';
import https from 'node:https';
import { alertBody } from './alertBody.js';
import { type Delivery, DeliveryError, type DestinationType, httpDeliveryError } from './destination.js';
import { HttpAgents, mutualTlsOption } from './tlsClient.js';

const METHODS = ['POST', 'PUT', 'PATCH'];

function problemsOf(options: Record<string, unknown>): string[] {
  const out: string[] = [];
  const address = String(options.address ?? '');
  try {
    const url = new URL(address);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      out.push(`webhook.address: ${JSON.stringify(address)} must be an http:// or https:// URL`);
  } catch {
    out.push(`webhook.address: ${JSON.stringify(address)} is not a URL`);
  }
  const method = String(options.method ?? 'POST').toUpperCase();
  if (!METHODS.includes(method))
    out.push(`webhook.method: ${JSON.stringify(options.method)} is not one of ${METHODS.join(', ')}`);
  for (const name of Object.keys((options.customheaders ?? {}) as object)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      out.push(`webhook.customheaders: ${JSON.stringify(name)} is not a header name`);
  }
  return out;
}

function post(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string,
  agent: http.Agent,
  signal: AbortSignal,
): Promise<{ status: number; text: string }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method, agent, signal, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          // keep only the start of an error body: it is for the message
          if (size < 4096) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const webhookDestination: DestinationType = {
  type: 'webhook',
  options: {
    address: { kind: 'string', enables: true, doc: 'URL the alerts are sent to; enables the webhook' },
    method: { kind: 'string', default: 'POST', doc: 'HTTP method: POST, PUT or PATCH' },
    customheaders: {
      kind: 'map',
      default: {},
      secret: true,
      doc: 'headers added to each request (e.g. Authorization)',
    },
    checkcert: { kind: 'bool', default: true, doc: 'verify the server’s TLS certificate' },
    mutualtls: mutualTlsOption,
  },
  validate: (options) => problemsOf(options),
  create(options, context) {
    const url = new URL(String(options.address));
    const method = String(options.method).toUpperCase();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Kestrel-router',
      ...(options.customheaders as Record<string, string>),
    };
    const agents = HttpAgents.of('webhook', options, context);
    const agent = agents.for(url);
    const where = `${url.origin}${url.pathname}`;
    return {
      name: 'webhook',
      maxBatch: 1,
      async send(batch: readonly Delivery[], signal: AbortSignal) {
        for (const delivery of batch) {
          let res: { status: number; text: string };
          try {
            res = await post(url, method, headers, alertBody(delivery), agent, signal);
          } catch (e) {
            throw new DeliveryError(`webhook: ${method} ${where}: ${(e as Error).message}`, true);
          }
          if (res.status < 200 || res.status > 299) throw httpDeliveryError('webhook', res.status, res.text);
        }
      },
      async close() {
        agents.destroy();
      },
    };
  },
};
