// One delivery worker per destination: reads the queue from the destination's cursor, skips
// what the destination does not want, folds duplicates within the dedup window, sends in
// batches of the destination's maxBatch, retries failures with backoff, dead-letters what
// cannot be delivered, and moves the cursor only past what is settled. Each worker waits on its
// own destination only, so one that is down never slows the others.

import type { DeliveryPolicy } from '../config/routerConfig.js';
import { type Delivery, type Destination, DeliveryError, type PartialDelivery } from '../destinations/destination.js';
import type { RouterMetrics } from '../metrics.js';
import type { AlertQueue, QueuedRecord } from '../queue/alertQueue.js';
import { retryDelayMs, sleep } from './backoff.js';
import type { DeadLetters } from './deadLetters.js';
import { foldIdentical } from './dedup.js';
import { wantsAlert } from './wanted.js';

/** Records read at a time; also the most a dedup window folds in one go is SPAN_LIMIT. */
const READ_CHUNK = 512;
const SPAN_LIMIT = 10000;
const DEAD_LOG_EVERY_MS = 10_000;

export interface WorkerDeps {
  readonly destination: Destination;
  readonly policy: DeliveryPolicy;
  readonly queue: AlertQueue;
  readonly metrics: RouterMetrics;
  readonly deadLetters: DeadLetters;
  readonly log: (line: string) => void;
  readonly debug: boolean;
}

interface Settled {
  readonly delivery: Delivery;
  readonly acceptedAt: number;
}

export class DeliveryWorker {
  private cursor: number;
  private oldestAcceptedAt: number | undefined;
  /** Records before this seq are dead-lettered unsent: the backlog overflowed while failing. */
  private shedBefore = 0;
  private failing = 0;
  private unloggedDead = 0;
  private lastDeadLog = 0;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private readonly name: string;

  constructor(private readonly deps: WorkerDeps) {
    this.name = deps.destination.name;
    this.cursor = deps.queue.cursorOf(this.name);
  }

  get destinationName(): string {
    return this.name;
  }

  backlog(now: number): { depth: number; oldestAgeSeconds: number } {
    const depth = Math.max(0, this.deps.queue.endSeq - this.cursor);
    const oldest = this.oldestAcceptedAt;
    return { depth, oldestAgeSeconds: depth > 0 && oldest !== undefined ? Math.max(0, (now - oldest) / 1000) : 0 };
  }

