// `live`: what the live eBPF sensor costs the machine it watches. Starts `kestrel run` (live capture,
// Kestrel's default rules) and measures, each beside the same measurement without Kestrel in this run:
// the slowdown of an openat/close loop, Kestrel's CPU time, RSS, event rate and drops while it ran,
// and the time from an exec that a default rule flags to its alert on Kestrel's stdout.
// Needs root and a built sensor; skipped with the reason otherwise.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sensorUnavailableReason } from '../src/sensor/load.js';
import type { Benchmark, CaseResult, Figures } from './harness.js';

/** openat+close pairs per workload run, and runs per side. */
const OPEN_CLOSE_PAIRS = 200_000;
const WORKLOAD_RUNS = 3;
/** Execs timed to their alert. */
const EXECS = 20;
const ALERT_TIMEOUT_MS = 5_000;
const START_TIMEOUT_MS = 60_000;
const EXEC_RULE_OUTPUT = 'Binary executed from a writable directory';

const KESTREL_BIN = fileURLToPath(new URL('../../bin/kestrel.js', import.meta.url));

/** The child prints the nanoseconds its loop took, so node's start-up is not counted. */
const WORKLOAD_SCRIPT = `const fs = require('fs');
const t0 = process.hrtime.bigint();
for (let i = 0; i < ${OPEN_CLOSE_PAIRS}; i++) fs.closeSync(fs.openSync('/etc/hostname', 'r'));
process.stdout.write(String(process.hrtime.bigint() - t0));`;

/** Target event rates (openat + close exits per second) of the sustained-rate steps. */
const SUSTAIN_RATES = [100_000, 200_000, 300_000, 400_000, 600_000, 800_000, 1_000_000];
const SUSTAIN_STEP_MS = 2_000;

/** Paces openat+close pairs to a target event rate for a fixed time; prints the pairs done. */
function pacedScript(eventsPerSec: number): string {
  return `const fs = require('fs');
const perNs = ${eventsPerSec / 2} / 1e9, t0 = process.hrtime.bigint(), end = t0 + ${SUSTAIN_STEP_MS}000000n;
let done = 0;
for (let now = t0; now < end; now = process.hrtime.bigint()) {
  const due = Number(now - t0) * perNs;
  while (done < due) { fs.closeSync(fs.openSync('/etc/hostname', 'r')); done++; }
}
process.stdout.write(String(done));`;
}

