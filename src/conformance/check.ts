// Compares what Kestrel did for a case with what the case says Falco did. Each function returns
// the list of mismatches; an empty list is a pass.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RunResult } from './run.js';
import type { SuiteCase } from './suite.js';

type Spec = Record<string, unknown>;

function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Falco's suite names levels in upper case and says INFO for Informational. */
function normalizeLevel(level: string): string {
  const l = level.toLowerCase();
  return l === 'info' ? 'informational' : l;
}

function checkExit(spec: Spec, run: RunResult): string[] {
  const expected = Number(spec.exit_status ?? 0);
  if (run.timedOut) return ['timed out'];
  if (run.status !== expected) {
    const tail = run.stderr.trim().split('\n').slice(-3).join(' | ');
    return [`exit status ${run.status}, expected ${expected}${tail ? ` (stderr: ${tail})` : ''}`];
  }
  return [];
}

function checkPatterns(spec: Spec, run: RunResult): string[] {
  const problems: string[] = [];
  const streams: Array<[string, string]> = [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ];
  for (const [name, text] of streams) {
    for (const p of list(spec[`${name}_contains`])) {
      if (!new RegExp(String(p)).test(text)) problems.push(`${name} lacks /${String(p)}/`);
    }
    for (const p of list(spec[`${name}_not_contains`])) {
      if (new RegExp(String(p)).test(text)) problems.push(`${name} has /${String(p)}/`);
    }
  }
  return problems;
}

interface ReplayStats {
  events: number;
  detections: number;
  by_priority: Record<string, number>;
  by_rule: Record<string, number>;
}

/** The replay summary is the last line of stdout when `--stats json` is given. */
function findStats(stdout: string): ReplayStats | undefined {
  const lines = stdout.trimEnd().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line.startsWith('{')) continue;
    try {
      const v = JSON.parse(line) as ReplayStats;
      if (v && typeof v === 'object' && 'by_rule' in v) return v;
    } catch {
      // not the summary line
    }
  }
  return undefined;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortKeys(o[k])]),
  );
}

/** A line as compared: JSON objects in a canonical form, anything else as it is. */
function canonicalLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    return JSON.stringify(sortKeys(JSON.parse(line)));
  } catch {
    return line;
  }
}

export function checkReplay(c: SuiteCase, run: RunResult): string[] {
  const spec = c.spec;
  const problems = [...checkExit(spec, run), ...checkPatterns(spec, run)];
  if (Number(spec.exit_status ?? 0) !== 0) return problems;
  const stats = findStats(run.stdout);
  if (!stats) return [...problems, 'no replay summary on stdout'];
  const byLevel = new Map(Object.entries(stats.by_priority).map(([k, v]) => [normalizeLevel(k), v]));
  if (spec.detect === true && stats.detections === 0) problems.push('no detections, expected some');
  if (spec.detect === false && stats.detections !== 0) {
    problems.push(`${stats.detections} detections, expected none (${JSON.stringify(stats.by_rule)})`);
  }
  if (spec.detect === true) {
    for (const level of list(spec.detect_level)) {
      if (!byLevel.get(normalizeLevel(String(level)))) problems.push(`no detection at level ${String(level)}`);
    }
  }
  for (const entry of list(spec.detect_counts)) {
    for (const [rule, count] of Object.entries(entry as Record<string, unknown>)) {
      const got = stats.by_rule[rule] ?? 0;
      if (got !== Number(count)) problems.push(`rule '${rule}': ${got} detections, expected ${String(count)}`);
    }
  }
  for (const entry of list(spec.output_strictly_contains)) {
    for (const file of Object.values(entry as Record<string, string>)) {
      // JSON lines compare as objects: Falco 0.44 writes sorted keys, where the 2019 files graft
      // output_fields at the end; the content is what must agree.
      const lines = new Set(run.stdout.split('\n').map(canonicalLine));
      const skip = list(spec.output_lines_not_expected).map((p) => new RegExp(String(p)));
      for (const want of readFileSync(join(c.dir, file), 'utf8').split('\n')) {
        if (skip.some((re) => re.test(want))) {
          if (lines.has(canonicalLine(want)))
            problems.push(`stdout has the line ${JSON.stringify(want)}, which today's Falco does not print`);
          continue;
        }
        if (want.trim() && !lines.has(canonicalLine(want)))
          problems.push(`stdout lacks the line ${JSON.stringify(want)}`);
      }
    }
  }
  return problems;
}

interface LoadMessage {
  code: string;
  message: string;
  context?: { locations?: Array<{ item_type?: string; item_name?: string }> };
}
interface LoadResultJson {
  name: string;
  successful: boolean;
  errors: LoadMessage[];
  warnings: LoadMessage[];
}

function describe(m: LoadMessage): string {
  const items = (m.context?.locations ?? []).map((l) => `${l.item_type ?? '?'} '${l.item_name ?? ''}'`);
  return `${m.code} [${items.join(' > ')}]: ${m.message}`;
}

/** An expected entry matches an actual one by code, message (exact or contained) and item. */
function matches(expected: Record<string, unknown>, actual: LoadMessage): boolean {
  if (actual.code !== expected.code) return false;
  if (expected.message !== undefined && actual.message !== expected.message) return false;
  if (expected.message_contains !== undefined && !actual.message.includes(String(expected.message_contains))) {
    return false;
  }
  // Falco reports a chain of locations (file, item, sub-item, condition); the expected item is one of them.
  return (actual.context?.locations ?? []).some(
    (loc) =>
      (expected.item_type === undefined || loc.item_type === expected.item_type) &&
      (expected.item_name === undefined || (loc.item_name ?? '') === expected.item_name),
  );
}

export function checkValidate(c: SuiteCase, run: RunResult): string[] {
  const spec = c.spec;
  const problems = checkExit(spec, run);
  let results: LoadResultJson[];
  try {
    results = (JSON.parse(run.stdout) as { falco_load_results: LoadResultJson[] }).falco_load_results;
  } catch {
    return [...problems, `validation output is not JSON: ${run.stdout.slice(0, 200)}`];
  }
  const errors = results.flatMap((r) => r.errors);
  const warnings = results.flatMap((r) => r.warnings);
  const pairs: Array<[string, LoadMessage[]]> = [
    ['validate_errors', errors],
    ['validate_warnings', warnings],
  ];
  for (const [key, actual] of pairs) {
    for (const exp of list(spec[key]) as Array<Record<string, unknown>>) {
      if (!actual.some((a) => matches(exp, a))) {
        const seen = actual.map(describe).join('; ') || 'none';
        problems.push(
          `missing ${key === 'validate_errors' ? 'error' : 'warning'} ${JSON.stringify(exp)} (got: ${seen})`,
        );
      }
    }
  }
  for (const ok of list(spec.validate_ok)) {
    const r = results.find((x) => basename(x.name) === String(ok));
    if (!r?.successful) problems.push(`${String(ok)} should validate successfully`);
  }
  return problems;
}
