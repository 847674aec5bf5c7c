// `router`: `kestrel router` (a child process, on CPUs other than the runner's) under a bounded
// load from a few concurrent keep-alive clients, delivering to a webhook receiver in this
// process. Alerts per second accepted and delivered, and intake latency (p50/p99), with the
// durable queue (fsync before the 200) beside the same router with the in-memory queue.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, CaseResult, Figures } from './harness.js';

const REQUESTS_PER_ROUND = 10_000;
const ROUNDS = 2;
const WARMUP = 1_000;
const CLIENTS = 4;
const WAIT_MS = 120_000;
const KESTREL_BIN = fileURLToPath(new URL('../../bin/kestrel.js', import.meta.url));

const ALERT = JSON.stringify({
  time: '2024-05-01T12:00:00.123456789Z',
  rule: 'Terminal shell in container',
  priority: 'Notice',
  output: '12:00:00.123456789: Notice A shell was spawned in a container (user=root container=web-1 shell=bash)',
  source: 'syscall',
  hostname: 'node-1',
  tags: ['container', 'shell', 'mitre_execution'],
  output_fields: { 'container.id': 'abc123', 'proc.name': 'bash', 'user.name': 'root', 'k8s.ns.name': 'prod' },
});

/** Counts what the router delivers; `until(n)` resolves once n alerts arrived in all. */
class Receiver {
  count = 0;
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  private readonly server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      this.count++;
      res.writeHead(200).end();
      this.waiters = this.waiters.filter((w) => (this.count >= w.n ? (w.resolve(), false) : true));
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}/`;
  }

  until(n: number): Promise<void> {
    if (this.count >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.count} of ${n} alerts delivered`)), WAIT_MS);
      this.waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

class RouterProcess {
  private stderr = '';
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {
    child.stderr!.on('data', (b: Buffer) => (this.stderr += b.toString()));
  }

  static async start(mode: 'durable' | 'memory', webhook: string): Promise<{ router: RouterProcess; url: string }> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-bench-router-'));
    const env = {
      ...process.env,
      LISTENADDRESS: '127.0.0.1',
      LISTENPORT: '0',
      QUEUE_MODE: mode,
      QUEUE_DIR: dir,
      WEBHOOK_ADDRESS: webhook,
    };
    // the runner (clients and receiver) is pinned to CPU 0; the router gets the others
    const n = os.cpus().length;
    const args = [KESTREL_BIN, 'router'];
    const child =
      n > 1
        ? spawn('taskset', ['-c', n > 2 ? `1-${n - 1}` : '1', process.execPath, ...args], {
            env,
            stdio: ['ignore', 'ignore', 'pipe'],
          })
        : spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const router = new RouterProcess(child, dir);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const m = /router listening on (\S+)/.exec(router.stderr);
      if (m) return { router, url: m[1] };
      if (child.exitCode !== null || Date.now() > deadline) {
        await router.stop();
        throw new Error(`kestrel router did not start: ${router.stderr.slice(-500)}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('close', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Sends `count` alerts from CLIENTS concurrent clients; returns each request's latency (ms). */
async function load(
  url: string,
  count: number,
  agent: http.Agent,
): Promise<{ latencies: number[]; elapsedMs: number }> {
  const target = new URL(url);
  const latencies: number[] = [];
  let left = count;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const req = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ALERT) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`intake answered ${res.statusCode}`));
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(ALERT);
    });
  const client = async () => {
    while (left-- > 0) await one();
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return { latencies, elapsedMs: Number(process.hrtime.bigint() - start) / 1e6 };
}

interface Side {
  accepted: Figures;
  delivered: Figures;
  latencies: number[];
}

function figures(operations: number, elapsedMs: number): Figures {
  return { operations, elapsedMs, opsPerSec: operations / (elapsedMs / 1e3) };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function round(mode: 'durable' | 'memory', receiver: Receiver, webhook: string, side: Side): Promise<void> {
  const { router, url } = await RouterProcess.start(mode, webhook);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    const before = receiver.count;
    await load(url, WARMUP, agent);
    await receiver.until(before + WARMUP);
    const start = process.hrtime.bigint();
    const timed = await load(url, REQUESTS_PER_ROUND, agent);
    await receiver.until(before + WARMUP + REQUESTS_PER_ROUND);
    const deliveredMs = Number(process.hrtime.bigint() - start) / 1e6;
    const add = (f: Figures, ms: number) => figures(f.operations + REQUESTS_PER_ROUND, f.elapsedMs + ms);
    side.accepted = add(side.accepted, timed.elapsedMs);
    side.delivered = add(side.delivered, deliveredMs);
    side.latencies.push(...timed.latencies);
  } finally {
    agent.destroy();
    await router.stop();
  }
}

async function runRouterBenchmark(): Promise<CaseResult[]> {
  const receiver = new Receiver();
  const webhook = await receiver.listen();
  const empty = (): Side => ({ accepted: figures(0, 0), delivered: figures(0, 0), latencies: [] });
  const durable = empty();
  const memory = empty();
  try {
    for (let r = 0; r < ROUNDS; r++) {
      await round('durable', receiver, webhook, durable);
      await round('memory', receiver, webhook, memory);
    }
  } finally {
    await receiver.close();
  }
  const lat = (s: Side) => {
    const sorted = [...s.latencies].sort((a, b) => a - b);
    return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
  };
  const d = lat(durable);
  const m = lat(memory);
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const load = `${(REQUESTS_PER_ROUND * ROUNDS).toLocaleString('en-US')} POST / of a Falco alert from ${CLIENTS} keep-alive clients`;
  return [
    {
      name: 'accepted',
      subject: `${load}, answered 200 after the fsync'd append (durable queue)`,
      baseline: 'the same router and load with the in-memory queue',
      kestrel: durable.accepted,
      base: memory.accepted,
      ratio: durable.accepted.opsPerSec / memory.accepted.opsPerSec,
      notes: {
        'durable p50': ms(d.p50),
        'durable p99': ms(d.p99),
        'memory p50': ms(m.p50),
        'memory p99': ms(m.p99),
      },
    },
    {
      name: 'delivered',
      subject: `the same alerts delivered to a local webhook (one POST each), from the first request to the last delivery (durable queue)`,
      baseline: 'the same with the in-memory queue',
      kestrel: durable.delivered,
      base: memory.delivered,
      ratio: durable.delivered.opsPerSec / memory.delivered.opsPerSec,
      notes: {},
    },
  ];
}

export const routerBenchmark: Benchmark = {
  name: 'router',
  description: 'kestrel router: alerts accepted and delivered per second, durable queue against in-memory queue',
  run: runRouterBenchmark,
};
