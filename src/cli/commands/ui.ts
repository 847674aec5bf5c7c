// `kestrel ui`: serves the alert store's JSON API (and, later, the web pages) until SIGINT or
// SIGTERM. `--hash-password` instead reads a password on stdin and prints its hash.

import { readFileSync } from 'node:fs';
import { hashPassword } from '../../ui/server/auth/password.js';
import { UiSettingsError, startUi } from '../../ui/server/start.js';
import { proxyList } from '../../ui/server/trustProxy.js';
import { CliError, EXIT_ERROR, EXIT_OK, EXIT_USAGE } from '../exitCodes.js';

export interface UiOptions {
  store: string;
  listen: string;
  port: string;
  dataDir: string;
  tlsCert?: string;
  tlsKey?: string;
  routerUrl?: string;
  rules?: string[];
  exceptionsFile?: string;
  trustProxy?: string;
  hashPassword?: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

export async function uiCommand(opts: UiOptions): Promise<number> {
  if (opts.hashPassword) {
    const password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
    if (password.length < 12)
      throw new CliError('--hash-password: the password needs 12 characters or more', EXIT_USAGE);
    process.stdout.write(`${await hashPassword(password)}\n`);
    return EXIT_OK;
  }
  if (!/^\d+$/.test(opts.port))
    throw new CliError(`--port: ${JSON.stringify(opts.port)} is not a port number`, EXIT_USAGE);
  let ui;
  try {
    ui = await startUi(
      {
        store: opts.store,
        listen: opts.listen,
        port: Number(opts.port),
        dataDir: opts.dataDir,
        ...(opts.tlsCert ? { tlsCert: opts.tlsCert } : {}),
        ...(opts.tlsKey ? { tlsKey: opts.tlsKey } : {}),
        ...(opts.routerUrl ? { routerUrl: opts.routerUrl } : {}),
        rules: opts.rules ?? [],
        ...(opts.exceptionsFile ? { exceptionsFile: opts.exceptionsFile } : {}),
        trustProxy: proxyList(opts.trustProxy),
        ...(process.env.KESTREL_UI_PASSWORD_HASH ? { passwordHash: process.env.KESTREL_UI_PASSWORD_HASH } : {}),
      },
      log,
    );
  } catch (e) {
    if (e instanceof UiSettingsError) throw new CliError(`ui: ${e.message}`, EXIT_USAGE);
    throw new CliError(`ui: cannot start: ${(e as Error).message}`, EXIT_ERROR);
  }
  log(`ui listening on ${ui.url} (store: ${ui.store.kind})`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await ui.close();
  log('ui stopped');
  return EXIT_OK;
}