  start(): void {
    this.running ??= this.loop().catch((e: unknown) => {
      this.deps.log(`router: ${this.name}: delivery stopped: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private get signal(): AbortSignal {
    return this.abort.signal;
  }

  private async loop(): Promise<void> {
    const { queue, policy } = this.deps;
    while (!this.signal.aborted) {
      if (this.cursor >= queue.endSeq) {
        this.oldestAcceptedAt = undefined;
        await queue.waitFor(this.cursor, this.signal);
        continue;
      }
      const records = await queue.read(this.cursor, READ_CHUNK);
      if (records.length === 0) {
        await queue.waitFor(this.cursor, this.signal);
        continue;
      }
      this.oldestAcceptedAt = records[0].acceptedAt;
      if (policy.dedupWindowMs > 0) await this.handleSpan(records);
      else await this.handleChunk(records);
    }
  }

  private advance(next: number, nextRecord: QueuedRecord | undefined): void {
    this.cursor = next;
    this.oldestAcceptedAt = nextRecord?.acceptedAt;
    this.deps.queue.saveCursor(this.name, next);
  }

  /** Without dedup: each wanted alert is one Delivery; the cursor moves after each batch. */
  private async handleChunk(records: readonly QueuedRecord[]): Promise<void> {
    const max = Math.max(1, this.deps.destination.maxBatch);
    let batch: Settled[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (!this.wants(r)) continue;
      batch.push({ delivery: { alert: r.alert, count: 1 }, acceptedAt: r.acceptedAt });
      if (batch.length >= max) {
        if (!(await this.settle(batch, r.seq))) return;
        batch = [];
        this.advance(r.seq + 1, records[i + 1]);
      }
    }
    const last = records[records.length - 1];
    if (batch.length > 0 && !(await this.settle(batch, last.seq))) return;
    this.advance(last.seq + 1, undefined);
  }

  /**
   * With dedup: waits until the window of the oldest record has closed, takes every record
   * accepted within it (up to SPAN_LIMIT), folds identical ones, and moves the cursor past the
   * whole span once all its deliveries are settled.
   */
  private async handleSpan(first: readonly QueuedRecord[]): Promise<void> {
    const windowEnd = first[0].acceptedAt + this.deps.policy.dedupWindowMs;
    const wait = windowEnd - Date.now();
    if (wait > 0) await sleep(wait, this.signal);
    if (this.signal.aborted) return;
    const span: QueuedRecord[] = [];
    let next = this.cursor;
    let chunk: readonly QueuedRecord[] = first;
    for (;;) {
      for (const r of chunk) {
        if (r.seq < next) continue;
        if (r.acceptedAt > windowEnd || span.length >= SPAN_LIMIT) break;
        span.push(r);
        next = r.seq + 1;
      }
      const stoppedEarly = chunk.length > 0 && next <= chunk[chunk.length - 1].seq;
      if (stoppedEarly || span.length >= SPAN_LIMIT || next >= this.deps.queue.endSeq) break;
      chunk = await this.deps.queue.read(next, READ_CHUNK);
      if (chunk.length === 0) break;
    }
    const wanted = span.filter((r) => this.wants(r));
    const groups = foldIdentical(wanted);
    for (const g of groups) {
      if (g.delivery.count > 1)
        this.deps.metrics.alertsOut.inc({ destination: this.name, status: 'deduplicated' }, g.delivery.count - 1);
    }
    const max = Math.max(1, this.deps.destination.maxBatch);
    for (let i = 0; i < groups.length; i += max) {
      const batch = groups.slice(i, i + max).map((g) => ({ delivery: g.delivery, acceptedAt: g.first.acceptedAt }));
      if (!(await this.settle(batch, span[span.length - 1].seq))) return;
    }
    const after = await this.deps.queue.read(next, 1);
    this.advance(next, after[0]);
  }

  private wants(r: QueuedRecord): boolean {
    if (wantsAlert(this.deps.policy, r.alert)) return true;
    this.deps.metrics.alertsOut.inc({ destination: this.name, status: 'filtered' });
    return false;
  }

  /**
   * Sends a batch until each of its alerts is delivered or dead-lettered (true), or the worker
   * stops (false: the batch stays in the queue). `lastSeq` is the newest record the batch covers.
   * When the destination reports items failing on their own, only the retryable ones are sent again.
   */
  private async settle(batch: readonly Settled[], lastSeq: number): Promise<boolean> {
    const { destination, policy, metrics, queue } = this.deps;
    if (lastSeq < this.shedBefore) {
      this.deadLetter(batch, `the backlog exceeded maxbacklog (${policy.maxBacklog}) while ${this.name} was failing`);
      return true;
    }
    let pending = batch;
    for (let attempt = 0; ; attempt++) {
      if (this.signal.aborted) return false;
      let message: string;
      try {
        const outcome = await destination.send(
          pending.map((s) => s.delivery),
          AbortSignal.any([this.signal, AbortSignal.timeout(policy.timeoutMs)]),
        );
        if (!outcome || outcome.failed.length === 0) {
          this.delivered(pending);
          return true;
        }
        const retry = this.settleItems(pending, outcome);
        if (retry.pending.length === 0) return true;
        pending = retry.pending;
        message = retry.message;
        metrics.sendFailures.inc({ destination: this.name });
        if (this.failing++ === 0) this.deps.log(`router: ${this.name}: send partly failed, retrying: ${message}`);
      } catch (e) {
        if (this.signal.aborted) return false;
        message = e instanceof Error ? e.message : String(e);
        metrics.sendFailures.inc({ destination: this.name });
        if (this.failing++ === 0) this.deps.log(`router: ${this.name}: send failed, retrying: ${message}`);
        if (e instanceof DeliveryError && !e.retryable) {
          this.deadLetter(pending, `not retryable: ${message}`);
          return true;
        }
      }
      const oldest = Math.min(...pending.map((s) => s.acceptedAt));
      if (Date.now() - oldest > policy.maxRetryAgeMs) {
        this.deadLetter(pending, `still failing after maxretryage (${policy.maxRetryAgeMs} ms): ${message}`);
        return true;
      }
      if (queue.endSeq - this.cursor > policy.maxBacklog) {
        this.shedBefore = queue.endSeq - policy.maxBacklog;
        this.deadLetter(pending, `the backlog exceeded maxbacklog (${policy.maxBacklog}) while failing: ${message}`);
        return true;
      }
      metrics.retries.inc({ destination: this.name });
      await sleep(retryDelayMs(attempt, policy.maxRetryDelayMs), this.signal);
    }
  }

  /**
   * Applies a partial outcome: items not failed are delivered, permanent failures dead-lettered
   * one by one with their own reason; returns the retryable ones and the first of their errors.
   */
  private settleItems(sent: readonly Settled[], outcome: PartialDelivery): { pending: Settled[]; message: string } {
    const failed = new Map(outcome.failed.map((f) => [f.index, f.error]));
    const pending: Settled[] = [];
    let message = '';
    const ok = sent.filter((_, i) => !failed.has(i));
    if (ok.length > 0) this.delivered(ok);
    for (const [i, error] of failed) {
      const item = sent[i];
      if (item === undefined) continue;
      if (error.retryable) {
        pending.push(item);
        message ||= error.message;
      } else this.deadLetter([item], `not retryable: ${error.message}`);
    }
    return { pending, message };
  }

  private delivered(batch: readonly Settled[]): void {
    const { metrics } = this.deps;
    if (this.failing > 0) {
      this.deps.log(`router: ${this.name}: delivering again after ${this.failing} failed sends`);
      this.failing = 0;
    }
    const now = Date.now();
    for (const s of batch) {
      metrics.alertsOut.inc({ destination: this.name, status: 'delivered' });
      metrics.latency.observe({ destination: this.name }, (now - s.acceptedAt) / 1000);
      if (this.deps.debug)
        this.deps.log(
          `router: ${this.name}: delivered ${s.delivery.alert.uuid} (${s.delivery.alert.rule}) ×${s.delivery.count}`,
        );
    }
  }

  private deadLetter(batch: readonly Settled[], reason: string): void {
    const deliveries = batch.map((s) => s.delivery);
    this.deps.deadLetters.write(deliveries, reason);
    let alerts = 0;
    for (const d of deliveries) alerts += d.count;
    this.deps.metrics.deadLetters.inc({ destination: this.name }, alerts);
    this.deps.metrics.alertsOut.inc({ destination: this.name, status: 'deadlettered' }, alerts);
    // one line per DEAD_LOG_EVERY_MS at most: a destination down for long dead-letters a lot
    this.unloggedDead += alerts;
    const now = Date.now();
    if (now - this.lastDeadLog >= DEAD_LOG_EVERY_MS) {
      this.deps.log(`router: ${this.name}: ${this.unloggedDead} alert(s) dead-lettered: ${reason}`);
      this.unloggedDead = 0;
      this.lastDeadLog = now;
    }
  }
}
