// The series Falco's webserver exposes on /metrics (`falcosecurity_falco_*`, `falcosecurity_scap_*`)
// under Falco's names and labels, so dashboards and alerts written for Falco keep working against
// Kestrel. Written as Prometheus text because the rule series carry one `tag_<name>` label per tag,
// a label set that differs from rule to rule.

import type { RuleMatches } from '../engine/stats.js';
import type { CaptureCounters } from './metrics.js';

export interface FalcoMetricsInput {
  startNs: bigint;
  nowMs: number;
  hostname: string;
  cpus: number;
  /** Events processed by the rules, per source. */
  eventCounts: Iterable<readonly [string, number]>;
  outputsDropped: number;
  matches: readonly RuleMatches[];
  /** Undefined without live capture: the scap series are then left out, as Falco does without a driver. */
  capture?: CaptureCounters;
}

/** Kestrel's drop categories → Falco's `drop` label of `falcosecurity_scap_n_drops_buffer_total` (exit side). */
const DROP_LABELS: Readonly<Record<string, string>> = {
  cloneForkExit: 'clone_fork',
  execveExit: 'execve',
  connectExit: 'connect',
  openExit: 'open',
  dirFileExit: 'dir_file',
  closeExit: 'close',
  procExit: 'proc',
  otherInterestExit: 'other_interest',
};

const HELP = 'https://falco.org/docs/metrics/';

const labelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelName = (tag: string) => `tag_${tag.replace(/[^a-zA-Z0-9_]/g, '_')}`;

function labels(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${labelValue(v)}"`).join(',')}}`;
}

class Families {
  text = '';
  family(name: string, type: 'counter' | 'gauge', samples: ReadonlyArray<readonly [string, number | bigint]>): void {
    if (samples.length === 0) return;
    this.text += `# HELP ${name} ${HELP}\n# TYPE ${name} ${type}\n`;
    for (const [l, v] of samples) this.text += `${name}${l} ${v}\n`;
  }
}

export function falcoMetricsText(m: FalcoMetricsInput): string {
  const f = new Families();
  const sources = [...m.eventCounts];
  f.family('falcosecurity_evt_hostname_info', 'gauge', [[labels([['hostname', m.hostname]]), 1]]);
  f.family(
    'falcosecurity_falco_evt_source_info',
    'gauge',
    sources.map(([s]) => [labels([['evt_source', s]]), 1]),
  );
  f.family('falcosecurity_falco_start_timestamp_nanoseconds', 'gauge', [['', m.startNs]]);
  f.family('falcosecurity_falco_host_num_cpus_total', 'gauge', [['', m.cpus]]);
  const elapsedS = Math.max(0, Math.floor((m.nowMs - Number(m.startNs / 1_000_000n)) / 1000));
  f.family('falcosecurity_falco_duration_seconds_total', 'counter', [['', elapsedS]]);
  f.family('falcosecurity_falco_n_evts_total', 'counter', [['', sources.reduce((a, [, n]) => a + n, 0)]]);
  f.family('falcosecurity_falco_outputs_queue_num_drops_total', 'counter', [['', m.outputsDropped]]);
  f.family(
    'falcosecurity_falco_rules_matches_total',
    'counter',
    m.matches.map((r) => {
      const tagLabels = [...new Set(r.tags.map(labelName))].sort().map((t) => [t, 'true'] as const);
      const pairs = [
        ['priority', String(r.priority)],
        ['rule_name', r.rule],
        ['source', r.source],
        ...tagLabels,
      ] as const;
      return [labels(pairs), r.count] as const;
    }),
  );
  const c = m.capture;
  if (c) {
    const sum = (xs: readonly number[]) => xs.reduce((a, n) => a + n, 0);
    f.family('falcosecurity_scap_engine_name_info', 'gauge', [[labels([['engine_name', 'modern_ebpf']]), 1]]);
    f.family('falcosecurity_scap_n_evts_total', 'counter', [['', sum(c.eventsPerCpu)]]);
    f.family(
      'falcosecurity_scap_n_drops_buffer_total',
      'counter',
      Object.entries(c.dropsByCategory ?? {})
        .filter(([k]) => DROP_LABELS[k] !== undefined)
        .map(([k, n]) => [
          labels([
            ['dir', 'exit'],
            ['drop', DROP_LABELS[k]!],
          ]),
          n,
        ]),
    );
    f.family('falcosecurity_scap_n_drops_total', 'counter', [['', sum(c.dropsPerCpu)]]);
    f.family(
      'falcosecurity_scap_n_evts_cpu_total',
      'counter',
      c.eventsPerCpu.map((n, cpu) => [labels([['cpu', String(cpu)]]), n]),
    );
    f.family(
      'falcosecurity_scap_n_drops_cpu_total',
      'counter',
      c.dropsPerCpu.map((n, cpu) => [labels([['cpu', String(cpu)]]), n]),
    );
  }
  return f.text;
}
