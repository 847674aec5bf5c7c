// The in-memory queue: same contract as the durable one without the disk, so nothing survives
// a restart. The benchmark's baseline, and a choice for who prefers speed to durability.

import type { RouterAlert } from '../alert.js';
import type { AlertQueue, QueuedRecord } from './alertQueue.js';
import { Arrivals } from './arrivals.js';
import { RecentRecords } from './recentRecords.js';

export class MemoryQueue implements AlertQueue {
  private readonly records = new RecentRecords(0, Number.MAX_SAFE_INTEGER);
  private readonly cursors = new Map<string, number>();
  private readonly arrivals = new Arrivals();

  constructor(destinations: readonly string[]) {
    for (const d of destinations) this.cursors.set(d, 0);
  }

  get endSeq(): number {
    return this.records.end;
  }

  async append(alert: RouterAlert): Promise<number> {
    const seq = this.records.end;
    this.records.push({ seq, acceptedAt: Date.now(), alert });
    if (this.cursors.size === 0) this.records.dropBefore(seq + 1);
    this.arrivals.committed(seq + 1);
    return seq;
  }

  async read(from: number, max: number): Promise<QueuedRecord[]> {
    return this.records.slice(from, max) ?? [];
  }

  cursorOf(destination: string): number {
    return this.cursors.get(destination) ?? this.records.end;
  }

  saveCursor(destination: string, next: number): void {
    this.cursors.set(destination, next);
    let min = this.records.end;
    for (const c of this.cursors.values()) min = Math.min(min, c);
    this.records.dropBefore(min);
  }

  waitFor(seq: number, signal: AbortSignal): Promise<void> {
    return this.arrivals.wait(seq, this.records.end, signal);
  }

  async close(): Promise<void> {
    this.arrivals.releaseAll();
  }
}
