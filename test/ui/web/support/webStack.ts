// The whole path the pages sit on: a real router whose `ui` destination writes a SQLite store,
// and a `kestrel ui` server reading that store, with an exceptions file checked against a rules
// file. Alerts are posted to the router as Falco would post them.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadRouterConfig } from '../../../../src/router/config/loadConfig.js';
import { DESTINATION_TYPES } from '../../../../src/router/destinations/index.js';
import { type RunningRouter, startRouter } from '../../../../src/router/router.js';
import { buildUiApp } from '../../../../src/ui/server/app.js';
import { hashPassword, parseHash } from '../../../../src/ui/server/auth/password.js';
import { SqliteAlertStore } from '../../../../src/ui/store/sqliteStore.js';

export const PASSWORD = 'web test password 1234';

export interface WebStack {
  readonly url: string;
  readonly dir: string;
  readonly exceptionsFile: string;
  readonly store: SqliteAlertStore;
  readonly router: RunningRouter;
  readonly app: FastifyInstance;
  /** Posts a Falco alert to the router; returns the uuid it gave it. */
  post(alert: object): Promise<string>;
  /** Waits (bounded) until the store holds `n` alerts. */
  stored(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebStack(rules: string): Promise<WebStack> {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-ui-web-'));
  const storeFile = join(dir, 'alerts.db');
  const rulesFile = join(dir, 'rules.yaml');
  const exceptionsFile = join(dir, 'exceptions.yaml');
  writeFileSync(rulesFile, rules);
  const config = loadRouterConfig({
    env: {
      LISTENADDRESS: '127.0.0.1',
      LISTENPORT: '0',
      QUEUE_MODE: 'memory',
      UI_STORE: storeFile,
    },
    destinationTypes: DESTINATION_TYPES,
  });
  const router = await startRouter(config, () => {});
  const store = new SqliteAlertStore(storeFile);
  const app = await buildUiApp({
    store,
    password: parseHash(await hashPassword(PASSWORD), 'test'),
    routerUrl: router.url,
    exceptions: { rulesPaths: [rulesFile], file: exceptionsFile },
    streamPollMs: 200,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    exceptionsFile,
    store,
    router,
    app,
    async post(alert) {
      const r = await fetch(`${router.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alert),
        signal: AbortSignal.timeout(10_000),
      });
      if (r.status !== 200) throw new Error(`router: ${r.status} ${await r.text()}`);
      return ((await r.json()) as { uuid: string }).uuid;
    },
    async stored(n) {
      for (let i = 0; i < 600; i++) {
        if ((await store.size()).rows >= n) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`the store did not reach ${n} alerts (has ${(await store.size()).rows})`);
    },
    async close() {
      await app.close();
      await router.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
