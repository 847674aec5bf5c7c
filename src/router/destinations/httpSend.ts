// One HTTP request of a destination, with its failure turned into a DeliveryError: the status
// decides retryable or not (httpDeliveryError); a network error or timeout is always retryable.
// Node's http/https clients rather than fetch, because `checkcert` and `mutualtls` need TLS
// options per destination (its HttpAgents), which Node's global fetch cannot take.

import http from 'node:http';
import https from 'node:https';
import { DeliveryError, httpDeliveryError } from './destination.js';
import type { HttpAgents } from './tlsClient.js';

export interface HttpSendRequest {
  readonly url: string;
  readonly method?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** The destination's agents (TLS options, keep-alive); absent: Node's default agents. */
  readonly agents?: HttpAgents;
}

export interface HttpSendResponse {
  readonly status: number;
  readonly text: string;
}

export const defaultHttpTimeoutMs = 10_000;

/** Most bytes of an answer kept: bulk answers need all of it, error bodies only their start. */
const MAX_ANSWER = 16 * 1024 * 1024;

/** Sends the request; resolves with a 2xx response, throws a DeliveryError otherwise. */
export function httpSend(
  destination: string,
  request: HttpSendRequest,
  signal: AbortSignal,
): Promise<HttpSendResponse> {
  const method = request.method ?? 'POST';
  const fail = (cause: string) =>
    new DeliveryError(`${destination}: ${method} ${redactUrl(request.url)} failed: ${cause}`, true);
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return Promise.reject(fail('not a URL'));
  }
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const body = Buffer.from(request.body, 'utf8');
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method,
        headers: { ...request.headers, 'content-length': String(body.length) },
        signal: AbortSignal.any([signal, timeout]),
        ...(request.agents ? { agent: request.agents.for(url) } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_ANSWER) chunks.push(c);
          size += c.length;
        });
        res.on('error', (err) => reject(fail(err.message)));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          // A redirect is not followed (the webhook secret would go along): it is a permanent 3xx failure.
          if (status < 200 || status > 299) reject(httpDeliveryError(destination, status, text));
          else resolve({ status, text });
        });
      },
    );
    req.on('error', (err) => reject(fail(timeout.aborted ? `no answer within ${request.timeoutMs} ms` : causeOf(err))));
    req.end(body);
  });
}

function causeOf(err: Error): string {
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}

/** Webhook URLs carry their secret in the path or query: logs show only the origin. */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '(bad url)';
  }
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
