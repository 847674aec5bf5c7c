// Syscall event drop monitoring, as falco.yaml's `syscall_event_drops` describes it: once per
// second of event time, compare the capture's drop counters with the last look; on new drops
// above the threshold, take the configured actions (rate-limited by a token bucket). With
// `simulate_drops` every look counts one drop, which is how Falco's own tests exercise it.

import type { SyscallEventDropsConfig } from '../../config/types.js';
import { TokenBucket } from './tokenBucket.js';

const ONE_SECOND_NS = 1e9;

export const DROP_RULE = 'Falco internal: syscall event drop';

/** Counters a capture source reports (the scap stats Falco looks at). */
export interface DropCounters {
  events: number;
  drops: number;
  dropsBuffer: number;
  dropsBufferCloneForkExit?: number;
  dropsBufferExecveExit?: number;
  dropsBufferConnectExit?: number;
  dropsBufferOpenExit?: number;
  dropsBufferDirFileExit?: number;
  dropsBufferOtherInterestExit?: number;
  dropsBufferCloseExit?: number;
  dropsBufferProcExit?: number;
  dropsScratchMap?: number;
  dropsPageFaults?: number;
  dropsBug?: number;
}

export interface DropActionSink {
  /** The internal alert (priority Debug) with Falco's message and output fields. */
  alert(timeNs: bigint, message: string, fields: Record<string, string>): void;
  /** A log line at Falco's level for it (`debug` for the log action, `critical` for exit). */
  log(level: 'info' | 'debug' | 'critical', message: string): void;
}

const COUNTER_FIELDS: ReadonlyArray<[string, keyof DropCounters]> = [
  ['n_evts', 'events'],
  ['n_drops', 'drops'],
  ['n_drops_buffer_total', 'dropsBuffer'],
  ['n_drops_buffer_clone_fork_exit', 'dropsBufferCloneForkExit'],
  ['n_drops_buffer_execve_exit', 'dropsBufferExecveExit'],
  ['n_drops_buffer_connect_exit', 'dropsBufferConnectExit'],
  ['n_drops_buffer_open_exit', 'dropsBufferOpenExit'],
  ['n_drops_buffer_dir_file_exit', 'dropsBufferDirFileExit'],
  ['n_drops_buffer_other_interest_exit', 'dropsBufferOtherInterestExit'],
  ['n_drops_buffer_close_exit', 'dropsBufferCloseExit'],
  ['n_drops_buffer_proc_exit', 'dropsBufferProcExit'],
  ['n_drops_scratch_map', 'dropsScratchMap'],
  ['n_drops_page_faults', 'dropsPageFaults'],
  ['n_drops_bug', 'dropsBug'],
];

function delta(now: DropCounters, last: DropCounters): DropCounters {
  const d = { events: 0, drops: 0, dropsBuffer: 0 } as DropCounters;
  for (const [, k] of COUNTER_FIELDS) (d[k] as number) = (now[k] ?? 0) - (last[k] ?? 0);
  return d;
}

export class DropMonitor {
  /** Looks at which drops were found above the threshold. */
  detections = 0;
  /** Times the actions were taken (the bucket allowed it). */
  actionsTaken = 0;
  private nextCheckNs = 0;
  private last: DropCounters;
  private readonly bucket: TokenBucket;
  private readonly threshold: number;

  constructor(
    private readonly config: SyscallEventDropsConfig,
    private readonly counters: () => DropCounters,
    private readonly sink: DropActionSink,
    private readonly ebpf = false,
  ) {
    this.bucket = new TokenBucket(config.rate, config.maxBurst);
    this.threshold = config.simulateDrops ? 0 : config.threshold;
    this.last = { ...counters() };
  }

  /** Called for every event with its time; returns false when an `exit` action asks to stop. */
  onEvent(tsNs: number, tsExact: () => bigint): boolean {
    if (this.nextCheckNs === 0) this.nextCheckNs = tsNs + ONE_SECOND_NS;
    if (!(this.nextCheckNs < tsNs)) return true;
    this.nextCheckNs = tsNs + ONE_SECOND_NS;
    const now = { ...this.counters() };
    const d = delta(now, this.last);
    this.last = now;
    if (this.config.simulateDrops) {
      this.sink.log('info', 'Simulating syscall event drop');
      d.drops++;
    }
    if (d.drops <= 0) return true;
    // n_evts includes the drops; with no events counted the ratio is infinite, as in Falco.
    const ratio = d.drops / d.events;
    if (!(ratio > this.threshold)) return true;
    this.detections++;
    if (!this.bucket.claim(tsNs)) return true;
    this.actionsTaken++;
    return this.act(tsExact(), d);
  }

  private act(time: bigint, d: DropCounters): boolean {
    const message = `${DROP_RULE}. ${d.drops} system calls dropped in last second.`;
    let keepGoing = true;
    for (const action of this.config.actions) {
      if (action === 'log') this.sink.log('debug', message);
      else if (action === 'alert') {
        const fields: Record<string, string> = {};
        for (const [name, k] of COUNTER_FIELDS) fields[name] = String(d[k] ?? 0);
        fields.ebpf_enabled = this.ebpf ? '1' : '0';
        this.sink.alert(time, message, fields);
      } else if (action === 'exit') {
        this.sink.log('critical', message);
        this.sink.log('critical', 'Exiting.');
        keepGoing = false;
      }
    }
    return keepGoing;
  }

  /** The summary Falco prints at the end of a run. */
  statsText(): string {
    return (
      'Syscall event drop monitoring:\n' +
      `   - event drop detected: ${this.detections} occurrences\n` +
      `   - num times actions taken: ${this.actionsTaken}\n`
    );
  }
}
