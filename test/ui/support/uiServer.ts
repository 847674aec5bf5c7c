// A real `kestrel ui` server on 127.0.0.1 with a SQLite store in a temp folder, and a client that
// logs in and sends the session cookie and CSRF token.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type UiServerOptions, buildUiApp } from '../../../src/ui/server/app.js';
import { hashPassword, parseHash } from '../../../src/ui/server/auth/password.js';
import { SqliteAlertStore } from '../../../src/ui/store/sqliteStore.js';

export const PASSWORD = 'test password 1234';
export const HASH_TEXT = await hashPassword(PASSWORD);
const HASH = parseHash(HASH_TEXT, 'test');

export interface TestUi {
  readonly url: string;
  readonly dir: string;
  readonly app: FastifyInstance;
  readonly store: SqliteAlertStore;
  close(): Promise<void>;
}

/** `host`: the address to listen on (127.0.0.1, or ::1 for IPv6 peers). */
export async function startTestUi(over: Partial<UiServerOptions> = {}, host = '127.0.0.1'): Promise<TestUi> {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-ui-api-'));
  const store = new SqliteAlertStore(join(dir, 'alerts.db'));
  const app = await buildUiApp({ store, password: HASH, ...over });
  await app.listen({ host, port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    dir,
    app,
    store,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const r = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await r.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: r.status, headers: r.headers, text, json };
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body: unknown = {}, headers?: Record<string, string>) =>
    this.request('POST', path, body, headers);
  delete = (path: string) => this.request('DELETE', path);

  async login(password = PASSWORD): Promise<Answer> {
    const a = await this.post('/api/v1/login', { password });
    const set = a.headers.get('set-cookie');
    if (a.status === 200 && set) {
      this.cookie = set.split(';')[0]!;
      this.csrf = (a.json as { csrfToken: string }).csrfToken;
    }
    return a;
  }
}

export async function loggedIn(ui: Pick<TestUi, 'url'>): Promise<Client> {
  const c = new Client(ui.url);
  const a = await c.login();
  if (a.status !== 200) throw new Error(`login: ${a.status} ${a.text}`);
  return c;
}
