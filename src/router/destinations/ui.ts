// Kestrel's own UI store: batches of alerts written into the SQLite file or PostgreSQL database
// that `kestrel ui` reads, with the store's retention (age, rows, bytes) run periodically here,
// by the one process that writes alerts.

import { isPostgresUrl, openStore } from '../../ui/store/openStore.js';
import type { AlertStore, RetentionPolicy } from '../../ui/store/types.js';
import { type Delivery, DeliveryError, type DestinationType } from './destination.js';
import { intOption, problems, stringOption } from './optionValues.js';

export const uiMaxBatch = 500;

/** SQLite and PostgreSQL errors that retrying will not fix: a missing folder, a read-only file, bad credentials. */
function retryable(e: unknown): boolean {
  const code = String((e as { code?: unknown }).code ?? '');
  return !['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_NOTADB', 'SQLITE_CORRUPT', '28P01', '28000', '3D000'].includes(
    code,
  );
}

export const uiDestination: DestinationType = {
  type: 'ui',
  options: {
    store: {
      kind: 'string',
      enables: true,
      secret: true,
      doc: 'SQLite file, or postgres://user:password@host/db URL, that `kestrel ui --store` reads; enables it',
    },
    maxage: { kind: 'duration', default: 30 * 86_400_000, doc: 'alerts older than this are deleted; 0 keeps them' },
    maxrows: { kind: 'int', default: 0, doc: 'most alerts kept, oldest deleted first; 0 is no limit' },
    maxsize: { kind: 'int', default: 0, doc: 'bytes the store may use, oldest deleted first; 0 is no limit' },
    retentioninterval: { kind: 'duration', default: 60_000, doc: 'how often retention runs' },
  },
  validate(values) {
    const store = stringOption(values, 'store');
    let urlProblem: string | undefined;
    if (isPostgresUrl(store)) {
      try {
        new URL(store);
      } catch {
        urlProblem = `ui.store: ${JSON.stringify(store.replace(/:[^:@/]*@/, ':***@'))} is not a valid URL`;
      }
    } else if (store.endsWith('/')) urlProblem = `ui.store: ${JSON.stringify(store)} names a folder, not a file`;
    const nonNegative = (key: string) =>
      intOption(values, key, 0) < 0 ? `ui.${key}: ${values[key]} must be 0 or more` : undefined;
    return problems(
      urlProblem,
      nonNegative('maxrows'),
      nonNegative('maxsize'),
      nonNegative('maxage'),
      intOption(values, 'retentioninterval', 1) <= 0 ? 'ui.retentioninterval: must be more than 0' : undefined,
    );
  },
  create(options) {
    const location = stringOption(options, 'store');
    const policy: RetentionPolicy = {
      maxAgeMs: intOption(options, 'maxage', 0),
      maxRows: intOption(options, 'maxrows', 0),
      maxBytes: intOption(options, 'maxsize', 0),
    };
    let store: Promise<AlertStore> | undefined;
    // opened at the first send, so a database that is down is retried like any other failure
    const opened = (): Promise<AlertStore> => {
      store ??= openStore(location).catch((e: unknown) => {
        store = undefined;
        throw e;
      });
      return store;
    };
    let retention: Promise<unknown> = Promise.resolve();
    const timer = setInterval(
      () => {
        retention = retention
          .then(async () => (store ? (await store).applyRetention(policy, Date.now()) : undefined))
          .catch((e: unknown) => process.stderr.write(`router: ui: retention failed: ${(e as Error).message}\n`));
      },
      intOption(options, 'retentioninterval', 60_000),
    );
    timer.unref();
    return {
      name: 'ui',
      maxBatch: uiMaxBatch,
      async send(batch: readonly Delivery[]) {
        try {
          await (await opened()).insert(batch.map((d) => ({ alert: d.alert, count: d.count })));
        } catch (e) {
          throw new DeliveryError(`ui: cannot store alerts: ${(e as Error).message}`, retryable(e));
        }
      },
      async close() {
        clearInterval(timer);
        await retention;
        if (store) await (await store.catch(() => undefined))?.close();
      },
    };
  },
};
