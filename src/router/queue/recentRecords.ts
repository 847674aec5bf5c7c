// The newest records, decoded, so workers keeping up with the intake never read the disk.
// Holds records [base, base + length); older ones are dropped past `capacity`.

import type { QueuedRecord } from './alertQueue.js';

export class RecentRecords {
  private records: QueuedRecord[] = [];
  private head = 0;
  base: number;

  constructor(
    start: number,
    private readonly capacity: number,
  ) {
    this.base = start;
  }

  get end(): number {
    return this.base + this.records.length - this.head;
  }

  push(record: QueuedRecord): void {
    this.records.push(record);
    if (this.records.length - this.head > this.capacity) this.dropBefore(this.end - this.capacity);
  }

  /** Records from seq `from`, up to `max`; undefined when `from` is older than what is kept. */
  slice(from: number, max: number): QueuedRecord[] | undefined {
    if (from < this.base) return undefined;
    const start = this.head + (from - this.base);
    return this.records.slice(start, Math.min(start + max, this.records.length));
  }

  dropBefore(seq: number): void {
    if (seq <= this.base) return;
    const n = Math.min(seq - this.base, this.records.length - this.head);
    this.head += n;
    this.base += n;
    // compact now and then rather than shifting on every drop
    if (this.head > 4096 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
  }
}
