// Falco's /metrics series under Falco's names and labels: one HELP/TYPE per family, rule series
// labelled by priority number, rule_name, source and one tag_<name> per tag, label values escaped.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { falcoMetricsText } from '../../src/app/falcoMetrics.js';
import { Priority } from '../../src/engine/priority.js';

const base = {
  startNs: 1_700_000_000_000_000_000n,
  nowMs: 1_700_000_042_500,
  hostname: 'node-1',
  cpus: 2,
  eventCounts: new Map([
    ['syscall', 10],
    ['k8s_audit', 5],
  ]),
  outputsDropped: 3,
  matches: [
    {
      rule: 'Read "sensitive" file\\untrusted',
      source: 'syscall',
      priority: Priority.Warning,
      tags: ['T1555', 'mitre_credential_access', 'maturity-stable', 'T1555'],
      count: 11,
    },
    { rule: 'Create Privileged Pod', source: 'k8s_audit', priority: Priority.Warning, tags: [], count: 2 },
  ],
};

describe('Falco-named metrics', () => {
  test('engine series: hostname, sources, duration, events, output drops, rule matches', () => {
    const text = falcoMetricsText(base);
    assert.match(text, /^falcosecurity_evt_hostname_info\{hostname="node-1"\} 1$/m);
    assert.match(text, /^falcosecurity_falco_evt_source_info\{evt_source="k8s_audit"\} 1$/m);
    assert.match(text, /^falcosecurity_falco_start_timestamp_nanoseconds 1700000000000000000$/m);
    assert.match(text, /^falcosecurity_falco_duration_seconds_total 42$/m);
    assert.match(text, /^falcosecurity_falco_n_evts_total 15$/m);
    assert.match(text, /^falcosecurity_falco_outputs_queue_num_drops_total 3$/m);
    assert.ok(
      text.includes(
        'falcosecurity_falco_rules_matches_total{priority="4",rule_name="Read \\"sensitive\\" file\\\\untrusted",source="syscall",tag_T1555="true",tag_maturity_stable="true",tag_mitre_credential_access="true"} 11\n',
      ),
      text,
    );
    assert.match(
      text,
      /^falcosecurity_falco_rules_matches_total\{priority="4",rule_name="Create Privileged Pod",source="k8s_audit"\} 2$/m,
    );
    // no capture: no scap series
    assert.doesNotMatch(text, /falcosecurity_scap_/);
    // one HELP and one TYPE per family
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
    assert.equal(new Set(types).size, types.length);
    assert.ok(types.includes('# TYPE falcosecurity_falco_rules_matches_total counter'));
  });

  test('capture series: events and drops in total, per CPU and by buffer category', () => {
    const text = falcoMetricsText({
      ...base,
      matches: [],
      capture: {
        eventsPerCpu: [100, 50],
        dropsPerCpu: [0, 7],
        dropsByCategory: { openExit: 4, procExit: 3, unknownKind: 1 },
      },
    });
    assert.match(text, /^falcosecurity_scap_engine_name_info\{engine_name="modern_ebpf"\} 1$/m);
    assert.match(text, /^falcosecurity_scap_n_evts_total 150$/m);
    assert.match(text, /^falcosecurity_scap_n_drops_total 7$/m);
    assert.match(text, /^falcosecurity_scap_n_drops_buffer_total\{dir="exit",drop="open"\} 4$/m);
    assert.match(text, /^falcosecurity_scap_n_drops_buffer_total\{dir="exit",drop="proc"\} 3$/m);
    assert.doesNotMatch(text, /unknownKind/);
    assert.match(text, /^falcosecurity_scap_n_evts_cpu_total\{cpu="1"\} 50$/m);
    assert.match(text, /^falcosecurity_scap_n_drops_cpu_total\{cpu="1"\} 7$/m);
    // no rule fired: the family is left out rather than written empty
    assert.doesNotMatch(text, /rules_matches/);
  });
});
