// What every benchmark produces, and the timing loop they share. A case times the subject (what
// Kestrel does) and a baseline (the least a JS program doing the same job must do) over the same
// inputs, in the same run, so the ratio between them says more than either figure alone.

export interface Figures {
  operations: number;
  elapsedMs: number;
  opsPerSec: number;
}

export interface CaseResult {
  /** Short name of the case, e.g. `regex`. */
  name: string;
  /** What one operation of the subject is. */
  subject: string;
  /** What one operation of the baseline is. */
  baseline: string;
  kestrel: Figures;
  base: Figures;
  /** Kestrel's ops/s divided by the baseline's: 1 is as fast as the baseline, 0.5 half as fast. */
  ratio: number;
  /** Counts that tell the work was real (matches, alerts...). */
  notes: Record<string, number | string>;
  /** Why the baseline was not measured (e.g. sysdig is not installed); `base` and `ratio` are then NaN. */
  baselineSkipped?: string;
}

export interface Benchmark {
  name: string;
  description: string;
  /** May be async (capture replays read files as streams). */
  run(): CaseResult[] | Promise<CaseResult[]>;
}

/** Runs `op(i)` for i in [from, to) and returns its figures; `op`'s results are summed into `sink`. */
export function timeLoop(op: (i: number) => number, from: number, to: number): { figures: Figures; sink: number } {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = from; i < to; i++) sink += op(i);
  const elapsedNs = Number(process.hrtime.bigint() - start);
  const operations = to - from;
  return { figures: { operations, elapsedMs: elapsedNs / 1e6, opsPerSec: operations / (elapsedNs / 1e9) }, sink };
}

export interface PairSpec {
  name: string;
  subject: string;
  baseline: string;
  /** Operations timed for each side. */
  count: number;
  /** Untimed operations run first on each side, so both are optimised before timing. */
  warmup: number;
  kestrelOp: (i: number) => number;
  baseOp: (i: number) => number;
}

/** Rounds each side's count is split into, alternating sides, so drift and GC debt hit both. */
const ROUNDS = 4;

/** Adds up the rounds of one side. */
class Tally {
  operations = 0;
  elapsedMs = 0;
  sink = 0;

  add(round: { figures: Figures; sink: number }): void {
    this.operations += round.figures.operations;
    this.elapsedMs += round.figures.elapsedMs;
    this.sink += round.sink;
  }

  get figures(): Figures {
    return {
      operations: this.operations,
      elapsedMs: this.elapsedMs,
      opsPerSec: this.operations / (this.elapsedMs / 1e3),
    };
  }
}

/**
 * Warms both sides up, then times them in alternating rounds (baseline first), each side doing
 * `count` operations in all, over the same indices. Returns the case with the sums each side
 * produced, for the caller to check and report.
 */
export function timePair(spec: PairSpec): { result: CaseResult; kestrelSink: number; baseSink: number } {
  timeLoop(spec.baseOp, 0, spec.warmup);
  timeLoop(spec.kestrelOp, 0, spec.warmup);
  const base = new Tally();
  const kestrel = new Tally();
  for (let r = 0; r < ROUNDS; r++) {
    const from = Math.floor((spec.count * r) / ROUNDS);
    const to = Math.floor((spec.count * (r + 1)) / ROUNDS);
    base.add(timeLoop(spec.baseOp, from, to));
    kestrel.add(timeLoop(spec.kestrelOp, from, to));
  }
  return {
    result: {
      name: spec.name,
      subject: spec.subject,
      baseline: spec.baseline,
      kestrel: kestrel.figures,
      base: base.figures,
      ratio: kestrel.figures.opsPerSec / base.figures.opsPerSec,
      notes: {},
    },
    kestrelSink: kestrel.sink,
    baseSink: base.sink,
  };
}
