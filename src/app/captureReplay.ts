// Replays a scap capture through the data flow: capture reader → system state → (filter) →
// rules and outputs, or printing in sysdig's `-p` style, or writing the selected events to a new
// capture. The state sees every event; rules and printing see what today's libs deliver.

import { type CaptureHandler, type CaptureMachineInfo, type NetInterface, readCapture } from '../capture/index.js';
import type { ScapEvent } from '../events/scapEvent.js';
import type { FdInfo, GroupInfo, ThreadInfo, UserInfo } from '../state/types.js';
import type { CompiledCondition } from '../condition/index.js';
import type { CompiledOutputFormat } from '../outputs/format.js';
import { isDeliveredEvent, isInternalEvent } from '../sources/syscall/delivery.js';
import type { DropMonitor } from '../sources/syscall/dropMonitor.js';
import { SyscallEvent } from '../sources/syscall/syscallEvent.js';
import { SystemState } from '../state/systemState.js';
import { createDropMonitor } from './dropAlerts.js';
import type { Logger } from './logger.js';
import type { Pipeline } from './pipeline.js';

export const SYSCALL_SOURCE_NAME = 'syscall';

/** Where selected events (and the initial state) go when a replay writes a new capture. */
export interface CaptureSink {
  machine(m: CaptureMachineInfo): void;
  thread(t: ThreadInfo): void;
  fd(pid: number, fd: FdInfo): void;
  user(u: UserInfo): void;
  group(g: GroupInfo): void;
  iface(i: NetInterface): void;
  event(evt: ScapEvent): void;
  close(): Promise<void>;
}

export interface CaptureReplayOptions {
  /** Only events matching this condition are printed, written or run through the rules. */
  filter?: CompiledCondition<SyscallEvent>;
  /** Print each event with this format instead of running the rules (`--print`). */
  print?: { format: CompiledOutputFormat<SyscallEvent>; requireAll: boolean; write: (line: string) => void };
  /** Write the selected events (and the initial state) to a capture. */
  writer?: CaptureSink;
  logger: Logger;
}

export interface CaptureReplayResult {
  /** Events read from the file. */
  eventsRead: number;
  /** Events delivered to the rules (or printed). */
  eventsDelivered: number;
  /** An `exit` drop action stopped the replay. */
  stoppedByDropAction: boolean;
  drops: DropMonitor | undefined;
  state: SystemState;
}

class StopReplay extends Error {}

/** Replays one capture file. Throws the reader's CaptureFormatError after the events before it. */
export async function replayCapture(
  file: string,
  pipeline: Pipeline | undefined,
  opts: CaptureReplayOptions,
): Promise<CaptureReplayResult> {
  const state = new SystemState();
  const view = new SyscallEvent();
  view.state = state;
  let eventsRead = 0;
  let eventsDelivered = 0;
  let stoppedByDropAction = false;

  const drops =
    pipeline && !opts.print
      ? createDropMonitor(pipeline, () => ({ events: eventsRead, drops: 0, dropsBuffer: 0 }), opts.logger, false)
      : undefined;
  if (pipeline) opts.logger.log('info', `Reading system call events from file: ${file}`);

  const { filter, print, writer } = opts;
  const handler: CaptureHandler = {
    machine: (m) => {
      state.setMachine(m);
      writer?.machine(m);
    },
    thread: (t) => {
      state.addThread(t);
      writer?.thread(t);
    },
    fd: (pid, fd) => {
      state.addFd(pid, fd);
      writer?.fd(pid, fd);
    },
    user: (u) => {
      state.addUser(u);
      writer?.user(u);
    },
    group: (g) => {
      state.addGroup(g);
      writer?.group(g);
    },
    iface: (i) => writer?.iface(i),
    event: (raw) => {
      const evt = raw as SyscallEvent;
      eventsRead++;
      state.process(evt);
      // A written capture keeps enter events: old event versions need them to be read again.
      if (writer && !isDeliveredEvent(evt.type)) {
        if (!filter || filter(evt)) writer.event(evt);
        return;
      }
      if (!isDeliveredEvent(evt.type)) return;
      if (drops && !drops.onEvent(evt.tsNumber, () => evt.ts)) {
        stoppedByDropAction = true;
        throw new StopReplay();
      }
      if (filter && !filter(evt)) return;
      eventsDelivered++;
      if (writer) writer.event(evt);
      if (print) {
        if (isInternalEvent(evt.type)) return;
        const line = print.format.renderText(evt, print.requireAll);
        if (line !== undefined) print.write(line);
        return;
      }
      if (pipeline) pipeline.process(SYSCALL_SOURCE_NAME, evt);
    },
  };

  try {
    await readCapture(file, handler, { view });
  } catch (err) {
    if (!(err instanceof StopReplay)) throw err;
  } finally {
    state.flushPending();
  }
  return { eventsRead, eventsDelivered, stoppedByDropAction, drops, state };
}
