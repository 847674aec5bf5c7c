// Starts `kestrel ui`: checks its settings, opens the store, loads (or makes) the password and
// listens.

import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { isPostgresUrl, openStore } from '../store/openStore.js';
import type { AlertStore } from '../store/types.js';
import { loadOrCreatePassword } from './auth/password.js';
import { buildUiApp } from './app.js';
import { DEFAULT_WEB_DIR, loadWebAssets } from './webAssets.js';
import { proxyEntryProblem } from './trustProxy.js';

export interface UiSettings {
  store: string;
  listen: string;
  port: number;
  dataDir: string;
  tlsCert?: string;
  tlsKey?: string;
  routerUrl?: string;
  rules: string[];
  exceptionsFile?: string;
  passwordHash?: string;
  /** Reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed. */
  trustProxy?: string[];
}

export class UiSettingsError extends Error {}

/** How a caller names each setting in its messages: `kestrel ui`'s flags, or the router's keys. */
export interface SettingNames {
  store: string;
  port: string;
  tlsCert: string;
  tlsKey: string;
  routerUrl: string;
  rules: string;
  exceptionsFile: string;
  trustProxy: string;
}

export const UI_FLAG_NAMES: SettingNames = {
  store: '--store',
  port: '--port',
  tlsCert: '--tls-cert',
  tlsKey: '--tls-key',
  routerUrl: '--router-url',
  rules: '--rules',
  exceptionsFile: '--exceptions-file',
  trustProxy: '--trust-proxy',
};

/** Every problem with the settings, each naming the option. */
export function settingsProblems(s: UiSettings, n: SettingNames = UI_FLAG_NAMES): string[] {
  const out: string[] = [];
  if (s.store === '') out.push(`${n.store}: must name a SQLite file or a postgres:// URL`);
  if (isPostgresUrl(s.store)) {
    try {
      new URL(s.store);
    } catch {
      out.push(`${n.store}: not a valid postgres:// URL`);
    }
  }
  if (!Number.isInteger(s.port) || s.port < 0 || s.port > 65535) out.push(`${n.port}: ${s.port} must be 0 to 65535`);
  if ((s.tlsCert === undefined) !== (s.tlsKey === undefined)) out.push(`${n.tlsCert} and ${n.tlsKey} go together`);
  for (const [flag, f] of [
    [n.tlsCert, s.tlsCert],
    [n.tlsKey, s.tlsKey],
  ] as const)
    if (f !== undefined && !existsSync(f)) out.push(`${flag}: ${f} does not exist`);
  if (s.routerUrl !== undefined) {
    let u: URL | undefined;
    try {
      u = new URL(s.routerUrl);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
      out.push(`${n.routerUrl}: ${JSON.stringify(s.routerUrl)} is not an http(s) URL`);
  }
  if (s.rules.length > 0 !== (s.exceptionsFile !== undefined))
    out.push(`${n.rules} and ${n.exceptionsFile} go together (exceptions are checked against the rules)`);
  for (const r of s.rules) if (!existsSync(r)) out.push(`${n.rules}: ${r} does not exist`);
  for (const e of s.trustProxy ?? []) {
    const problem = proxyEntryProblem(e);
    if (problem) out.push(`${n.trustProxy}: ${problem}`);
  }
  return out;
}

export interface RunningUi {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: AlertStore;
  close(): Promise<void>;
}

export async function startUi(s: UiSettings, log: (line: string) => void): Promise<RunningUi> {
  const problems = settingsProblems(s);
  if (problems.length > 0) throw new UiSettingsError(problems.join('\n'));
  const password = await loadOrCreatePassword(s.passwordHash, s.dataDir, (pw, file) =>
    log(`ui: first start: the password is ${pw}\nui: (shown once; only its scrypt hash is kept, in ${file})`),
  );
  const store = await openStore(s.store);
  try {
    const tls = s.tlsCert && s.tlsKey ? { cert: readFileSync(s.tlsCert), key: readFileSync(s.tlsKey) } : undefined;
    const web = loadWebAssets() ?? null;
    if (!web) log(`ui: the web pages are not built in ${DEFAULT_WEB_DIR} (npm run build:web): serving the API only`);
    const app = await buildUiApp({
      store,
      password,
      web,
      ...(tls ? { tls } : {}),
      ...(s.routerUrl ? { routerUrl: s.routerUrl } : {}),
      ...(s.exceptionsFile ? { exceptions: { rulesPaths: s.rules, file: s.exceptionsFile } } : {}),
      ...(s.trustProxy?.length ? { trustProxy: s.trustProxy } : {}),
    });
    await app.listen({ host: s.listen, port: s.port });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : s.port;
    const host = s.listen.includes(':') ? `[${s.listen}]` : s.listen;
    return {
      url: `${tls ? 'https' : 'http'}://${host}:${port}`,
      app,
      store,
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
