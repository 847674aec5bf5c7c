// One HTTP request of a destination, with its failure turned into a DeliveryError: the status
// decides retryable or not (httpDeliveryError); a network error or timeout is always retryable.

import { DeliveryError, httpDeliveryError } from './destination.js';

export interface HttpSendRequest {
  readonly url: string;
  readonly method?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

export interface HttpSendResponse {
  readonly status: number;
  readonly text: string;
}

export const defaultHttpTimeoutMs = 10_000;

/** Sends the request; resolves with a 2xx response, throws a DeliveryError otherwise. */
export async function httpSend(
  destination: string,
  request: HttpSendRequest,
  signal: AbortSignal,
): Promise<HttpSendResponse> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method ?? 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(request.timeoutMs)]),
      // A redirect is not followed (the webhook secret would go along): it is a permanent 3xx failure.
      redirect: 'manual',
    });
  } catch (err) {
    const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new DeliveryError(
      `${destination}: ${request.method ?? 'POST'} ${redactUrl(request.url)} failed: ${cause}`,
      true,
    );
  }
  const text = await response.text().catch(() => '');
  if (response.status < 200 || response.status > 299) throw httpDeliveryError(destination, response.status, text);
  return { status: response.status, text };
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
