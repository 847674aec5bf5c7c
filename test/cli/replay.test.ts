// `kestrel replay` over Kubernetes audit files: alerts in Falco's JSON shape, the summary, and
// what happens with bad input, bad options and bad configuration.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AUDIT_TRACES, kestrel, OFFICIAL_RULES } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'kestrel-replay-'));
const K8S_RULES = join(OFFICIAL_RULES, 'k8s_audit_rules.yaml');
const PRIVILEGED = join(AUDIT_TRACES, 'create_nginx_pod_privileged.json');

interface AlertJson {
  time: string;
  rule: string;
  priority: string;
  output: string;
  output_fields: Record<string, unknown>;
  source: string;
  tags: string[];
  hostname: string;
}

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('kestrel replay', () => {
  test('official k8s audit rules raise Falco-shaped JSON alerts', async () => {
    const r = await kestrel(['replay', PRIVILEGED, '-r', K8S_RULES, '--json', '--stats', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const lines = jsonLines(r.stdout);
    const summary = lines.pop() as Record<string, unknown>;
    const alert = lines.find((a) => a.rule === 'Create Privileged Pod') as unknown as AlertJson;
    assert.ok(alert, r.stdout);
    assert.equal(alert.priority, 'Warning');
    assert.equal(alert.source, 'k8s_audit');
    assert.match(alert.time, /^2018-10-25T14:09:12\.\d{9}Z$/);
    assert.deepEqual(Object.keys(alert).sort(), [
      'hostname',
      'output',
      'output_fields',
      'priority',
      'rule',
      'source',
      'tags',
      'time',
    ]);
    assert.equal(alert.output_fields['ka.user.name'], 'system:serviceaccount:kube-system:replicaset-controller');
    assert.ok(alert.tags.includes('k8s'));
    assert.match(alert.output, /Pod started with privileged container/);
    assert.equal(summary.events, 1);
    assert.equal((summary.by_rule as Record<string, number>)['Create Privileged Pod'], 1);
  });

  test('text alerts and Falco’s text summary by default', async () => {
    const r = await kestrel(['replay', PRIVILEGED, '-r', K8S_RULES, '-o', 'time_format_iso_8601=true']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^2018-10-25T14:09:12\.\d{9}\+0000: Warning Pod started with privileged container/m);
    assert.match(r.stdout, /^Events detected: \d+$/m);
    assert.match(r.stdout, /^ {3}Create Privileged Pod: 1$/m);
  });

  test('a bad line is reported with its location; the other events are still processed', async () => {
    const good = readFileSync(PRIVILEGED, 'utf8').trim();
    const file = join(tmp, 'mixed.jsonl');
    writeFileSync(file, `${good}\n{"not": json\n${good}\n`);
    const r = await kestrel(['replay', file, '-r', K8S_RULES, '--stats', 'json', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2`));
    const summary = jsonLines(r.stdout).pop() as Record<string, unknown>;
    assert.equal(summary.events, 2);
    assert.equal(summary.input_errors, 1);
  });

  test('a missing input file exits 1 naming it', async () => {
    const r = await kestrel(['replay', join(tmp, 'absent.json'), '-r', K8S_RULES]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /absent\.json/);
  });

  test('nothing to replay is an error', async () => {
    const r = await kestrel(['replay', '-r', K8S_RULES]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /nothing to replay/);
  });

  test('-D/-T cannot be combined with -t', async () => {
    const r = await kestrel(['replay', PRIVILEGED, '-r', K8S_RULES, '-D', 'x', '-t', 'k8s']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /You can not specify both disabled \(-D\/-T\) and enabled \(-t\) rules/);
  });

  test('-t runs only rules with the tag, -D disables by name substring', async () => {
    const onlyTag = await kestrel(['replay', PRIVILEGED, '-r', K8S_RULES, '-t', 'no-such-tag', '--stats', 'json']);
    assert.equal((jsonLines(onlyTag.stdout).pop() as Record<string, unknown>).detections, 0);
    const disabled = await kestrel(['replay', PRIVILEGED, '-r', K8S_RULES, '-D', 'Privileged', '--stats', 'json']);
    const byRule = (jsonLines(disabled.stdout).pop() as Record<string, Record<string, number>>).by_rule;
    assert.equal(byRule['Create Privileged Pod'], undefined);
  });

  test('a bad -o value names the key and exits 1', async () => {
    const r = await kestrel(['replay', PRIVILEGED, '-r', K8S_RULES, '-o', 'priority=loud']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /priority/);
    assert.match(r.stderr, /loud/);
  });

  test('-o without "=" is refused', async () => {
    const r = await kestrel(['replay', PRIVILEGED, '-r', K8S_RULES, '-o', 'json_output']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /json_output/);
  });

  test('a configuration file with a YAML error names the file and line', async () => {
    const conf = join(tmp, 'bad.yaml');
    writeFileSync(conf, 'json_output: true\npriority: [unclosed\n');
    const r = await kestrel(['replay', PRIVILEGED, '-r', K8S_RULES, '-c', conf]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad\.yaml/);
  });

  test('a configuration value of the wrong type is refused with its key', async () => {
    const conf = join(tmp, 'types.yaml');
    writeFileSync(conf, 'json_output: maybe\n');
    const r = await kestrel(['replay', PRIVILEGED, '-r', K8S_RULES, '-c', conf]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /json_output/);
  });

  test('rules that do not load stop the run with exit 1', async () => {
    const rules = join(tmp, 'broken.yaml');
    writeFileSync(
      rules,
      '- rule: x\n  desc: d\n  condition: ka.verb = create and (\n  output: o\n  priority: INFO\n  source: k8s_audit\n',
    );
    const r = await kestrel(['replay', PRIVILEGED, '-r', rules]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /LOAD_ERR_COMPILE_CONDITION/);
  });

  test('an unknown --enable-source is refused', async () => {
    const r = await kestrel(['replay', PRIVILEGED, '-r', K8S_RULES, '--enable-source', 'gcp']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /unknown event source 'gcp'/);
  });
});
