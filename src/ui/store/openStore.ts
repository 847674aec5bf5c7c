// Opens the store a location names: a postgres:// or postgresql:// URL, otherwise a SQLite file.

import { PostgresAlertStore } from './postgresStore.js';
import { SqliteAlertStore } from './sqliteStore.js';
import type { AlertStore } from './types.js';

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

export async function openStore(location: string): Promise<AlertStore> {
  if (isPostgresUrl(location)) return PostgresAlertStore.open(location);
  return new SqliteAlertStore(location);
}
