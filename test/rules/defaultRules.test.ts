// Kestrel's default rules (rules/kestrel_rules.yaml) over crafted captures: each malicious
// scenario raises exactly its rule with the container, Kubernetes and user context in the output,
// and its benign neighbour raises nothing. The captures go through the replay path (capture
// reader → state → engine), in-process and once through `kestrel replay`.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { replayWithRules } from './fixtures/scenario.js';
import { RULE_CASES } from './fixtures/scenarios.js';

/** dist/test/rules/ → the repository root. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RULES = join(ROOT, 'rules/kestrel_rules.yaml');
const KESTREL = join(ROOT, 'bin/kestrel.js');
const TMP = mkdtempSync(join(tmpdir(), 'kestrel-default-rules-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

const CONTEXT_FIELDS = [
  '%container.id',
  '%container.name',
  '%container.image.repository',
  '%k8s.ns.name',
  '%k8s.pod.name',
  '%proc.cmdline',
  '%user.name',
];

interface RuleItem {
  rule?: string;
  tags?: string[];
  output?: string;
  priority?: string;
  exceptions?: Array<{ name: string }>;
}

const ruleItems = (parse(readFileSync(RULES, 'utf8')) as RuleItem[]).filter((i) => i.rule !== undefined);

let n = 0;
async function capture(build: () => { write(f: string): Promise<void> }): Promise<string> {
  const file = join(TMP, `scenario-${++n}.scap`);
  await build().write(file);
  return file;
}

describe('default rules file', () => {
  test('loads with no errors and no warnings', async () => {
    const run = promisify(execFile);
    const { stdout } = await run('node', [KESTREL, 'rules', 'validate', RULES, '--format', 'json']);
    const result = JSON.parse(stdout) as {
      falco_load_results: Array<{ successful: boolean; errors: unknown[]; warnings: unknown[] }>;
    };
    assert.equal(result.falco_load_results.length, 1);
    assert.deepEqual(result.falco_load_results[0].errors, []);
    assert.deepEqual(result.falco_load_results[0].warnings, []);
    assert.equal(result.falco_load_results[0].successful, true);
  });

  test('every rule has a MITRE technique tag, a priority, exceptions and the context fields in its output', () => {
    assert.ok(ruleItems.length >= 20, `only ${ruleItems.length} rules`);
    for (const r of ruleItems) {
      assert.ok(r.rule?.startsWith('Kestrel '), `${r.rule}: rule names start with "Kestrel "`);
      assert.ok(
        r.tags?.some((t) => /^T\d{4}(\.\d{3})?$/.test(t)),
        `${r.rule}: no MITRE ATT&CK technique tag`,
      );
      assert.ok(r.tags?.includes('kestrel'), `${r.rule}: no 'kestrel' tag`);
      assert.ok(r.priority, `${r.rule}: no priority`);
      assert.ok((r.exceptions ?? []).length > 0, `${r.rule}: no exceptions users can extend`);
      for (const f of CONTEXT_FIELDS) assert.ok(r.output?.includes(f), `${r.rule}: output lacks ${f}`);
    }
  });

  test('every rule is restricted by event type and has a scenario', async () => {
    const file = await capture(RULE_CASES[0].benign);
    const pipelineRules = (await import('../../src/app/pipeline.js')).buildPipeline({
      rulesFiles: [RULES],
      log: () => {},
    });
    try {
      for (const r of pipelineRules.rules.rules) {
        assert.ok(r.evttypes !== null && r.evttypes.size > 0, `${r.name}: not restricted by evt.type`);
        assert.ok(
          RULE_CASES.some((c) => c.rule === r.name),
          `${r.name}: no scenario in test/rules/fixtures/scenarios.ts`,
        );
      }
    } finally {
      await pipelineRules.close();
    }
    assert.ok(file);
  });
});

describe('default rules over crafted captures', () => {
  for (const c of RULE_CASES) {
    const name = c.malicious().name;
    test(`${c.rule}: ${name}`, async () => {
      const file = await capture(c.malicious);
      const { alerts, log } = await replayWithRules(file, [RULES]);
      assert.deepEqual(log, [], 'rules loader warnings');
      const rules = alerts.map((a) => a.rule);
      assert.deepEqual(
        rules,
        new Array(c.alerts).fill(c.rule),
        `alerts: ${alerts.map((a) => `${a.rule}: ${a.output}`).join('\n')}`,
      );
      for (const text of c.outputHas) {
        assert.ok(
          alerts.some((a) => a.output.includes(text)),
          `"${text}" not in: ${alerts.map((a) => a.output).join('\n')}`,
        );
      }
      for (const a of alerts) {
        if (c.container) {
          const k = c.container;
          assert.ok(a.output.includes(`container_id=${k.id.slice(0, 12)}`), a.output);
          assert.ok(a.output.includes(`container_name=${k.name}`), a.output);
          assert.ok(a.output.includes(`image=${k.imageRepository}`), a.output);
          assert.ok(a.output.includes(`k8s_ns=${k.namespace ?? '<NA>'}`), a.output);
          assert.ok(a.output.includes(`k8s_pod=${k.pod ?? '<NA>'}`), a.output);
        } else {
          assert.ok(a.output.includes('container_id=host container_name=host'), a.output);
        }
        assert.doesNotMatch(a.output, /user=<NA>/);
      }
    });

    const benign = c.benign();
    test(`${c.rule} (benign): ${benign.name}`, async () => {
      const file = await capture(() => benign);
      const { alerts, eventsRead } = await replayWithRules(file, [RULES]);
      assert.ok(eventsRead > 0);
      assert.deepEqual(
        alerts.map((a) => `${a.rule}: ${a.output}`),
        [],
      );
    });
  }

  test('kestrel replay FILE -r rules/kestrel_rules.yaml --json raises the alert in Falco JSON', async () => {
    const c = RULE_CASES.find((x) => x.rule === 'Kestrel Package Manager in Container');
    assert.ok(c);
    const file = await capture(c.malicious);
    const run = promisify(execFile);
    const { stdout } = await run('node', [KESTREL, 'replay', file, '-r', RULES, '--json', '--stats', 'json']);
    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.pop() as { by_rule?: Record<string, number> };
    assert.equal(lines.length, 1, stdout);
    const alert = lines[0] as { rule: string; priority: string; source: string; tags: string[] } & {
      output_fields: Record<string, unknown>;
    };
    assert.equal(alert.rule, 'Kestrel Package Manager in Container');
    assert.equal(alert.priority, 'Warning');
    assert.equal(alert.source, 'syscall');
    assert.ok(alert.tags.includes('T1072'));
    assert.equal(alert.output_fields['container.name'], 'api');
    assert.equal(alert.output_fields['container.image.repository'], 'ghcr.io/acme/api');
    assert.equal(alert.output_fields['proc.cmdline'], 'apt-get install -y nmap');
    assert.equal(alert.output_fields['user.name'], 'root');
    assert.equal(summary.by_rule?.['Kestrel Package Manager in Container'], 1);
  });
});
