// Renders the run: the machine's figures first, then one table per benchmark, as text for
// people or as one JSON document (`--json`) for programs.

import type { Benchmark, CaseResult } from './harness.js';
import type { MachineFigures } from './machine.js';

export interface BenchmarkReport {
  name: string;
  description: string;
  cases: CaseResult[];
}

export interface RunReport {
  machine: MachineFigures;
  oneCore: { mainThread: true; pin: string };
  benchmarks: BenchmarkReport[];
  totalElapsedMs: number;
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const gib = (mib: number) => `${(mib / 1024).toFixed(1)} GiB`;

export function machineText(m: MachineFigures, pin: string): string {
  return [
    `machine:  ${m.cpuModel}, ${m.logicalCpus} logical CPUs${m.cpuMhz > 0 ? ` at ${m.cpuMhz} MHz` : ''}` +
      (m.cpusAllowed === undefined ? '' : `, this process may use CPUs ${m.cpusAllowed}`),
    `memory:   ${gib(m.memoryTotalMiB)} total, ${gib(m.memoryFreeMiB)} free`,
    `runtime:  Node ${m.node} (V8 ${m.v8}), ${m.os} ${m.arch}`,
    `one core: every measurement runs on Node's main thread (single-threaded JavaScript); ${pin}`,
    'ratio:    Kestrel ops/s ÷ baseline ops/s, both measured in this run (1.00 = as fast as the baseline)',
  ].join('\n');
}

/** Long conditions (a 50-item list) are cut in the text; --json has them whole. */
function shorten(text: string): string {
  return text.length <= 150 ? text : `${text.slice(0, 149)}…`;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

export function benchmarkText(b: Benchmark, cases: readonly CaseResult[]): string {
  const head = ['case', 'ops', 'elapsed ms', 'ops/s', 'baseline ops/s', 'ratio'];
  const rows = cases.map((c) => [
    c.name,
    int(c.kestrel.operations),
    c.kestrel.elapsedMs.toFixed(1),
    int(c.kestrel.opsPerSec),
    int(c.base.opsPerSec),
    Number.isFinite(c.ratio) ? c.ratio.toFixed(c.ratio < 0.1 ? 3 : 2) : 'n/a',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const lines = [`${b.name}: ${b.description}`, `  ${pad(head, widths)}`];
  for (const r of rows) lines.push(`  ${pad(r, widths)}`);
  for (const c of cases) {
    lines.push(`  ${c.name}`);
    lines.push(`    kestrel:  ${shorten(c.subject.replace(/\s+/g, ' '))}`);
    if (c.baselineSkipped !== undefined) lines.push(`    baseline: ${c.baselineSkipped}`);
    else lines.push(`    baseline: ${c.baseline} (${int(c.base.operations)} ops in ${c.base.elapsedMs.toFixed(1)} ms)`);
    const notes = Object.entries(c.notes).map(([k, v]) => `${k}: ${typeof v === 'number' ? int(v) : v}`);
    if (notes.length > 0) lines.push(`    ${notes.join('; ')}`);
  }
  return lines.join('\n');
}