async function runPaced(eventsPerSec: number): Promise<number> {
  const child = spawn(process.execPath, ['-e', pacedScript(eventsPerSec)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return Number(out.trim()) * 2;
}

function figures(operations: number, elapsedMs: number): Figures {
  return { operations, elapsedMs, opsPerSec: operations / (elapsedMs / 1e3) };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Runs the open/close loop once in a child node process; returns the loop's milliseconds. */
async function runWorkload(): Promise<number> {
  const child = spawn(process.execPath, ['-e', WORKLOAD_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const ns = Number(out.trim());
  if (code !== 0 || !Number.isFinite(ns)) throw new Error(`open/close workload failed (exit ${code}, output '${out}')`);
  return ns / 1e6;
}

/** Runs `path` and resolves with its pid once it has exited. */
function runOnce(path: string, onSpawn: (pid: number) => void = () => {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, [], { stdio: 'ignore' });
    if (child.pid !== undefined) onSpawn(child.pid);
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function clockTicksPerSecond(): number {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
}

/** utime+stime of every thread of `pid`, in ms (fields 14 and 15 of /proc/PID/stat, after the comm). */
function cpuMs(pid: number, ticksPerSec: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / ticksPerSec) * 1e3;
}

function rssMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s*(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Sums a per-CPU gauge of the Prometheus text. */
function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}

/** A running `kestrel run` with its alerts as parsed JSON lines. */
class RunningKestrel {
  private readonly waiters = new Map<number, () => void>();
  /** Alerts of the exec rule, by pid, that came before anyone waited on them. */
  private readonly seen = new Set<number>();

  private constructor(
    readonly child: ChildProcess,
    readonly metricsUrl: string,
    readonly cpus: string,
  ) {
    createInterface({ input: child.stdout! }).on('line', (line) => this.onLine(line));
  }

  static async start(): Promise<RunningKestrel> {
    const port = await freePort();
    const args = [
      KESTREL_BIN,
      'run',
      '-o',
      'json_output=true',
      '-o',
      'webserver.enabled=true',
      '-o',
      'webserver.listen_address=127.0.0.1',
      '-o',
      `webserver.listen_port=${port}`,
      '-o',
      'webserver.prometheus_metrics_enabled=true',
      '-o',
      'k8s_audit.webhook.enabled=false',
    ];
    // The runner is pinned to CPU 0 and so is the workload it spawns; Kestrel gets the other CPUs,
    // as a sensor on a real host does not take the core of the program it watches.
    const n = os.cpus().length;
    const cpus = n > 2 ? `1-${n - 1}` : n === 2 ? '1' : '0';
    const child =
      n > 1
        ? spawn('taskset', ['-c', cpus, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const kestrel = new RunningKestrel(child, `http://127.0.0.1:${port}/metrics`, cpus);
    await kestrel.started();
    return kestrel;
  }

  /** Resolves once stderr says "capture started" and the webserver answers. */
  private async started(): Promise<void> {
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`kestrel run did not start in ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      this.child.stderr!.setEncoding('utf8').on('data', (s: string) => {
        stderr += s;
        if (stderr.includes('capture started')) {
          clearTimeout(timer);
          resolve();
        }
      });
      this.child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`kestrel run exited (${code}) before capture started: ${stderr.trim().slice(-500)}`));
      });
    });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(this.metricsUrl)).ok) return;
      } catch {
        // the webserver starts just after the capture
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`kestrel's metrics did not answer at ${this.metricsUrl}`);
  }

  private onLine(line: string): void {
    if (!line.startsWith('{')) return;
    let alert: { output?: string; output_fields?: Record<string, unknown> };
    try {
      alert = JSON.parse(line) as typeof alert;
    } catch {
      return;
    }
    if (alert.output?.includes(EXEC_RULE_OUTPUT) !== true) return;
    const pid = Number(alert.output_fields?.['proc.pid']);
    const waiter = this.waiters.get(pid);
    if (waiter) waiter();
    else this.seen.add(pid);
  }

  /** Resolves true when the exec alert of `pid` arrives, false after the timeout. */
  alertFor(pid: number): Promise<boolean> {
    if (this.seen.delete(pid)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(pid);
        resolve(false);
      }, ALERT_TIMEOUT_MS);
      this.waiters.set(pid, () => {
        clearTimeout(timer);
        this.waiters.delete(pid);
        resolve(true);
      });
    });
  }

  async kernelCounters(): Promise<{ events: number; drops: number }> {
    const text = await (await fetch(this.metricsUrl)).text();
    return {
      events: metricSum(text, 'kestrel_kernel_events_total'),
      drops: metricSum(text, 'kestrel_kernel_drops_total'),
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.on('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

async function workloadRuns(): Promise<{ totalMs: number; runs: number[] }> {
  const runs: number[] = [];
  for (let i = 0; i < WORKLOAD_RUNS; i++) runs.push(await runWorkload());
  return { totalMs: runs.reduce((a, b) => a + b, 0), runs };
}

/** Milliseconds from just before each spawn to `until(pid)` resolving; undefined for a timeout. */
async function timeExecs(path: string, until: (pid: number) => Promise<boolean>): Promise<(number | undefined)[]> {
  const times: (number | undefined)[] = [];
  for (let i = 0; i < EXECS; i++) {
    const t0 = process.hrtime.bigint();
    const timed: Promise<number | undefined>[] = [];
    const elapsed = (ok: boolean) => (ok ? Number(process.hrtime.bigint() - t0) / 1e6 : undefined);
    await runOnce(path, (pid) => timed.push(until(pid).then(elapsed)));
    times.push(timed.length === 0 ? undefined : await timed[0]);
  }
  return times;
}

async function spawnTimes(path: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < EXECS; i++) {
    const t0 = process.hrtime.bigint();
    await runOnce(path);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

async function runLive(): Promise<CaseResult[]> {
  const reason = sensorUnavailableReason();
  if (reason !== undefined) {
    process.stderr.write(`bench: live: skipped: ${reason}\n`);
    return [];
  }
  const exe = `/tmp/kestrel-bench-${process.pid}`;
  copyFileSync('/bin/true', exe);
  chmodSync(exe, 0o755);
  const ticks = clockTicksPerSecond();
  let kestrel: RunningKestrel | undefined;
  try {
    // Baselines first, with no sensor loaded.
    await runWorkload(); // warm the page cache and node's start-up
    const base = await workloadRuns();
    await spawnTimes(exe);
    const baseSpawns = (await spawnTimes(exe)).sort((a, b) => a - b);

    kestrel = await RunningKestrel.start();
    const pid = kestrel.child.pid!;
    const before = { cpu: cpuMs(pid, ticks), ...(await kestrel.kernelCounters()) };
    const wallStart = process.hrtime.bigint();
    const live = await workloadRuns();
    const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
    const after = { cpu: cpuMs(pid, ticks), ...(await kestrel.kernelCounters()) };
    const memory = rssMiB(pid);
    const events = after.events - before.events;
    const kestrelCpuMs = after.cpu - before.cpu;

    const k = kestrel;
    const latencies = await timeExecs(exe, (p) => k.alertFor(p));
    const got = latencies.filter((t): t is number => t !== undefined).sort((a, b) => a - b);
    const pairs = OPEN_CLOSE_PAIRS * WORKLOAD_RUNS;

    const slowdown: CaseResult = {
      name: 'open-close',
      subject: `${pairs.toLocaleString('en-US')} openat+close of /etc/hostname in a child node process (${WORKLOAD_RUNS} runs), kestrel run capturing (CPUs ${kestrel.cpus})`,
      baseline: 'the same loop with no sensor loaded',
      kestrel: figures(pairs, live.totalMs),
      base: figures(pairs, base.totalMs),
      ratio: base.totalMs / live.totalMs,
      notes: {
        slowdown: `${(live.totalMs / base.totalMs).toFixed(2)}x`,
        'run ms': live.runs.map((t) => t.toFixed(0)).join('/'),
        'baseline run ms': base.runs.map((t) => t.toFixed(0)).join('/'),
        'kestrel CPU ms': kestrelCpuMs,
        'kestrel CPU': `${((kestrelCpuMs / wallMs) * 100).toFixed(0)}% of one core over ${wallMs.toFixed(0)} ms`,
        'kestrel RSS MiB': memory.rss,
        'peak RSS MiB': memory.peak,
        'kernel events': events,
        'events/s': events / (wallMs / 1e3),
        'kernel drops': after.drops - before.drops,
      },
    };
    const liveSum = got.reduce((a, b) => a + b, 0);
    const baseSum = baseSpawns.reduce((a, b) => a + b, 0);
    const latency: CaseResult = {
      name: 'exec-to-alert',
      subject: `spawn of ${exe} (a copy of /bin/true) to its "${EXEC_RULE_OUTPUT}" alert on kestrel's stdout`,
      baseline: 'spawn to exit of the same program, no sensor loaded',
      kestrel: figures(got.length, liveSum),
      base: figures(baseSpawns.length, baseSum),
      ratio: got.length / liveSum / (baseSpawns.length / baseSum),
      notes: {
        'p50 ms': quantile(got, 0.5).toFixed(2),
        'p99 ms': quantile(got, 0.99).toFixed(2),
        'baseline p50 ms': quantile(baseSpawns, 0.5).toFixed(2),
        'baseline p99 ms': quantile(baseSpawns, 0.99).toFixed(2),
        alerts: `${got.length} of ${EXECS}`,
      },
    };
    // Sustained rate: step the paced load up until the kernel reports drops or the generator
    // cannot keep the pace; the figure is the highest step that ran with zero drops.
    const steps: string[] = [];
    let sustained = 0;
    let stoppedBy = 'the last step';
    for (const rate of SUSTAIN_RATES) {
      const c0 = await kestrel.kernelCounters();
      const made = await runPaced(rate);
      const c1 = await kestrel.kernelCounters();
      const achieved = made / (SUSTAIN_STEP_MS / 1e3);
      const drops = c1.drops - c0.drops;
      steps.push(`${(rate / 1e3).toFixed(0)}k→${(achieved / 1e3).toFixed(0)}k/${drops}`);
      if (drops > 0) {
        stoppedBy = 'kernel drops';
        break;
      }
      sustained = Math.max(sustained, achieved);
      if (achieved < rate * 0.9) {
        stoppedBy = 'the generator (it cannot keep the pace: the drop point was not reached)';
        break;
      }
    }
    const baseRate = (pairs * 2) / (base.totalMs / 1e3);
    const sustain: CaseResult = {
      name: 'sustained-rate',
      subject: `openat+close exits per second kestrel run captures with zero kernel drops (paced steps of ${SUSTAIN_STEP_MS} ms)`,
      baseline: 'the unpaced loop with no sensor loaded (the most this generator makes)',
      kestrel: figures(sustained * (SUSTAIN_STEP_MS / 1e3), SUSTAIN_STEP_MS),
      base: figures(baseRate * (SUSTAIN_STEP_MS / 1e3), SUSTAIN_STEP_MS),
      ratio: sustained / baseRate,
      notes: {
        'sustained events/s': Math.round(sustained),
        'steps (target→made/drops)': steps.join(' '),
        'stopped by': stoppedBy,
      },
    };
    return [slowdown, latency, sustain];
  } finally {
    await kestrel?.stop();
    rmSync(exe, { force: true });
  }
}

export const liveBenchmark: Benchmark = {
  name: 'live',
  description:
    'kestrel run with the live eBPF sensor and default rules: workload slowdown, its CPU/RSS/event rate, exec-to-alert latency',
  run: runLive,
};
