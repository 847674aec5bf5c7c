// Syscall events per second through a capture replay, against sysdig reading the same file in the
// same run. The capture (scapCorpus.ts) holds a million events of Falco's regression captures.
// Each Kestrel run is a process of its own (scapReplayChild.ts): `official rules` decodes, tracks
// state and runs the three official syscall rules files through the pipeline as `kestrel replay`
// does (alerts formatted, outputs off); `trivial filter` decodes and tracks state, then tests
// `evt.num=0`. The baseline is `sysdig -r FILE -q 'evt.num=0'`, libsinsp doing the same
// decode + state with a filter that matches nothing. Children inherit the runner's `taskset`.
// Rounds alternate sysdig and Kestrel; each figure is the median of ROUNDS runs.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mustExist, SYSCALL_RULES_FILES } from './corpus.js';
import type { Benchmark, CaseResult, Figures } from './harness.js';
import { type BenchCapture, benchCapture } from './scapCorpus.js';
import type { ChildResult } from './scapReplayChild.js';

/** Runs of each side per case; the median is reported. */
const ROUNDS = 3;
const TRIVIAL_FILTER = 'evt.num=0';
const CHILD = fileURLToPath(new URL('./scapReplayChild.js', import.meta.url));
const GNU_TIME = '/usr/bin/time';

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const figures = (operations: number, elapsedMs: number): Figures => ({
  operations,
  elapsedMs,
  opsPerSec: operations / (elapsedMs / 1000),
});
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

interface SysdigRun {
  wallMs: number;
  /** Peak RSS in KiB, when GNU time could measure it. */
  maxRssKiB?: number;
}

/** Why sysdig cannot be the baseline here, or undefined when it can. */
function sysdigMissing(): string | undefined {
  const r = spawnSync('sysdig', ['--version'], { encoding: 'utf8' });
  if (r.error !== undefined) return `sysdig is not installed (${r.error.message}): baseline skipped`;
  if (r.status !== 0) return `\`sysdig --version\` exited ${r.status}: baseline skipped`;
  return undefined;
}

function sysdigVersion(): string {
  const r = spawnSync('sysdig', ['--version'], { encoding: 'utf8' });
  return r.stdout.trim().replace(/^sysdig version /, '');
}

function gnuTimeWorks(): boolean {
  const r = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.error === undefined && r.status === 0 && /^\d+\s*$/.test(r.stderr);
}

function runSysdig(file: string, rssDir: string | undefined): SysdigRun {
  const args = ['-r', file, '-q', TRIVIAL_FILTER];
  const rssFile = rssDir === undefined ? undefined : join(rssDir, 'sysdig-rss');
  const [cmd, argv] =
    rssFile === undefined ? ['sysdig', args] : [GNU_TIME, ['-f', '%M', '-o', rssFile, 'sysdig', ...args]];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error !== undefined) throw new Error(`cannot run sysdig: ${r.error.message}`);
  if (r.status !== 0)
    throw new Error(`sysdig -r ${file} -q '${TRIVIAL_FILTER}' exited ${r.status}: ${r.stderr.trim()}`);
  const rss = rssFile === undefined ? undefined : Number(readFileSync(rssFile, 'utf8').trim());
  return { wallMs, maxRssKiB: rss !== undefined && Number.isFinite(rss) ? rss : undefined };
}

