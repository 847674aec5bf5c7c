// What the routes share: the store, the auth state and the server's settings.

import type { AlertStore, StoredAlert } from '../store/types.js';
import type { PasswordHash } from './auth/password.js';
import type { LoginLimiter } from './auth/loginLimiter.js';
import type { SessionStore } from './auth/sessions.js';
import type { ExceptionConfig } from './exceptionFile.js';

export interface UiContext {
  readonly store: AlertStore;
  readonly password: PasswordHash;
  readonly sessions: SessionStore;
  readonly limiter: LoginLimiter;
  readonly tls: boolean;
  readonly cookie: string;
  readonly sessionIdleMs: number;
  readonly routerUrl?: string;
  readonly exceptions?: ExceptionConfig;
  readonly now: () => number;
}

/** An alert as the API returns it. */
export function alertJson(s: StoredAlert) {
  const a = s.alert;
  return {
    id: a.uuid,
    time: a.time,
    priority: a.priority,
    rule: a.rule,
    source: a.source,
    hostname: a.hostname,
    tags: a.tags,
    output: a.output,
    output_fields: a.output_fields,
    count: s.count,
    acknowledged_at: s.acknowledgedAt === null ? null : new Date(s.acknowledgedAt).toISOString(),
    muted_by: s.mutedBy,
  };
}
