import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Priority } from '../../src/engine/priority.js';
import { matchesWildcard, ruleNameMatches } from '../../src/engine/ruleMatch.js';
import { Ruleset } from '../../src/engine/ruleset.js';
import { configSelectionSteps, legacySelectionSteps } from '../../src/engine/selection.js';
import { RuleStats, shortPriorityName } from '../../src/engine/stats.js';
import { rule } from './rules.js';

describe('matchesWildcard (Falco semantics)', () => {
  test('plain, prefix, suffix, infix', () => {
    assert.ok(matchesWildcard('a', 'a'));
    assert.ok(!matchesWildcard('a', 'ab'));
    assert.ok(matchesWildcard('*', 'anything'));
    assert.ok(matchesWildcard('**', ''));
    assert.ok(matchesWildcard('Read*', 'Read sensitive file'));
    assert.ok(matchesWildcard('*file', 'Read sensitive file'));
    assert.ok(matchesWildcard('*hello*world*', 'say hello to the world!'));
    assert.ok(matchesWildcard('Read*file', 'Read sensitive file'));
    assert.ok(!matchesWildcard('*xyz*', 'Read sensitive file'));
  });

  test('no backtracking, like Falco', () => {
    assert.ok(!matchesWildcard('*ab', 'abab'));
    assert.ok(matchesWildcard('*ab*', 'abab'));
    // The last literal must be found at its first occurrence and end the name.
    assert.ok(!matchesWildcard('R*d*e', 'Read sensitive file'));
  });

  test('match types', () => {
    assert.ok(ruleNameMatches('', 'exact', 'x'));
    assert.ok(ruleNameMatches('', 'substring', 'x'));
    assert.ok(!ruleNameMatches('', 'wildcard', 'x'));
    assert.ok(ruleNameMatches('open', 'substring', 'open_from_cat'));
    assert.ok(!ruleNameMatches('open', 'exact', 'open_from_cat'));
    assert.ok(!ruleNameMatches('open', 'wildcard', 'open_from_cat'));
  });
});

describe('selection steps', () => {
  test('rules: entries with both rule and tag apply the rule first', () => {
    assert.deepEqual(
      configSelectionSteps([
        { op: 'disable', rule: '*' },
        { op: 'enable', rule: 'x', tag: 't' },
      ]),
      [
        { enable: false, rule: '*', match: 'wildcard' },
        { enable: true, rule: 'x', match: 'wildcard' },
        { enable: true, tags: ['t'] },
      ],
    );
  });

  test('legacy options', () => {
    assert.deepEqual(legacySelectionSteps({ disabledRules: ['open'], disabledTags: ['a', 'b', 'a'] }), [
      { enable: false, rule: 'open', match: 'substring' },
      { enable: false, tags: ['a', 'b'] },
    ]);
    assert.deepEqual(legacySelectionSteps({ enabledTags: ['a'] }), [
      { enable: false, rule: '', match: 'substring' },
      { enable: true, tags: ['a'] },
    ]);
    assert.deepEqual(legacySelectionSteps({}), []);
  });
});

describe('Ruleset', () => {
  test('index rebuilds after changes and reports counts', () => {
    const rs = new Ruleset<unknown>('syscall', (names) => [...names].map((n) => (n === 'open' ? 2 : 4)));
    rs.add(rule('a', { evttypes: ['open'] }) as never, 0);
    rs.add(rule('b', { evttypes: ['close'] }) as never, 1);
    rs.add(rule('c', { evttypes: null, enabled: false }) as never, 2);
    assert.deepEqual(
      rs.candidates(2).map((e) => e.rule.name),
      ['a'],
    );
    assert.deepEqual(
      rs.candidates(3).map((e) => e.rule.name),
      [],
    );
    assert.equal(rs.setEnabled('c', 'exact', true), 1);
    assert.deepEqual(
      rs.candidates(2).map((e) => e.rule.name),
      ['a', 'c'],
    );
    assert.deepEqual(
      rs.candidates(3).map((e) => e.rule.name),
      ['c'],
    );
    assert.equal(rs.setEnabledByTags(['none'], false), 0);
    assert.equal(rs.enabledCount, 3);
    assert.equal(rs.entries.length, 3);
  });
});

describe('RuleStats', () => {
  test('short priority names', () => {
    assert.equal(shortPriorityName(Priority.Informational), 'Info');
    assert.equal(shortPriorityName(Priority.Emergency), 'Emergency');
  });

  test('severities are listed most severe first', () => {
    const s = new RuleStats();
    s.onRuleLoaded(0, { name: 'a', source: 'syscall', priority: Priority.Emergency, tags: [] });
    s.onRuleLoaded(1, { name: 'b', source: 'syscall', priority: Priority.Debug, tags: ['t'] });
    s.onAlert(1, Priority.Debug);
    s.onAlert(0, Priority.Emergency);
    assert.equal(
      s.format(),
      'Events detected: 2\nRule counts by severity:\n   EMERGENCY: 1\n   DEBUG: 1\nTriggered rules by rule name:\n   a: 1\n   b: 1\n',
    );
  });
});
