// Wakes the delivery workers waiting for new records once a commit moves the log's end.

export class Arrivals {
  private waiters: Array<{ seq: number; resolve: () => void }> = [];

  wait(seq: number, end: number, signal: AbortSignal): Promise<void> {
    if (seq < end || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        seq,
        resolve: () => {
          signal.removeEventListener('abort', waiter.resolve);
          resolve();
        },
      };
      signal.addEventListener('abort', waiter.resolve, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Called after each commit with the new end of the log. */
  committed(end: number): void {
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.seq < end) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  releaseAll(): void {
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }
}
