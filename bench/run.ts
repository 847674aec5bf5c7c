// `npm run bench [-- [--json] [NAME...]]`: runs every benchmark, or those named, on one core and
// prints the machine's figures, then each benchmark's figures against its baseline.
// Benchmarks are not tests: nothing here passes or fails on a timing.

import { conditionEvalBenchmark } from './conditionEval.js';
import type { Benchmark, CaseResult } from './harness.js';
import { k8sAuditBenchmark } from './k8sAudit.js';
import { liveBenchmark } from './live.js';
import { machineFigures } from './machine.js';
import { pinToOneCore } from './pin.js';
import { routerBenchmark } from './router.js';
import { benchmarkText, machineText, type RunReport } from './report.js';
import { scapReplayBenchmark } from './scapReplay.js';
import { uiStoreBenchmark } from './uiStore.js';
import { uiStorePgBenchmark } from './uiStorePg.js';

const BENCHMARKS: readonly Benchmark[] = [
  conditionEvalBenchmark,
  k8sAuditBenchmark,
  scapReplayBenchmark,
  liveBenchmark,
  routerBenchmark,
  uiStoreBenchmark,
  uiStorePgBenchmark,
];

const USAGE = `usage: node dist/bench/run.js [--json] [NAME...]
  NAME    one of: ${BENCHMARKS.map((b) => b.name).join(', ')} (all when none is given)
  --json  print one JSON document instead of text
  KESTREL_BENCH_PIN=0 skips re-running under \`taskset -c 0\``;

class UsageError extends Error {}

function parseArgs(args: readonly string[]): { json: boolean; selected: Benchmark[] } {
  let json = false;
  const names: string[] = [];
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else names.push(a);
  }
  const selected = names.map((n) => {
    const b = BENCHMARKS.find((x) => x.name === n);
    if (b === undefined) throw new UsageError(`unknown benchmark '${n}'`);
    return b;
  });
  return { json, selected: selected.length > 0 ? selected : [...BENCHMARKS] };
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  const pin = pinToOneCore();
  if ('exitCode' in pin) return pin.exitCode;

  const machine = machineFigures();
  const report: RunReport = {
    machine,
    oneCore: { mainThread: true, pin: pin.state },
    benchmarks: [],
    totalElapsedMs: 0,
  };
  if (!options.json) process.stdout.write(`${machineText(machine, pin.state)}\n`);
  const start = process.hrtime.bigint();
  for (const b of options.selected) {
    let cases: CaseResult[];
    try {
      cases = await b.run();
    } catch (err) {
      // missing ../shared data, rules that no longer load, a baseline that disagrees...
      process.stderr.write(`bench: ${b.name}: ${(err as Error).message}\n`);
      return 1;
    }
    report.benchmarks.push({ name: b.name, description: b.description, cases });
    if (!options.json) process.stdout.write(`\n${benchmarkText(b, cases)}\n`);
  }
  report.totalElapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`\ntotal: ${(report.totalElapsedMs / 1000).toFixed(1)} s\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
