// Kubernetes audit events per second through the official k8s_audit_rules.yaml: each operation
// takes one JSON line of the regression suite's audit traces (repeated to reach COUNT lines),
// parses it as the webhook does (parseAuditText) and runs its event through the engine, alerts
// included (rendered as the outputs would get them, but not written anywhere). The baseline is
// JSON.parse of the same lines alone: the least any JavaScript audit consumer pays.

import { Engine } from '../src/engine/engine.js';
import { K8S_AUDIT_SOURCE_NAME, parseAuditText } from '../src/sources/k8saudit/index.js';
import { loadAuditCorpus } from './corpus.js';
import { type Benchmark, type CaseResult, timePair } from './harness.js';
import { loadOfficialK8sAuditRules } from './officialRules.js';

/** Audit lines timed per side. */
const COUNT = 200_000;
const WARMUP = 20_000;

export const k8sAuditBenchmark: Benchmark = {
  name: 'k8s-audit',
  description:
    `${COUNT.toLocaleString('en-US')} audit JSON lines parsed and matched against the official ` +
    'k8s_audit_rules.yaml (rule_matching: first); baseline: JSON.parse of the same lines alone',
  run(): CaseResult[] {
    const corpus = loadAuditCorpus();
    const { source, rules } = loadOfficialK8sAuditRules();
    const engine = new Engine({ hostname: 'kestrel-bench' });
    engine.addSource(source);
    engine.addRules(rules);

    const lines = corpus.lines.map((l) => l.text);
    const n = lines.length;
    let parseErrors = 0;
    const { result, kestrelSink } = timePair({
      name: 'official rules',
      subject: 'parseAuditText(line) + engine.process(event) over every enabled rule',
      baseline: 'JSON.parse(line)',
      count: COUNT,
      warmup: WARMUP,
      kestrelOp: (i) => {
        const parsed = parseAuditText(lines[i % n]);
        parseErrors += parsed.errors.length;
        let alerts = 0;
        for (let e = 0; e < parsed.events.length; e++) {
          alerts += engine.process(K8S_AUDIT_SOURCE_NAME, parsed.events[e]).length;
        }
        return alerts;
      },
      baseOp: (i) => (JSON.parse(lines[i % n]) === null ? 0 : 1),
    });
    if (parseErrors > 0) throw new Error(`${parseErrors} audit lines failed to parse while timing`);
    const bytes = lines.reduce((sum, l) => sum + Buffer.byteLength(l), 0);
    result.notes = {
      'enabled rules': engine.enabledRuleCount(K8S_AUDIT_SOURCE_NAME),
      'distinct lines': n,
      'skipped lines': corpus.skipped.map((l) => l.where).join(', ') || 'none',
      'mean line bytes': Math.round(bytes / n),
      'alerts (timed run)': kestrelSink,
      'alerts/s': Math.round(kestrelSink / (result.kestrel.elapsedMs / 1000)),
    };
    return [result];
  },
};
