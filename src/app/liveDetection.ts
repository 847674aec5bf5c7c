// Live detection on this host: the initial state from /proc, then the sensor's events through
// the state and the rules, with drop monitoring. The sensor is reached through `LiveCapture`, so
// this flow does not depend on how the kernel side is built.

import { syscallEventTypeIds } from '../engine/engine.js';
import type { ScapEvent } from '../events/scapEvent.js';
import { scanProc } from '../sources/host/procScan.js';
import { readHostGroups, readHostUsers } from '../sources/host/users.js';
import { isDeliveredEvent } from '../sources/syscall/delivery.js';
import type { DropCounters, DropMonitor } from '../sources/syscall/dropMonitor.js';
import { selectSyscalls, syscallsOfEventIds } from '../sources/syscall/selection.js';
import { SyscallEvent } from '../sources/syscall/syscallEvent.js';
import { OciBundleMetadata } from '../sources/host/ociBundles.js';
import { SystemState } from '../state/systemState.js';
import { createDropMonitor } from './dropAlerts.js';
import type { Logger } from './logger.js';
import type { CaptureCounters } from './metrics.js';
import type { Pipeline } from './pipeline.js';

/** What the live sensor offers Kestrel. */
export interface LiveCapture {
  /**
   * Starts delivering events: `onEvent` gets each event through a view that is valid only during
   * the call; `onBatch` follows each batch with its size and the seconds it took to process.
   */
  start(onEvent: (evt: ScapEvent) => void, onBatch?: (events: number, seconds: number) => void): void;
  /** Totals since start (scap stats) and the per-CPU figures the metrics show. */
  counters(): CaptureCounters & DropCounters;
  close(): Promise<void>;
}

/** Opens the sensor for a set of syscall names ('all' for every syscall). */
export type LiveCaptureFactory = (syscalls: ReadonlySet<string> | 'all', view: ScapEvent) => Promise<LiveCapture>;

/** The syscall names the enabled syscall rules match, or 'all' when one matches every event. */
export function ruleSyscalls(pipeline: Pipeline): Set<string> | 'all' {
  const names = new Set<string>();
  for (const e of pipeline.engine.ruleset('syscall')?.entries ?? []) {
    if (!e.enabled) continue;
    if (e.rule.evttypes === null) return 'all';
    for (const n of syscallsOfEventIds(syscallEventTypeIds(e.rule.evttypes))) names.add(n);
  }
  return names;
}

export interface LiveDetection {
  capture: LiveCapture;
  state: SystemState;
  drops: DropMonitor;
  /** The sensor's selection, for the start-up log line. */
  syscalls: Set<string> | 'all';
  /** Set when an `exit` drop action asked to stop. */
  readonly stopped: Promise<void>;
}

export async function startLiveDetection(
  pipeline: Pipeline,
  openCapture: LiveCaptureFactory,
  logger: Logger,
  observeBatch?: (seconds: number) => void,
): Promise<LiveDetection> {
  // HOST_ROOT: the host's / when Kestrel runs in a pod (as libsinsp reads it)
  const hostRoot = process.env.HOST_ROOT ?? '';
  const state = new SystemState({
    hostRoot,
    containerMetadata: new OciBundleMetadata({ hostRoot, warn: (m) => logger.log('warning', m) }),
  });
  const scan = scanProc({ thread: (t) => state.addThread(t), fd: (pid, fd) => state.addFd(pid, fd) });
  logger.log('info', `proc scan: ${scan.processes} processes, ${scan.threads} threads, ${scan.fds} fds`);

  for (const u of readHostUsers()) state.addUser(u);
  for (const g of readHostGroups()) state.addGroup(g);
  const syscalls = selectSyscalls(ruleSyscalls(pipeline), pipeline.config.baseSyscalls);
  const view = new SyscallEvent();
  view.state = state;
  const capture = await openCapture(syscalls, view);
  const drops = createDropMonitor(pipeline, () => capture.counters(), logger, true);
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  capture.start(
    (raw) => {
      const evt = raw as SyscallEvent;
      state.process(evt);
      if (!isDeliveredEvent(evt.type)) return;
      if (!drops.onEvent(evt.tsNumber, () => evt.ts)) stop();
      pipeline.process('syscall', evt);
    },
    (_n, seconds) => observeBatch?.(seconds),
  );
  return { capture, state, drops, syscalls, stopped };
}
