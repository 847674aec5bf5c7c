// The queue between the intake and the delivery workers: one ordered log of accepted alerts
// and, per destination, a cursor (the sequence number of the next record it has not handled).

import type { RouterAlert } from '../alert.js';

export interface QueuedRecord {
  /** Position in the log, from 0, never reused. */
  readonly seq: number;
  /** When the intake accepted it (ms since the epoch): retry age and queue age count from here. */
  readonly acceptedAt: number;
  readonly alert: RouterAlert;
}

export interface AlertQueue {
  /** Appends; resolves with the record's seq once it is durable (fsync'd, in the durable queue). */
  append(alert: RouterAlert): Promise<number>;
  /** Up to `max` committed records from seq `from` on (fewer at the end of the log). */
  read(from: number, max: number): Promise<QueuedRecord[]>;
  /** The seq the next committed record will have: records [firstSeq, endSeq) are readable. */
  readonly endSeq: number;
  /** Where a destination resumes: its saved cursor, or the end of the log for a new one. */
  cursorOf(destination: string): number;
  /** Records that the destination handled every record before `next`. */
  saveCursor(destination: string, next: number): void;
  /** Resolves when a record at or after `seq` is committed, or when the signal aborts. */
  waitFor(seq: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
