// The end-of-run summary: Falco's text, or one JSON line for scripts (`--stats json`).
import type { Pipeline } from '../app/pipeline.js';
import { PRIORITY_NAMES } from '../engine/priority.js';

export interface ReplaySummary {
  events: number;
  detections: number;
  by_priority: Record<string, number>;
  by_rule: Record<string, number>;
  input_errors: number;
}

export function replaySummary(p: Pipeline, inputErrors: number): ReplaySummary {
  const stats = p.engine.stats;
  const byPriority: Record<string, number> = {};
  stats.byPriority.forEach((n, i) => {
    if (n > 0) byPriority[PRIORITY_NAMES[i]] = n;
  });
  const byRule: Record<string, number> = {};
  for (const { rule, count } of stats.byRule) if (count > 0) byRule[rule] = (byRule[rule] ?? 0) + count;
  let events = 0;
  for (const n of p.eventCounts.values()) events += n;
  return { events, detections: stats.total, by_priority: byPriority, by_rule: byRule, input_errors: inputErrors };
}

export function writeSummary(p: Pipeline, format: string, inputErrors: number): void {
  if (format === 'json') process.stdout.write(`${JSON.stringify(replaySummary(p, inputErrors))}\n`);
  else if (format === 'text') process.stdout.write(p.engine.formatStats());
}
