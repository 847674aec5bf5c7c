// Fans each alert out to every enabled channel. The alert is formatted once (text or JSON), then
// queued on each channel separately: a channel's lines stay in order, and a slow or failing
// channel never holds up the others. Failures are reported as Falco logs them (`<channel>: <error>`)
// and the next alert is tried as usual. outputs_queue.capacity bounds how many alerts may wait per
// channel (0: unbounded); beyond it alerts are dropped, the first drop reported with Falco's
// message. A write taking longer than output_timeout is reported once it overruns.

import type { Alert } from '../engine/types.js';
import type { AlertFormatter, InternalMessage } from './alert.js';
import type { OutputChannel } from './channels/channel.js';

export type OutputErrorHandler = (channel: string, error: Error) => void;

export interface OutputDispatcherOptions {
  channels: readonly OutputChannel[];
  formatter: AlertFormatter;
  /** Receives every channel failure; by default they are written to stderr. */
  onError?: OutputErrorHandler;
  /** `outputs_queue.capacity`: alerts that may wait per channel; 0 or absent for no bound. */
  queueCapacity?: number;
  /** `output_timeout` in milliseconds: writes taking longer are reported. 0 disables it. */
  outputTimeoutMs?: number;
}

/** Falco's message for the first alert dropped because the queue is full. */
export const QUEUE_FULL_MESSAGE = 'Outputs queue out of memory. Drop event and continue on ...';

interface Lane {
  channel: OutputChannel;
  tail: Promise<void>;
  pending: number;
}

function defaultOnError(channel: string, error: Error): void {
  process.stderr.write(`${channel}: ${error.message}\n`);
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

export class OutputDispatcher {
  readonly formatter: AlertFormatter;
  readonly #lanes: Lane[];
  readonly #onError: OutputErrorHandler;
  readonly #capacity: number;
  readonly #timeoutMs: number;
  #dropped = 0;
  #closed = false;

  constructor(options: OutputDispatcherOptions) {
    this.formatter = options.formatter;
    this.#lanes = options.channels.map((channel) => ({ channel, tail: Promise.resolve(), pending: 0 }));
    this.#onError = options.onError ?? defaultOnError;
    this.#capacity = options.queueCapacity ?? 0;
    this.#timeoutMs = options.outputTimeoutMs ?? 0;
  }

  /** Names of the channels alerts go to, in order. */
  get channelNames(): string[] {
    return this.#lanes.map((l) => l.channel.name);
  }

  /** Alerts dropped so far because a channel's queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Sends an alert to every channel. Returns at once; delivery happens in the background. */
  dispatch(alert: Alert): void {
    this.#enqueue(alert, this.formatter.format(alert));
  }

  /** Sends an internal message (source `internal`, e.g. an event drop alert) to every channel. */
  dispatchInternal(msg: InternalMessage): void {
    const alert: Alert = {
      time: msg.time,
      rule: msg.rule,
      priority: msg.priority,
      source: 'internal',
      output: msg.message,
      outputFields: { ...msg.fields },
      tags: [],
      hostname: msg.hostname,
    };
    this.#enqueue(alert, this.formatter.internal(msg));
  }

  #report(channel: string, e: unknown): void {
    try {
      this.#onError(channel, asError(e));
    } catch {
      // A failing reporter must not stop delivery.
    }
  }

  #enqueue(alert: Alert, line: string): void {
    if (this.#closed) throw new Error('the output dispatcher is closed');
    for (const lane of this.#lanes) {
      if (this.#capacity > 0 && lane.pending >= this.#capacity) {
        if (this.#dropped === 0) this.#report(lane.channel.name, new Error(QUEUE_FULL_MESSAGE));
        this.#dropped++;
        continue;
      }
      lane.pending++;
      lane.tail = lane.tail.then(() => this.#deliver(lane, (c) => c.write(alert, line)));
    }
  }

  /** Runs one channel operation, watching its duration and reporting what goes wrong. */
  async #deliver(lane: Lane, op: (c: OutputChannel) => void | Promise<void>, counted = true): Promise<void> {
    const name = lane.channel.name;
    let timer: NodeJS.Timeout | undefined;
    if (this.#timeoutMs > 0) {
      timer = setTimeout(
        () => this.#report(name, new Error(`"${name}" output timeout, the channel is blocked`)),
        this.#timeoutMs,
      );
      timer.unref();
    }
    try {
      await op(lane.channel);
    } catch (e) {
      this.#report(name, e);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (counted) lane.pending--;
    }
  }

  #onAll(op: (c: OutputChannel) => void | Promise<void>): Promise<void> {
    for (const lane of this.#lanes) lane.tail = lane.tail.then(() => this.#deliver(lane, op, false));
    return Promise.all(this.#lanes.map((l) => l.tail)).then(() => undefined);
  }

  /** Waits until every queued alert is delivered, then flushes the channels' buffers. */
  flush(): Promise<void> {
    return this.#onAll((c) => c.flush?.());
  }

  /** Closes and reopens files and pipes (log rotation). */
  reopen(): Promise<void> {
    return this.#onAll((c) => c.reopen?.());
  }

  /** Delivers what is queued, then closes every channel. No alert may be sent afterwards. */
  close(): Promise<void> {
    this.#closed = true;
    return this.#onAll((c) => c.close());
  }
}
