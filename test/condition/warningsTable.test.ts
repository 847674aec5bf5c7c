// Reproduces Falco's `test_warnings` regression case over falco_rules_warnings.yaml.
//
// The case's `rules_events` table dates from Falco's Lua rule loader, which gave up on a rule
// (matching every event type) as soon as a `not` or `!=` appeared before an evt.type check.
// Falco's own suite stopped checking that table long ago (see the comment above the case in
// falco_tests.yaml), and today's libsinsp resolver pushes negations down to evt.type checks
// instead: `evt.type=execve and not proc.name=foo or evt.type=open` matches execve and open.
// The case's `validate_warnings`, which today's Falco does check, agree with today's resolver:
// exactly the rules whose type set is empty or exceeds 100 codes get LOAD_NO_EVTTYPE, and none
// of the ten rules below does. So Kestrel follows today's Falco for those ten rules; the other
// 21 expectations are reproduced as written ("all" meaning LOAD_NO_EVTTYPE territory).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventTypesOf, isTooManyEventTypes, parseCondition } from '../../src/condition/index.js';
import { readRulesFile, readYaml } from './helpers/corpus.js';

interface WarningsCase {
  validate_warnings: Array<{ item_name: string; code: string; message: string }>;
  rules_events: Array<Record<string, string[]>>;
}

const suite = readYaml('corpus/legacy/falco_tests.yaml') as { trace_files: Record<string, WarningsCase> };
const theCase = suite.trace_files.test_warnings;
const expected = new Map(theCase.rules_events.flatMap((e) => Object.entries(e)));
const rules = readRulesFile('corpus/legacy/rules/falco_rules_warnings.yaml');

/** Where today's Falco differs from the Lua-era table, with what it computes instead. */
const TODAY: Record<string, string[]> = {
  not_before_trailing_evttype: ['execve', 'open'],
  not_equals_before_trailing_evttype: ['execve', 'open'],
  not_equals_before_in: ['connect', 'execve', 'open'],
  not_before_in: ['connect', 'execve', 'open'],
  not_in_before_in: ['connect', 'execve', 'open'],
  leading_in_not_equals_before_evttype: ['connect', 'execve', 'open'],
  not_equals_before_evttype: ['execve'],
  not_equals_before_in_evttype: ['execve', 'open'],
  not_before_evttype: ['execve'],
  not_before_evttype_using_in: ['execve', 'open'],
};

describe('test_warnings: falco_rules_warnings.yaml', () => {
  test('the table covers every rule of the file', () => {
    assert.equal(rules.length, 31);
    assert.deepEqual(
      rules.map((r) => r.rule),
      [...expected.keys()],
    );
  });

  for (const r of rules) {
    const name = r.rule as string;
    test(name, () => {
      const types = eventTypesOf(parseCondition(r.condition as string));
      const want = TODAY[name] ?? expected.get(name);
      if (want === undefined) return assert.fail(`no expectation for ${name}`);
      if (want.length === 1 && want[0] === 'all') {
        assert.equal(isTooManyEventTypes(types), true);
      } else {
        assert.ok(types !== null);
        assert.deepEqual([...types].sort(), [...want].sort());
        assert.equal(isTooManyEventTypes(types), false);
      }
    });
  }

  test('LOAD_NO_EVTTYPE goes to exactly the rules validate_warnings lists', () => {
    const warned = rules
      .filter((r) => isTooManyEventTypes(eventTypesOf(parseCondition(r.condition as string))))
      .map((r) => r.rule);
    const listed = theCase.validate_warnings.filter((w) => w.code === 'LOAD_NO_EVTTYPE').map((w) => w.item_name);
    assert.deepEqual(warned, listed);
  });

  test('the ten rules where today differs from the Lua-era table are the ones the table calls "all"', () => {
    for (const name of Object.keys(TODAY)) assert.deepEqual(expected.get(name), ['all']);
  });
});
