// Notices new alerts in the store. The router writes them from another process (or another
// host, with PostgreSQL), so the store is the only place to learn of them: one poll of the newest
// sequence number per interval serves every open stream, and nothing polls while none is open.

import type { AlertStore } from '../store/types.js';

export type LatestListener = (latest: number) => void;

export class AlertWatcher {
  private readonly listeners = new Set<LatestListener>();
  private timer: NodeJS.Timeout | undefined;
  private latest = -1;
  private polling = false;

  constructor(
    private readonly store: AlertStore,
    private readonly intervalMs: number,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Calls `listener` with the newest sequence number whenever it changes; returns the unsubscribe. */
  subscribe(listener: LatestListener): () => void {
    this.listeners.add(listener);
    if (!this.timer) this.timer = setInterval(() => void this.poll(), this.intervalMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** The newest sequence number now (also what later changes are measured from). */
  async current(): Promise<number> {
    this.latest = await this.store.latestSeq();
    return this.latest;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling) return; // a slow store: skip a tick rather than pile queries up
    this.polling = true;
    try {
      const latest = await this.store.latestSeq();
      if (latest !== this.latest) {
        this.latest = latest;
        for (const l of this.listeners) l(latest);
      }
    } catch (e) {
      this.onError(e);
    } finally {
      this.polling = false;
    }
  }
}