/** KESTREL_BENCH_CPU_PROF=DIR writes a V8 CPU profile of every Kestrel run into DIR. */
function childNodeArgs(): string[] {
  const dir = process.env.KESTREL_BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

function runKestrel(args: string[]): { result: ChildResult; wallMs: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...childNodeArgs(), CHILD, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 24,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error !== undefined) throw new Error(`cannot run ${CHILD}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`kestrel replay (${args[0]}) exited ${r.status}: ${r.stderr.trim()}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return { result: JSON.parse(last) as ChildResult, wallMs };
}

interface CaseSpec {
  name: string;
  subject: string;
  args: string[];
}

function runCase(spec: CaseSpec, capture: BenchCapture, skip: string | undefined, rssDir: string | undefined) {
  const sysdig: SysdigRun[] = [];
  const kestrel: Array<{ result: ChildResult; wallMs: number }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (skip === undefined) sysdig.push(runSysdig(capture.path, rssDir));
    kestrel.push(runKestrel(spec.args));
  }
  const first = kestrel[0].result;
  for (const k of kestrel) {
    if (k.result.eventsRead !== capture.events) {
      throw new Error(`${spec.name}: Kestrel read ${k.result.eventsRead} events of the ${capture.events} written`);
    }
  }
  const replayMs = median(kestrel.map((k) => k.result.replayMs));
  const processMs = median(kestrel.map((k) => k.wallMs));
  const sysdigMs = skip === undefined ? median(sysdig.map((s) => s.wallMs)) : NaN;
  const kestrelFigures = figures(first.eventsRead, replayMs);
  const base = skip === undefined ? figures(capture.events, sysdigMs) : { operations: 0, elapsedMs: 0, opsPerSec: NaN };
  const sysdigRss = sysdig.map((s) => s.maxRssKiB).filter((x): x is number => x !== undefined);
  const notes: Record<string, number | string> = {
    ...(spec.args[0] === 'rules'
      ? {
          'events run through the rules': first.eventsDelivered,
          'enabled rules': first.enabledRules,
          alerts: first.alerts,
        }
      : { 'events passing the filter': first.eventsDelivered }),
    'setup ms (load + compile)': Math.round(median(kestrel.map((k) => k.result.setupMs))),
    'kestrel process ms (node start + setup + replay)': Math.round(processMs),
    'kestrel peak RSS': mib(Math.max(...kestrel.map((k) => k.result.maxRssKiB))),
    'threads at end': first.threadsAtEnd,
    'bad events': first.badEvents,
  };
  if (skip === undefined) {
    notes['ratio by process time'] = Number((sysdigMs / processMs).toFixed(3)).toString();
    if (sysdigRss.length > 0) notes['sysdig peak RSS'] = mib(Math.max(...sysdigRss));
  }
  const result: CaseResult = {
    name: spec.name,
    subject: spec.subject,
    baseline:
      skip ?? `sysdig -r FILE -q '${TRIVIAL_FILTER}' (${sysdigVersion()}), process wall time, median of ${ROUNDS}`,
    kestrel: kestrelFigures,
    base,
    ratio: kestrelFigures.opsPerSec / base.opsPerSec,
    notes,
  };
  if (skip !== undefined) result.baselineSkipped = skip;
  return result;
}

export const scapReplayBenchmark: Benchmark = {
  name: 'scap-replay',
  description:
    'syscall events/s of a capture replay (≥1,000,000 events, one core): decode + state + the official ' +
    `syscall rules, and decode + state + '${TRIVIAL_FILTER}'; baseline: sysdig -r FILE -q '${TRIVIAL_FILTER}' ` +
    `on the same file; Kestrel figures are replay time, median of ${ROUNDS} runs`,
  async run(): Promise<CaseResult[]> {
    for (const f of SYSCALL_RULES_FILES) mustExist(f);
    const capture = await benchCapture();
    const skip = sysdigMissing();
    const rssDir = skip === undefined && gnuTimeWorks() ? mkdtempSync(join(os.tmpdir(), 'kestrel-bench-')) : undefined;
    try {
      const cases = [
        runCase(
          {
            name: 'official rules',
            subject:
              'replayCapture(FILE) → SystemState → pipeline.process with falco_rules.yaml, ' +
              'falco-incubating_rules.yaml, falco-sandbox_rules.yaml (stdout_output off: alerts formatted, not written)',
            args: ['rules', capture.path, ...SYSCALL_RULES_FILES],
          },
          capture,
          skip,
          rssDir,
        ),
        runCase(
          {
            name: 'trivial filter',
            subject: `replayCapture(FILE) → SystemState → filter '${TRIVIAL_FILTER}' (no rules)`,
            args: ['filter', capture.path, TRIVIAL_FILTER],
          },
          capture,
          skip,
          rssDir,
        ),
      ];
      const about = {
        'capture events': capture.events,
        'capture MiB': Math.round(capture.bytes / (1024 * 1024)),
        'capture cycles': capture.cycles,
        'capture file': `${capture.path}${capture.built === false ? ' (cached)' : ' (built now)'}`,
        'capture sources': capture.sources.join(', '),
        'procinfo events left out per cycle': capture.leftOutPerCycle,
      };
      cases[cases.length - 1].notes = { ...cases[cases.length - 1].notes, ...about };
      return cases;
    } finally {
      if (rssDir !== undefined) rmSync(rssDir, { recursive: true, force: true });
    }
  },
};
