// Opens the live sensor for `kestrel run` and `kestrel capture`: maps the selected syscall names to
// x86_64 numbers, leaves Kestrel's own syscalls out, and adapts the sensor's counters.
import type { LiveCapture, LiveCaptureFactory } from '../../app/liveDetection.js';
import type { ScapEvent } from '../../events/scapEvent.js';
import { SensorUnavailableError } from '../../sensor/load.js';
import { LiveSource } from '../../sensor/liveSource.js';
import { syscallNumber } from '../../sensor/syscallNumbers.js';
import { X86_64_SYSCALL_NUMBERS } from '../../sensor/syscallNumbersX64.js';

/** Live capture cannot run here; the message says why (not root, no BTF, sensor not built...). */
export class LiveCaptureUnavailableError extends Error {}

function numbersOf(names: ReadonlySet<string> | 'all'): number[] {
  if (names === 'all') return [...new Set(Object.values(X86_64_SYSCALL_NUMBERS))].sort((a, b) => a - b);
  const out: number[] = [];
  for (const n of names) {
    const nr = syscallNumber(n);
    if (nr !== undefined) out.push(nr);
  }
  return out.sort((a, b) => a - b);
}

export const openLiveCapture: LiveCaptureFactory = async (syscalls, view: ScapEvent) => {
  let onEvent: (evt: ScapEvent) => void = () => {};
  const source = new LiveSource(view, (evt) => onEvent(evt));
  try {
    source.open({ syscalls: numbersOf(syscalls), procExit: true, ignorePid: process.pid });
  } catch (err) {
    if (err instanceof SensorUnavailableError) throw new LiveCaptureUnavailableError(err.message);
    throw new LiveCaptureUnavailableError((err as Error).message);
  }
  let closed = false;
  let last: ReturnType<LiveCapture['counters']> = {
    events: 0,
    drops: 0,
    dropsBuffer: 0,
    dropsPerCpu: [],
    eventsPerCpu: [],
  };
  const capture: LiveCapture = {
    start(handler, onBatch) {
      onEvent = handler;
      source.onBatchProcessed = onBatch;
    },
    counters() {
      // After close the last figures stand.
      if (closed) return last;
      const s = source.stats();
      last = {
        events: s.events,
        drops: s.drops,
        dropsBuffer: s.drops,
        dropsPerCpu: s.dropsPerCpu,
        eventsPerCpu: s.eventsPerCpu,
        dropsByCategory: s.dropsByCategory,
        ignored: { ia32Unmapped: s.ia32Unmapped, socketcallUnconverted: s.socketcallUnconverted },
      };
      return last;
    },
    async close() {
      if (closed) return;
      capture.counters();
      closed = true;
      source.close();
    },
  };
  return capture;
};
