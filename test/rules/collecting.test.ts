// How definitions combine across items and files: appends, overrides, redefinitions, the
// enabled-only item, list and macro visibility.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Priority } from '../../src/engine/priority.js';
import { loadRules, loadRulesContents } from '../../src/rules/index.js';
import { describeEntries, LEGACY, loadText, options } from './helpers.js';

const RULE = '- rule: r\n  desc: base\n  condition: evt.type=open\n  output: out\n  priority: INFO\n  tags: [b, a]\n';

function ruleOf(text: string) {
  const out = loadText(text);
  assert.equal(out.ok, true, describeEntries(out.results.flatMap((r) => r.errors)));
  return out.rules[0];
}

describe('rules', () => {
  test('defaults', () => {
    const r = ruleOf(RULE);
    assert.equal(r.source, 'syscall');
    assert.equal(r.enabled, true);
    assert.equal(r.priority, Priority.Informational);
    assert.deepEqual(r.tags, ['a', 'b']);
    assert.equal(r.capture, false);
    assert.deepEqual(r.location, { file: 'rules.yaml', line: 1, col: 3 });
  });

  test('override append joins with a space and merges tags', () => {
    const r = ruleOf(
      `${RULE}- rule: r\n  condition: and proc.name=cat\n  desc: more\n  tags: [c, a]\n  override:\n    condition: append\n    desc: append\n    tags: append\n`,
    );
    assert.equal(r.condition, 'evt.type=open and proc.name=cat');
    assert.equal(r.desc, 'base more');
    assert.deepEqual(r.tags, ['a', 'b', 'c']);
  });

  test('override replace swaps values', () => {
    const r = ruleOf(
      `${RULE}- rule: r\n  priority: ERROR\n  enabled: false\n  tags: [z]\n  output: new\n  override:\n    priority: replace\n    enabled: replace\n    tags: replace\n    output: replace\n`,
    );
    assert.equal(r.priority, Priority.Error);
    assert.equal(r.enabled, false);
    assert.deepEqual(r.tags, ['z']);
    assert.equal(r.output.format, 'new');
  });

  test('append and replace in one item', () => {
    const r = ruleOf(
      `${RULE}- rule: r\n  condition: or evt.type=close\n  priority: DEBUG\n  override:\n    condition: append\n    priority: replace\n`,
    );
    assert.equal(r.condition, 'evt.type=open or evt.type=close');
    assert.equal(r.priority, Priority.Debug);
  });

  test('the deprecated append flag appends the condition only, with a warning', () => {
    const out = loadText(`${RULE}- rule: r\n  condition: and proc.name=cat\n  output: ignored\n  append: true\n`);
    assert.equal(out.rules[0].condition, 'evt.type=open and proc.name=cat');
    assert.equal(out.rules[0].output.format, 'out');
    const w = out.results[0].warnings.find((x) => x.code === 'LOAD_DEPRECATED_ITEM');
    assert.equal(
      w?.message,
      "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.",
    );
  });

  test('the enabled-only item toggles a rule, with a warning', () => {
    const out = loadText(`${RULE}- rule: r\n  enabled: false\n`);
    assert.equal(out.rules[0].enabled, false);
    assert.ok(out.results[0].warnings.some((w) => w.code === 'LOAD_DEPRECATED_ITEM'));
  });

  test('a redefinition replaces the rule but keeps its place', () => {
    const out = loadText(
      `${RULE}- rule: s\n  desc: d\n  condition: evt.type=close\n  output: o\n  priority: INFO\n- rule: r\n  desc: again\n  condition: evt.type=execve\n  output: o\n  priority: ERROR\n`,
    );
    assert.deepEqual(
      out.rules.map((r) => r.name),
      ['r', 's'],
    );
    assert.equal(out.rules[0].desc, 'again');
    assert.deepEqual(out.rules[0].tags, []);
  });

  test('exceptions become part of the condition', () => {
    const r = ruleOf(
      `${RULE}- rule: r\n  exceptions:\n    - name: e\n      fields: proc.name\n      values: [cat, "a b"]\n  override:\n    exceptions: append\n`,
    );
    assert.equal(r.condition, 'evt.type=open');
    assert.equal(r.ast.kind, 'and');
  });

  test('capture settings', () => {
    const r = ruleOf(`${RULE}  capture: true\n  capture_duration: 5000\n`);
    assert.equal(r.capture, true);
    assert.equal(r.captureDuration, 5000);
  });

  test('later files see earlier items', () => {
    const out = loadRulesContents(
      [
        { name: 'a.yaml', text: '- list: l\n  items: [cat]\n- macro: m\n  condition: proc.name in (l)\n' },
        {
          name: 'b.yaml',
          text: '- rule: r\n  desc: d\n  condition: evt.type=open and m\n  output: o\n  priority: INFO\n',
        },
      ],
      options(),
    );
    assert.equal(out.ok, true);
    // The first file alone left them unused; the second uses them.
    assert.deepEqual(
      out.results[0].warnings.map((w) => w.code),
      ['LOAD_UNUSED_MACRO'],
    );
    assert.deepEqual(out.results[1].warnings, []);
  });
});

describe('lists and macros', () => {
  test('lists append items and expand earlier lists', () => {
    const out = loadText(
      '- list: a\n  items: [x]\n- list: b\n  items: [a, y]\n- list: b\n  items: [z]\n  override:\n    items: append\n- rule: r\n  desc: d\n  condition: evt.type=open and proc.name in (b)\n  output: o\n  priority: INFO\n',
    );
    assert.equal(out.ok, true);
    const cond = out.rules[0].ast;
    assert.match(JSON.stringify(cond), /"x".*"y".*"z"/);
    assert.deepEqual(out.results[0].warnings, []);
  });

  test('a macro sees only macros defined before it', () => {
    const out = loadText('- macro: a\n  condition: b\n- macro: b\n  condition: evt.type=open\n');
    const e = out.results[0].errors[0];
    assert.equal(e.message, "Undefined macro 'b' used in filter.");
  });

  test('a rule sees every macro', () => {
    const out = loadText(
      '- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: INFO\n- macro: m\n  condition: evt.type=open\n',
    );
    assert.equal(out.ok, true);
  });

  test('rules from a folder load in sorted order', () => {
    const out = loadRules([join(LEGACY, 'rules', 'rules_dir')], options());
    assert.deepEqual(
      out.results.map((r) => r.name.split('/').pop()),
      ['000-single_rule.yaml', '001-double_rule.yaml'],
    );
    assert.equal(out.ok, true);
    assert.equal(out.rules.length, 3);
  });
});
