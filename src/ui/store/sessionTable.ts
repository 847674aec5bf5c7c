// The UI's login sessions as rows in the alert store's database, so that every `kestrel ui`
// replica sharing the database accepts the same sessions and a restart keeps them. A row is
// keyed by the SHA-256 of the session id, never the id itself: reading the table does not let
// anyone log in. What the rows mean (expiry, CSRF, the password tag) is src/ui/server/auth/sessions.ts.

export interface SessionRow {
  /** Ties the session to the password it logged in with (an HMAC keyed by the session id). */
  readonly passwordTag: string;
  /** ms since the epoch; the session is dead from then on. */
  readonly expiresAt: number;
}

export interface SessionTable {
  /**
   * Adds a session, in one transaction with deleting the sessions expired at `now` and then the
   * oldest (by creation) beyond `max`.
   */
  add(idHash: string, row: SessionRow, now: number, max: number): Promise<void>;
  get(idHash: string): Promise<SessionRow | undefined>;
  /** Moves the expiry to `expiresAt`, never earlier than it is (another replica may have renewed it). */
  renew(idHash: string, expiresAt: number): Promise<void>;
  /** false when there was no such session. */
  delete(idHash: string): Promise<boolean>;
  /** Deletes every session; returns how many of them were live at `now`. */
  clear(now: number): Promise<number>;
  /** Deletes the sessions expired at `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
  /** How many rows there are, live or not (for tests and the size bound). */
  count(): Promise<number>;
}
