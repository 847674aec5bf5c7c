// The one-shot commands: version, fields, rules validate, rules list, and their bad inputs.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kestrel, LEGACY, OFFICIAL_RULES } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'kestrel-cli-'));

describe('kestrel --version', () => {
  test('prints the package version', async () => {
    const r = await kestrel(['--version']);
    assert.equal(r.status, 0);
    assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });
  test('an unknown command is a usage error (exit 2)', async () => {
    const r = await kestrel(['frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
  });
});

describe('kestrel fields', () => {
  test('json lists the fields of every source', async () => {
    const r = await kestrel(['fields', '--format', 'json']);
    assert.equal(r.status, 0);
    const text = r.stdout;
    for (const f of ['"proc.name"', '"ka.verb"', '"fd.name"', '"container.image.repository"', '"json.value"']) {
      assert.ok(text.includes(f), `${f} is listed`);
    }
    JSON.parse(text);
  });
  test('--source narrows the listing', async () => {
    const r = await kestrel(['fields', '--source', 'k8s_audit', '--names-only']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^ka\.verb$/m);
    assert.doesNotMatch(r.stdout, /^proc\.name$/m);
  });
  test('markdown has tables', async () => {
    const r = await kestrel(['fields', '--format', 'markdown', '--source', 'k8s_audit']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Name \| Type \| Description$/m);
  });
  test('an unknown source or format is a usage error', async () => {
    const bad = await kestrel(['fields', '--source', 'nope']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown --source 'nope'/);
    const fmt = await kestrel(['fields', '--format', 'xml']);
    assert.equal(fmt.status, 2);
    assert.match(fmt.stderr, /xml/);
  });
});

describe('kestrel rules validate', () => {
  test('the official rules files validate together (exit 0)', async () => {
    const files = [
      'falco_rules.yaml',
      'falco-incubating_rules.yaml',
      'falco-sandbox_rules.yaml',
      'k8s_audit_rules.yaml',
    ];
    const r = await kestrel(['rules', 'validate', '--format', 'json', ...files.map((f) => join(OFFICIAL_RULES, f))]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { falco_load_results: Array<{ successful: boolean; errors: unknown[] }> };
    assert.equal(out.falco_load_results.length, 4);
    for (const res of out.falco_load_results) {
      assert.equal(res.successful, true);
      assert.deepEqual(res.errors, []);
    }
  });
  test('an invalid file exits 1 with Falco codes and locations', async () => {
    const r = await kestrel(['rules', 'validate', '--format', 'json', join(LEGACY, 'rules/invalid_rule_output.yaml')]);
    assert.equal(r.status, 1);
    const res = (JSON.parse(r.stdout) as { falco_load_results: Array<{ errors: Array<Record<string, unknown>> }> })
      .falco_load_results[0];
    assert.equal(res.errors[0].code, 'LOAD_ERR_COMPILE_OUTPUT');
    assert.equal(res.errors[0].message, 'invalid formatting token not_a_real_field');
  });
  test('text output names the file, item and position for people', async () => {
    const r = await kestrel(['rules', 'validate', join(LEGACY, 'rules/invalid_macro_loop.yaml')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /invalid_macro_loop\.yaml/);
    assert.match(r.stdout, /LOAD_ERR_VALIDATE/);
    assert.match(r.stdout, /reference loop in macro/);
  });
  test('a missing file is reported as LOAD_ERR_FILE_READ', async () => {
    const r = await kestrel(['rules', 'validate', '--format', 'json', join(tmp, 'missing.yaml')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /LOAD_ERR_FILE_READ/);
  });
});

describe('kestrel rules list', () => {
  test('shows rules with their event types and state', async () => {
    const rules = join(tmp, 'list.yaml');
    writeFileSync(
      rules,
      [
        '- rule: shell',
        '  desc: d',
        '  condition: evt.type in (execve, execveat) and proc.name = bash',
        '  output: shell %proc.name',
        '  priority: WARNING',
        '  tags: [a]',
        '- rule: quiet open',
        '  desc: d',
        '  condition: evt.type = open',
        '  output: o',
        '  priority: INFO',
        '  enabled: false',
      ].join('\n'),
    );
    const r = await kestrel(['rules', 'list', '-r', rules, '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { rules: Array<Record<string, unknown>> };
    assert.deepEqual(out.rules[0], {
      name: 'shell',
      source: 'syscall',
      priority: 'Warning',
      enabled: true,
      tags: ['a'],
      evttypes: ['execve', 'execveat'],
    });
    assert.equal(out.rules[1].enabled, false);
  });
  test('invalid rules stop the command with exit 1 and the load result on stderr', async () => {
    const r = await kestrel(['rules', 'list', '-r', join(LEGACY, 'rules/invalid_rule_output.yaml')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /invalid formatting token not_a_real_field/);
  });
});
