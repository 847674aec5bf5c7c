// Sessions: a random id in an HttpOnly, SameSite=Strict cookie (Secure, with the __Host- prefix,
// under TLS), and per session a CSRF token the client sends back in a header on every
// state-changing request. The sessions live in the alert store's database (store/sessionTable.ts),
// so every replica sharing the database accepts them, logging out on one ends them on all, and a
// restart keeps them. No session secret rests there:
// - a row is keyed by SHA-256(id): a reader of the database cannot turn it into a cookie;
// - the CSRF token is HMAC-SHA256 keyed by the id, not stored at all: any replica holding the
//   cookie can recompute it, a database reader cannot, and the token (readable by the page's
//   script) does not reveal the id;
// - the row's password tag, HMAC-SHA256 keyed by the id over the configured password hash, ends
//   every session when the password changes, without the hash (or a plain digest of it) resting
//   in the table. A session whose tag does not match is refused but left to expire, not deleted:
//   while replicas restart one by one onto a new password, one still on the old one must not
//   delete the sessions made on the new one.
// Idle expiry is renewed by activity (`touch`), not by open alert streams (`peek`); to keep a
// request from being a write each time, the expiry is written at most once per `renewEveryMs`.

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionTable } from '../../store/sessionTable.js';
import type { PasswordHash } from './password.js';

export interface Session {
  readonly csrfToken: string;
}

export const CSRF_HEADER = 'x-csrf-token';

/** 32 random bytes in base64url; anything else in the cookie is no session, without a query. */
const ID_FORM = /^[A-Za-z0-9_-]{43}$/;

export interface SessionOptions {
  idleMs: number;
  /** Most sessions kept; logging in past it drops the oldest. */
  maxSessions: number;
  /** Least time between two writes of one session's expiry (default: a tenth of idleMs, at most 60 s). */
  renewEveryMs?: number;
  /** Least time between two sweeps of expired sessions from a replica (default 10 minutes). */
  sweepEveryMs?: number;
}

const hmac = (id: string, text: string) => createHmac('sha256', id).update(text).digest('base64url');

export class SessionStore {
  private readonly idleMs: number;
  private readonly maxSessions: number;
  private readonly renewEveryMs: number;
  private readonly sweepEveryMs: number;
  private readonly passwordText: string;
  private lastSweep = -Infinity;

  constructor(
    private readonly table: SessionTable,
    password: PasswordHash,
    opts: SessionOptions,
  ) {
    this.idleMs = opts.idleMs;
    this.maxSessions = opts.maxSessions;
    this.renewEveryMs = opts.renewEveryMs ?? Math.min(60_000, Math.floor(opts.idleMs / 10));
    this.sweepEveryMs = opts.sweepEveryMs ?? 10 * 60_000;
    const { n, r, p, salt, key } = password;
    this.passwordText = `kestrel-ui password\u0000${n}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  async create(now: number): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    // logging in also sweeps: the table holds at most maxSessions rows, and few of them dead
    await this.table.add(
      idHash(id),
      { passwordTag: this.passwordTag(id), expiresAt: now + this.idleMs },
      now,
      this.maxSessions,
    );
    return { id, session: sessionOf(id) };
  }

  /** The live session of this id, its idle time renewed; undefined when unknown or expired. */
  async touch(id: string | undefined, now: number): Promise<Session | undefined> {
    if (id === undefined || !ID_FORM.test(id)) return undefined;
    const hash = idHash(id);
    const row = await this.table.get(hash);
    if (!row) return undefined;
    if (row.expiresAt <= now) {
      await this.table.delete(hash);
      return undefined;
    }
    if (!this.tagMatches(id, row.passwordTag)) return undefined;
    // expiresAt was last written idleMs after a request; renew once renewEveryMs have passed since
    if (now + this.idleMs - row.expiresAt >= this.renewEveryMs) await this.table.renew(hash, now + this.idleMs);
    if (now - this.lastSweep >= this.sweepEveryMs) {
      this.lastSweep = now;
      await this.table.deleteExpired(now);
    }
    return sessionOf(id);
  }

  /** Whether the session is live, without renewing it (for streams, which are not activity). */
  async peek(id: string | undefined, now: number): Promise<boolean> {
    if (id === undefined || !ID_FORM.test(id)) return false;
    const row = await this.table.get(idHash(id));
    return row !== undefined && row.expiresAt > now && this.tagMatches(id, row.passwordTag);
  }

  async delete(id: string): Promise<void> {
    await this.table.delete(idHash(id));
  }

  /** Ends every session (there is one password, so every session is the same user's); how many were live. */
  clear(now: number): Promise<number> {
    return this.table.clear(now);
  }

  private passwordTag(id: string): string {
    return hmac(id, this.passwordText);
  }

  private tagMatches(id: string, tag: string): boolean {
    const a = Buffer.from(tag);
    const b = Buffer.from(this.passwordTag(id));
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** What the session table is keyed by: the database never sees the id itself. */
export function idHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

function sessionOf(id: string): Session {
  return { csrfToken: hmac(id, 'kestrel-ui csrf') };
}

export function csrfMatches(session: Session, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieName(tls: boolean): string {
  return tls ? '__Host-kestrel_session' : 'kestrel_session';
}

export function sessionCookie(name: string, id: string, tls: boolean, maxAgeS: number): string {
  return `${name}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${tls ? '; Secure' : ''}`;
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
