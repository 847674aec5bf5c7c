// What the router core tests share: temp folders, a local webhook receiver that records what
// it got, bounded waits, a router started in-process from env-style settings, and the real
// `kestrel router` as a child process.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadRouterConfig } from '../../../src/router/config/loadConfig.js';
import type { RouterConfig } from '../../../src/router/config/routerConfig.js';
import { DESTINATION_TYPES } from '../../../src/router/destinations/index.js';
import { type RunningRouter, startRouter } from '../../../src/router/router.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const BIN = path.join(REPO, 'bin/kestrel.js');

const stacks = new WeakMap<TestContext, Array<() => unknown>>();

/**
 * Registers a clean-up that runs after the test, pass or fail, in reverse order of
 * registration (node:test runs `after` hooks in order), so a router stops before its folder goes.
 */
export function cleanup(t: TestContext, fn: () => unknown): void {
  let stack = stacks.get(t);
  if (stack === undefined) {
    const fresh: Array<() => unknown> = [];
    stacks.set(t, fresh);
    stack = fresh;
    t.after(async () => {
      for (const f of fresh.reverse()) await f();
    });
  }
  stack.push(fn);
}

export function tempDir(t: TestContext, prefix = 'kestrel-router-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cleanup(t, () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Polls until `cond` holds; fails with `what` after `ms` (a bound, never an assertion on speed). */
export async function waitUntil(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/** A webhook receiver on 127.0.0.1: answers `status` (set it to 503 to play a down destination). */
export class WebhookReceiver {
  status = 200;
  /** Answer after this long, to build a backlog. */
  delayMs = 0;
  /** Once this many were received, answer 503 (a destination that goes down mid-stream). */
  downAfter = Infinity;
  readonly received: Received[] = [];
  /** Requests answered with a non-2xx status. */
  refused = 0;
  private server!: http.Server;
  url = '';

  static async start(t: TestContext): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    r.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => setTimeout(answer, r.delayMs));
      const answer = () => {
        const status = r.received.length >= r.downAfter ? 503 : r.status;
        if (status >= 200 && status < 300) {
          r.received.push({
            method: req.method ?? '',
            path: req.url ?? '',
            headers: req.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          });
        } else r.refused++;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'receiver is down' : 'ok');
      };
    });
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    const port = (r.server.address() as { port: number }).port;
    r.url = `http://127.0.0.1:${port}/hook`;
    cleanup(t, () => r.close());
    return r;
  }

  uuids(): string[] {
    return this.received.map((r) => String(r.body.uuid));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export function falcoAlert(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    time: '2024-05-01T12:00:00.123456789Z',
    rule: 'Terminal shell in container',
    priority: 'Notice',
    output: `12:00:00.123456789: Notice A shell was spawned (n=${i})`,
    source: 'syscall',
    hostname: 'node-1',
    tags: ['container', 'shell'],
    output_fields: { 'proc.name': 'bash', 'k8s.ns.name': 'prod', 'evt.num': i },
    ...extra,
  };
}

export function configFromEnv(env: Record<string, string>, file?: string): RouterConfig {
  return loadRouterConfig({ env, destinationTypes: DESTINATION_TYPES, ...(file ? { file } : {}) });
}

/** A router in this process, on a free port; stopped after the test. */
export async function routerInProcess(
  t: TestContext,
  env: Record<string, string>,
  logs: string[] = [],
): Promise<RunningRouter> {
  const config = configFromEnv({ LISTENADDRESS: '127.0.0.1', LISTENPORT: '0', ...env });
  const router = await startRouter(config, (line) => logs.push(line));
  cleanup(t, () => router.close());
  return router;
}

export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** `kestrel router` as a user starts it; `listening` resolves with its URL. */
export class RouterChild {
  readonly child: ChildProcessWithoutNullStreams;
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [BIN, 'router', ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    });
    this.child.stdout.resume();
    this.child.stderr.on('data', (b: Buffer) => {
      this.stderr += b.toString();
    });
    this.exited = new Promise((done) => this.child.on('close', (code) => done(code)));
  }

  async listening(ms = 20_000): Promise<string> {
    await waitUntil(
      () => /router listening on \S+/.test(this.stderr) || this.child.exitCode !== null,
      `"router listening on" (stderr: ${this.stderr.slice(-400)})`,
      ms,
    );
    const m = /router listening on (\S+)/.exec(this.stderr);
    if (!m) throw new Error(`the router exited: ${this.stderr}`);
    return m[1];
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
