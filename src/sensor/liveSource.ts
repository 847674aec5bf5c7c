// The live syscall source: opens the kernel sensor, receives its batches and hands each event to a
// callback through one reused view (ScapEvent or a subclass such as SyscallEvent), numbering events
// as evt.num. No per-event allocation: the view is re-pointed at each event in the batch buffer.

import type { ScapEvent } from '../events/scapEvent.js';
import type { SensorOpenOptions, SensorStats } from './addon.js';
import { type LoadedSensor, loadSensor } from './load.js';
import { syscallSelectionFor } from './syscallNumbers.js';

export interface LiveSourceOptions extends Partial<SensorOpenOptions> {
  /** Event type ids to capture (mapped to syscalls); alternative to `syscalls`. */
  eventTypes?: Iterable<number>;
}

export class LiveSource<V extends ScapEvent> {
  private sensor: LoadedSensor | undefined;
  private nextNum = 1;
  /** Set when the callback threw: the error is rethrown by the next stats()/close(). */
  private failure: unknown;

  constructor(
    private readonly view: V,
    private readonly onEvent: (evt: V) => void,
  ) {}

  /** Opens and attaches the sensor. Throws SensorUnavailableError, or the addon's error (verifier log...). */
  open(opts: LiveSourceOptions): void {
    if (this.sensor) throw new Error('live source already open');
    const sel = opts.eventTypes ? syscallSelectionFor(opts.eventTypes) : undefined;
    const sensor = loadSensor();
    const options: SensorOpenOptions = {
      syscalls: opts.syscalls ?? sel?.syscalls ?? [],
      procExit: opts.procExit ?? sel?.procExit ?? true,
      bufferBytesPerCpu: opts.bufferBytesPerCpu,
      batchMaxEvents: opts.batchMaxEvents,
      batchMaxDelayMs: opts.batchMaxDelayMs,
      ignorePid: opts.ignorePid,
    };
    sensor.addon.open(sensor.objectPath, options, (buf, index) => this.onBatch(buf, index));
    this.sensor = sensor;
  }

  /**
   * Batch entries in timestamp order. Each CPU's ring is in order, but a batch holds several CPUs'
   * events one ring after another; the state needs a clone before the child's exec on another CPU.
   */
  private order(buf: Buffer, index: Uint32Array): Uint32Array {
    const n = index.length >> 1;
    if (this.orderBuf.length < n) this.orderBuf = new Uint32Array(Math.max(n, this.orderBuf.length * 2));
    const order = this.orderBuf.subarray(0, n);
    let sorted = true;
    let prev = -1;
    for (let k = 0; k < n; k++) {
      order[k] = k;
      const off = index[k * 2];
      const ts = buf.readUInt32LE(off + 4) * 0x100000000 + buf.readUInt32LE(off);
      if (ts < prev) sorted = false;
      prev = ts;
    }
    if (!sorted) {
      const tsOf = (k: number) => {
        const off = index[k * 2];
        return buf.readUInt32LE(off + 4) * 0x100000000 + buf.readUInt32LE(off);
      };
      order.sort((a, b) => tsOf(a) - tsOf(b) || a - b);
    }
    return order;
  }

  private orderBuf = new Uint32Array(1024);

  /** Told after each batch: how many events, and the seconds they took through the callback. */
  onBatchProcessed: ((events: number, seconds: number) => void) | undefined;

  private onBatch(buf: Buffer, index: Uint32Array): void {
    if (this.failure !== undefined) return;
    const view = this.view;
    const started = this.onBatchProcessed ? performance.now() : 0;
    try {
      const order = this.order(buf, index);
      for (let k = 0; k < order.length; k++) {
        const i = order[k] * 2;
        view.set(buf, index[i], index[i + 1]);
        view.num = this.nextNum++;
        this.onEvent(view);
      }
    } catch (e) {
      this.failure = e;
    }
    this.onBatchProcessed?.(index.length >> 1, (performance.now() - started) / 1000);
  }

  /** Changes the captured syscalls while running. */
  setSyscalls(syscalls: number[]): void {
    this.requireOpen().addon.setSyscalls(syscalls);
  }

  stats(): SensorStats {
    this.rethrow();
    return this.requireOpen().addon.stats();
  }

  /** Events handed to the callback so far. */
  get delivered(): number {
    return this.nextNum - 1;
  }

  close(): void {
    const s = this.sensor;
    this.sensor = undefined;
    s?.addon.close();
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure === undefined) return;
    const e = this.failure;
    this.failure = undefined;
    throw e;
  }

  private requireOpen(): LoadedSensor {
    if (!this.sensor) throw new Error('live source is not open');
    return this.sensor;
  }
}
