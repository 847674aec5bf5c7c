// A local stand-in for a SaaS HTTP API that cannot run here: it listens on 127.0.0.1, checks each
// request against the schema facts of the real API (a per-test `check` returning problems), and
// answers like the API: 400 with the problems when the request is wrong, else the scripted answer
// (to test 429/5xx/400 handling) or the API's success answer.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** What the schema check found wrong with the request; empty when it matches the API. */
  readonly problems: string[];
}

export interface Answer {
  readonly status: number;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

export interface ApiReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Answers for the next requests, in order, before falling back to the success answer. */
  script(...answers: Answer[]): void;
  /** All problems the schema check found in all requests. */
  problems(): string[];
  close(): Promise<void>;
}

/** Most bytes a receiver reads from one request: the real APIs' limits are all below this. */
const maxBody = 16 * 1024 * 1024;

export async function startApiReceiver(
  check: (request: Omit<ReceivedRequest, 'problems'>) => string[],
  success: (request: ReceivedRequest) => Answer,
): Promise<ApiReceiver> {
  const requests: ReceivedRequest[] = [];
  const scripted: Answer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBody) chunks.push(c);
    });
    req.on('end', () => {
      const base = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      let problems: string[];
      try {
        problems = size > maxBody ? [`body of ${size} bytes is over the limit`] : check(base);
      } catch (err) {
        problems = [`schema check threw: ${(err as Error).message}`];
      }
      const request: ReceivedRequest = { ...base, problems };
      requests.push(request);
      const answer: Answer =
        problems.length > 0
          ? { status: 400, body: JSON.stringify({ problems }), contentType: 'application/json' }
          : (scripted.shift() ?? success(request));
      res.writeHead(answer.status, {
        'Content-Type': answer.contentType ?? 'application/json',
        ...(answer.headers ?? {}),
      });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...answers) => scripted.push(...answers),
    problems: () => requests.flatMap((r) => r.problems.map((p) => `${r.method} ${r.url}: ${p}`)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** JSON body as an object, or a problem. */
export function jsonBody(request: { body: string }): { value?: Record<string, unknown>; problem?: string } {
  try {
    const value = JSON.parse(request.body) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: 'body is not a JSON object' };
    return { value: value as Record<string, unknown> };
  } catch (err) {
    return { problem: `body is not JSON: ${(err as Error).message}` };
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Collects schema problems with a path prefix. */
export class Problems {
  readonly list: string[] = [];
  add(ok: boolean, message: string): void {
    if (!ok) this.list.push(message);
  }
  string(v: unknown, path: string, opts: { max?: number; nonEmpty?: boolean } = {}): v is string {
    if (typeof v !== 'string') {
      this.list.push(`${path} must be a string`);
      return false;
    }
    if (opts.nonEmpty && v === '') this.list.push(`${path} must not be empty`);
    if (opts.max !== undefined && [...v].length > opts.max) this.list.push(`${path} is over ${opts.max} characters`);
    return true;
  }
}

/** Runs fn and returns the error it threw (or fails). */
export async function rejection(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}
