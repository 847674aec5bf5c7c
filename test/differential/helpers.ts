// The two sides of the sysdig differential test: `sysdig -r FILE -p FORMAT FILTER` (libsinsp 0.29,
// the reference for field values) and Kestrel's `replay FILE --print FORMAT FILTER` run in-process,
// plus per-event facts read from the capture itself that the known-difference normalisers need.

import { execFileSync } from 'node:child_process';
import { replayCapture } from '../../src/app/captureReplay.js';
import { Logger } from '../../src/app/logger.js';
import { readCapture } from '../../src/capture/index.js';
import { compileCondition, parseCondition } from '../../src/condition/index.js';
import { compileOutputFormat } from '../../src/outputs/format.js';
import type { SyscallEvent } from '../../src/sources/syscall/syscallEvent.js';
import { SyscallSource } from '../../src/sources/syscall/syscallSource.js';

// The legacy captures and the sysdig check are the capture tests' own.
export { CAPTURES, SYSDIG_MISSING, TRACE_DIR } from '../capture/helpers.js';

/** Separates the fields of one printed line; sysdig prints no tab inside a value (buffers show it as '.'). */
export const SEP = '\t';

/**
 * Events that have no exit counterpart and so reach Kestrel's printing from a capture, as they
 * reach today's Falco (see src/sources/syscall/delivery.ts), restricted to the names sysdig 0.29
 * knows (newer ones cannot occur in these old captures).
 */
export const STANDALONE_EVENTS = [
  'procexit',
  'switch',
  'signaldeliver',
  'cpu_hotplug',
  'tracer',
  'notification',
  'page_fault',
  'pluginevent',
];

/** sysdig's filter for what today's libs deliver from a capture: exit events and standalone events. */
export function sysdigFilter(filter: string | undefined): string {
  const delivered = `(evt.dir=< or evt.type in (${STANDALONE_EVENTS.join(', ')}))`;
  return filter ? `(${filter}) and ${delivered}` : delivered;
}

/** The format text for a list of fields: `%evt.num` first, fields separated by SEP. */
export function formatText(fields: readonly string[], all: boolean): string {
  return (all ? '*' : '') + fields.map((f) => `%${f}`).join(SEP);
}

export function sysdigLines(file: string, format: string, filter: string | undefined): string[] {
  // -v: sysdig cuts long arguments to 80 characters for the terminal unless verbose; libsinsp does not
  const out = execFileSync('sysdig', ['-v', '-r', file, '-p', format, sysdigFilter(filter)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 26,
  }).toString();
  return out.split('\n').filter((l) => l !== '');
}

/** What `kestrel replay FILE --print FORMAT FILTER` prints, run in-process. */
export async function kestrelLines(file: string, format: string, filter: string | undefined): Promise<string[]> {
  const source = new SyscallSource();
  const lines: string[] = [];
  await replayCapture(file, undefined, {
    filter: filter ? compileCondition<SyscallEvent>(parseCondition(filter), source) : undefined,
    print: {
      format: compileOutputFormat<SyscallEvent>(format, source),
      requireAll: !format.startsWith('*'),
      write: (l) => lines.push(l),
    },
    logger: new Logger({ level: 'error', stderr: false, iso8601: false }),
  });
  return lines;
}

/** Per event number, the event's type id as the capture records it. */
export async function eventTypes(file: string): Promise<Map<string, number>> {
  const types = new Map<string, number>();
  let num = 0;
  const ignore = () => undefined;
  await readCapture(file, {
    machine: ignore,
    thread: ignore,
    fd: ignore,
    user: ignore,
    group: ignore,
    iface: ignore,
    event: (e) => {
      types.set(String(++num), e.type);
    },
  });
  return types;
}
