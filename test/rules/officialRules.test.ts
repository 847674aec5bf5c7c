// The four official rules files load together with no errors, in Falco's usual order.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRules } from '../../src/rules/index.js';
import { describeEntries, OFFICIAL_RULES, options } from './helpers.js';

const FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml', 'k8s_audit_rules.yaml'];

test('official rules files load together without errors', () => {
  const out = loadRules(
    FILES.map((f) => join(OFFICIAL_RULES, f)),
    options(),
  );
  const errors = out.results.flatMap((r) => r.errors);
  assert.equal(errors.length, 0, describeEntries(errors));
  assert.equal(out.pluginRequirementError, undefined);
  assert.equal(out.ok, true);
  assert.equal(out.results.length, 4);
  const sources = new Set(out.rules.map((r) => r.source));
  assert.deepEqual([...sources].sort(), ['k8s_audit', 'syscall']);
  // Every rule of the main file is there, compiled.
  const names = new Set(out.rules.map((r) => r.name));
  assert.ok(names.has('Terminal shell in container'));
  assert.ok(names.has('Create Disallowed Pod'));
  for (const r of out.rules) assert.equal(typeof r.matches, 'function');
});

test('official syscall rules each load alone without errors', () => {
  const out = loadRules([join(OFFICIAL_RULES, 'falco_rules.yaml')], options());
  assert.equal(out.ok, true, describeEntries(out.results.flatMap((r) => r.errors)));
  assert.equal(out.requiredEngineVersion.minor, 57);
  assert.deepEqual(out.requiredPluginVersions[0], [{ name: 'container', version: '0.4.0' }]);
});
