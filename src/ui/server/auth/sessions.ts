// Sessions: a random id in an HttpOnly, SameSite=Strict cookie (Secure, with the __Host- prefix,
// under TLS), and per session a CSRF token the client sends back in a header on every
// state-changing request. Kept in memory: a restart logs everyone out, which is acceptable, and
// no session secret ever rests on disk.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { BoundedMap } from './boundedMap.js';

export interface Session {
  readonly csrfToken: string;
  expiresAt: number;
}

export const CSRF_HEADER = 'x-csrf-token';

export class SessionStore {
  private readonly sessions: BoundedMap<string, Session>;

  constructor(
    private readonly idleMs: number,
    maxSessions: number,
  ) {
    this.sessions = new BoundedMap(maxSessions);
  }

  create(now: number): { id: string; session: Session } {
    const id = randomBytes(32).toString('base64url');
    const session = { csrfToken: randomBytes(32).toString('base64url'), expiresAt: now + this.idleMs };
    this.sessions.set(id, session);
    return { id, session };
  }

  /** The live session of this id, its idle time renewed; undefined when unknown or expired. */
  touch(id: string | undefined, now: number): Session | undefined {
    if (id === undefined) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= now) {
      this.sessions.delete(id);
      return undefined;
    }
    s.expiresAt = now + this.idleMs;
    return s;
  }

  /** Whether the session is live, without renewing it (for streams, which are not activity). */
  peek(id: string | undefined, now: number): boolean {
    if (id === undefined) return false;
    const s = this.sessions.get(id);
    return s !== undefined && s.expiresAt > now;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  /** Ends every session (there is one password, so every session is the same user's); how many. */
  clear(): number {
    const n = this.sessions.size;
    this.sessions.clear();
    return n;
  }
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
