// The legacy suite's rule selection cases (disabled_rules*, disabled_tags_*, run_tags_*), replayed
// with the rules and expected counts read from the suite itself: rules/tagged_rules.yaml has rules
// open_1..open_13, each matching the open of its own file in open-multiple-files.scap.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { Engine } from '../../src/engine/engine.js';
import { LEGACY_CONFLICT_MESSAGE, legacySelectionSteps, RuleSelectionError } from '../../src/engine/selection.js';
import { fakeEvent, fakeSource } from '../outputs/fakeSource.js';
import { rule } from './rules.js';

const LEGACY = '/work/shared/corpus/legacy';

interface LegacyCase {
  disable_tags?: string[];
  run_tags?: string[];
  disabled_rules?: string[];
  detect_counts?: Array<Record<string, number>>;
  stderr_contains?: string;
}

// The suite file uses a custom !mux tag; read it as plain data.
const suite = parse(readFileSync(`${LEGACY}/falco_tests.yaml`, 'utf8'), {
  customTags: [{ tag: '!mux', collection: 'map', resolve: (v: unknown) => v }],
}).trace_files as Record<string, LegacyCase>;

const taggedRules = (parse(readFileSync(`${LEGACY}/rules/tagged_rules.yaml`, 'utf8')) as Array<Record<string, unknown>>)
  .filter((item) => typeof item.rule === 'string')
  .map((item) => ({ name: item.rule as string, tags: (item.tags as string[] | undefined) ?? [] }));

function run(c: LegacyCase): Map<string, number> {
  const engine = new Engine({ hostname: 'h', ruleMatching: 'first' });
  engine.addSource(fakeSource('syscall'));
  engine.addRules(
    taggedRules.map((r) =>
      rule(r.name, { tags: r.tags, matches: (evt) => evt.values['fd.name'] === `/tmp/${r.name}` }),
    ),
  );
  engine.applyLegacyOptions({ disabledRules: c.disabled_rules, disabledTags: c.disable_tags, enabledTags: c.run_tags });
  for (const r of taggedRules) engine.process('syscall', fakeEvent({ 'fd.name': `/tmp/${r.name}` }), 0);
  return new Map(engine.stats.byRule.map((r) => [r.rule, r.count]));
}

describe('legacy -T / -t cases', () => {
  const cases = Object.entries(suite).filter(([name]) => /^(disabled_tags|run_tags)_/.test(name));
  test('the suite has the expected cases', () => {
    assert.ok(cases.length >= 8, `found ${cases.length}`);
    assert.equal(taggedRules.length, 13);
  });
  for (const [name, c] of cases) {
    test(name, () => {
      const counts = run(c);
      for (const expected of c.detect_counts ?? []) {
        for (const [ruleName, count] of Object.entries(expected)) {
          assert.equal(counts.get(ruleName), count, `${name}: ${ruleName}`);
        }
      }
    });
  }
});

describe('legacy -D and conflicts', () => {
  test('disabled_rules and disabled_rules_using_substring disable open_from_cat', () => {
    for (const name of ['disabled_rules', 'disabled_rules_using_substring']) {
      const c = suite[name];
      const engine = new Engine({ hostname: 'h' });
      engine.addSource(fakeSource('syscall'));
      engine.addRules([rule('open_from_cat')]);
      engine.applyLegacyOptions({ disabledRules: c.disabled_rules });
      assert.equal(engine.enabledRuleCount(), 0, name);
    }
  });

  test('disabled_and_enabled_rules_1/2: -D or -T with -t is refused with Falco message', () => {
    for (const name of ['disabled_and_enabled_rules_1', 'disabled_and_enabled_rules_2']) {
      const c = suite[name];
      assert.throws(
        () =>
          legacySelectionSteps({
            disabledRules: c.disabled_rules,
            disabledTags: c.disable_tags,
            enabledTags: c.run_tags,
          }),
        (e: unknown) => e instanceof RuleSelectionError && e.message === LEGACY_CONFLICT_MESSAGE,
      );
      assert.match(`Runtime error: ${LEGACY_CONFLICT_MESSAGE}. Exiting.`, new RegExp(c.stderr_contains ?? ''));
    }
  });
});
