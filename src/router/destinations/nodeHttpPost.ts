// A POST through node:http/https rather than fetch, because Falcosidekick's `checkcert: false`
// needs TLS verification turned off per request, which Node's global fetch cannot do.
// Failures become DeliveryErrors: by status (httpDeliveryError), network errors retryable.

import http from 'node:http';
import https from 'node:https';
import { DeliveryError, httpDeliveryError } from './destination.js';

export interface NodeHttpPost {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly checkCert: boolean;
  readonly timeoutMs: number;
}

const MAX_ERROR_BODY = 4096;

/** Resolves on a 2xx answer; throws a DeliveryError otherwise. */
export function nodeHttpPost(destination: string, post: NodeHttpPost, signal: AbortSignal): Promise<void> {
  const body = Buffer.from(post.body, 'utf8');
  const options: https.RequestOptions = {
    method: 'POST',
    headers: { ...post.headers, 'content-length': String(body.length) },
    timeout: post.timeoutMs,
    signal,
  };
  if (post.url.protocol === 'https:') options.rejectUnauthorized = post.checkCert;
  const request = post.url.protocol === 'https:' ? https.request : http.request;
  const where = `${post.url.origin}${post.url.pathname}`;
  return new Promise((resolve, reject) => {
    const req = request(post.url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_ERROR_BODY) chunks.push(c);
        size += c.length;
      });
      res.on('error', (err) => reject(new DeliveryError(`${destination}: POST ${where}: ${err.message}`, true)));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status <= 299) resolve();
        else reject(httpDeliveryError(destination, status, Buffer.concat(chunks).toString('utf8').trim()));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${post.timeoutMs} ms`)));
    req.on('error', (err) => reject(new DeliveryError(`${destination}: POST ${where} failed: ${err.message}`, true)));
    req.end(body);
  });
}
