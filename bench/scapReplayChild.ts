// One Kestrel run of the scap-replay benchmark, in a process of its own so its peak RSS is its
// own and its JIT starts cold, as `kestrel replay` does. Run by scapReplay.ts (under the same
// `taskset` pinning, which children inherit):
//
//   node dist/bench/scapReplayChild.js rules CAPTURE RULES...    decode + state + rules
//   node dist/bench/scapReplayChild.js filter CAPTURE CONDITION  decode + state + filter
//
// Prints one JSON line (ChildResult) on stdout. Alerts are built and formatted by the pipeline
// as `kestrel replay` does, with every output channel off, so nothing is printed.

import { replayCapture } from '../src/app/captureReplay.js';
import { Logger } from '../src/app/logger.js';
import { buildPipeline, type Pipeline } from '../src/app/pipeline.js';
import { compileCondition, parseCondition } from '../src/condition/index.js';
import type { SyscallEvent } from '../src/sources/syscall/syscallEvent.js';
import { SyscallSource } from '../src/sources/syscall/syscallSource.js';

export interface ChildResult {
  eventsRead: number;
  eventsDelivered: number;
  /** Time of replayCapture alone (reading, state, filter or rules), ms. */
  replayMs: number;
  /** Time to load and compile the rules or the filter, ms. */
  setupMs: number;
  /** Rules loaded and enabled for the syscall source (0 for a filter run). */
  enabledRules: number;
  alerts: number;
  threadsAtEnd: number;
  /** Events the state found malformed (0 expected). */
  badEvents: number;
  /** Peak resident set of this process, KiB (getrusage ru_maxrss). */
  maxRssKiB: number;
  /** V8 heap in use at the end, MiB. */
  heapUsedMiB: number;
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/** Counts the alerts the pipeline hands to its (disabled) outputs. */
function counting(p: Pipeline): { pipeline: Pipeline; alerts: () => number } {
  let alerts = 0;
  const pipeline: Pipeline = {
    ...p,
    process(sourceName, evt) {
      const out = p.process(sourceName, evt);
      alerts += out.length;
      return out;
    },
  };
  return { pipeline, alerts: () => alerts };
}

async function main(args: string[]): Promise<ChildResult> {
  const [mode, file, ...rest] = args;
  const logger = new Logger({ level: 'error', stderr: true, iso8601: false });
  const setupStart = process.hrtime.bigint();
  if (mode === 'rules') {
    const warnings: string[] = [];
    const built = buildPipeline({
      rulesFiles: rest,
      overrides: ['stdout_output.enabled=false', 'webserver.enabled=false'],
      log: (l) => warnings.push(l),
    });
    const { pipeline, alerts } = counting(built);
    const setupMs = ms(setupStart);
    const start = process.hrtime.bigint();
    const r = await replayCapture(file, pipeline, { logger });
    const replayMs = ms(start);
    await pipeline.close();
    return finish(r, replayMs, setupMs, built.engine.enabledRuleCount('syscall'), alerts());
  }
  if (mode === 'filter') {
    const filter = compileCondition<SyscallEvent>(parseCondition(rest.join(' ')), new SyscallSource());
    const setupMs = ms(setupStart);
    const start = process.hrtime.bigint();
    const r = await replayCapture(file, undefined, { filter, logger });
    return finish(r, ms(start), setupMs, 0, 0);
  }
  throw new Error(`usage: scapReplayChild.js rules|filter CAPTURE ARGS... (got mode '${mode}')`);
}

function finish(
  r: Awaited<ReturnType<typeof replayCapture>>,
  replayMs: number,
  setupMs: number,
  enabledRules: number,
  alerts: number,
): ChildResult {
  return {
    eventsRead: r.eventsRead,
    eventsDelivered: r.eventsDelivered,
    replayMs,
    setupMs,
    enabledRules,
    alerts,
    threadsAtEnd: r.state.threads.size,
    badEvents: r.state.stats.badEvents,
    maxRssKiB: process.resourceUsage().maxRSS,
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / (1024 * 1024)),
  };
}

main(process.argv.slice(2)).then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  },
);
