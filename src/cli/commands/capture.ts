// `kestrel capture -w FILE.scap [-M seconds] [FILTER]`: records live syscall events, with the
// host's processes and fds from /proc first, into a capture that `sysdig -r` and `kestrel replay`
// read. A filter keeps only matching events (the state still sees every event).
import { rmSync } from 'node:fs';
import { createCaptureWriter } from '../../capture/index.js';
import { compileCondition, parseCondition } from '../../condition/index.js';
import { scanProc } from '../../sources/host/procScan.js';
import { readHostGroups, readHostUsers } from '../../sources/host/users.js';
import { isDeliveredEvent } from '../../sources/syscall/delivery.js';
import { STATE_SYSCALLS } from '../../sources/syscall/selection.js';
import { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import { SyscallSource } from '../../sources/syscall/syscallSource.js';
import { SystemState } from '../../state/systemState.js';
import { CliError, EXIT_OK } from '../exitCodes.js';
import { LiveCaptureUnavailableError, openLiveCapture } from './liveCapture.js';

export interface CaptureOptions {
  write: string;
  /** Stop after this many seconds (default: until SIGINT/SIGTERM). */
  M?: string;
  /** Extra syscalls to record beyond the state set (comma-separated), or `all`. */
  syscalls?: string;
}

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()}: ${line}\n`);
};

function parseSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`-M takes a number of seconds > 0, got '${text}'`);
  return n;
}

function syscallSet(text: string | undefined): Set<string> | 'all' {
  if (text === 'all') return 'all';
  const extra = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return new Set([...STATE_SYSCALLS, ...extra]);
}

export async function captureCommand(filterWords: string[], opts: CaptureOptions): Promise<number> {
  const seconds = parseSeconds(opts.M);
  const source = new SyscallSource();
  const filterText = filterWords.join(' ').trim();
  let filter: ((e: SyscallEvent) => boolean) | undefined;
  if (filterText) {
    try {
      filter = compileCondition<SyscallEvent>(parseCondition(filterText), source);
    } catch (err) {
      throw new CliError(`invalid filter '${filterText}': ${(err as Error).message}`);
    }
  }
  const writer = await createCaptureWriter(opts.write, { gzip: opts.write.endsWith('.gz') });
  const state = new SystemState();
  const scan = scanProc({
    thread: (t) => {
      state.addThread(t);
      writer.thread(t);
    },
    fd: (pid, fd) => {
      state.addFd(pid, fd);
      writer.fd(pid, fd);
    },
  });
  for (const u of readHostUsers()) {
    state.addUser(u);
    writer.user(u);
  }
  for (const g of readHostGroups()) {
    state.addGroup(g);
    writer.group(g);
  }
  const view = new SyscallEvent();
  view.state = state;
  let capture;
  try {
    capture = await openLiveCapture(syscallSet(opts.syscalls), view);
  } catch (err) {
    await writer.close();
    rmSync(opts.write, { force: true }); // no half-made capture left behind
    if (err instanceof LiveCaptureUnavailableError) throw new CliError(`live capture is unavailable: ${err.message}`);
    throw err;
  }
  let written = 0;
  capture.start((raw) => {
    const evt = raw as SyscallEvent;
    state.process(evt);
    if (filter && isDeliveredEvent(evt.type) && !filter(evt)) return;
    writer.event(evt);
    written++;
  });
  log(`capture started: writing ${opts.write} (${scan.threads} threads from /proc)`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (seconds !== undefined) setTimeout(stop, seconds * 1000);
  });
  const counters = capture.counters();
  await capture.close();
  await writer.close();
  log(`capture stopped: ${written} events written, ${counters.drops} dropped by the kernel`);
  return EXIT_OK;
}
