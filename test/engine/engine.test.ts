import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Engine, EngineError, syscallEventTypeIds } from '../../src/engine/engine.js';
import { Priority } from '../../src/engine/priority.js';
import { EVENT_CODES } from '../../src/events/eventTable.js';
import { eventIdsForNames } from '../../src/events/eventTypes.js';
import { fakeEvent, fakeSource } from '../outputs/fakeSource.js';
import { rule } from './rules.js';

const OPEN_IDS = [...eventIdsForNames(['open'])];
const EXECVE_IDS = [...eventIdsForNames(['execve'])];

function engineWith(options: ConstructorParameters<typeof Engine>[0] = {}): Engine {
  const engine = new Engine({ hostname: 'test-host', ...options });
  engine.addSource(fakeSource('syscall'));
  engine.addSource(fakeSource('k8s_audit'));
  return engine;
}

describe('Engine.process', () => {
  test('rules are found by event type; rules without a type restriction see every event', () => {
    const engine = engineWith({ ruleMatching: 'all' });
    engine.addRules([
      rule('open rule', { evttypes: ['open'] }),
      rule('any rule', { evttypes: null }),
      rule('execve rule', { evttypes: ['execve'] }),
    ]);
    const names = (typeId: number) => engine.process('syscall', fakeEvent({}), typeId).map((a) => a.rule);
    assert.deepEqual(names(OPEN_IDS[0]), ['open rule', 'any rule']);
    assert.deepEqual(names(EXECVE_IDS[0]), ['any rule', 'execve rule']);
    assert.deepEqual(names(9999), ['any rule']);
  });

  test('rule_matching first stops at the first match in load order; all reports each', () => {
    const rules = [
      rule('no', { matches: () => false }),
      rule('first', { priority: Priority.Error }),
      rule('second', { priority: Priority.Notice }),
    ];
    const first = engineWith();
    first.addRules(rules);
    assert.deepEqual(
      first.process('syscall', fakeEvent({}), 0).map((a) => a.rule),
      ['first'],
    );
    const all = engineWith({ ruleMatching: 'all' });
    all.addRules(rules);
    assert.deepEqual(
      all.process('syscall', fakeEvent({}), 0).map((a) => a.rule),
      ['first', 'second'],
    );
  });

  test('no match returns the same shared empty array (nothing allocated)', () => {
    const engine = engineWith();
    engine.addRules([rule('never', { matches: () => false, evttypes: ['open'] })]);
    const a = engine.process('syscall', fakeEvent({}), OPEN_IDS[0]);
    const b = engine.process('syscall', fakeEvent({}), 12345);
    assert.equal(a.length, 0);
    assert.equal(a, b);
    assert.ok(Object.isFrozen(a));
  });

  test('alerts carry the rendered output, fields, tags, priority, time and hostname', () => {
    const engine = engineWith();
    engine.addRules([
      rule('r', {
        tags: ['t1'],
        priority: Priority.Critical,
        extraFields: [{ key: 'extra', value: (evt) => `pid=${evt.values['proc.pid']}` }],
      }),
    ]);
    const [alert] = engine.process('syscall', fakeEvent({ 'proc.name': 'cat', 'proc.pid': 3 }, 99n), 0);
    assert.deepEqual(alert, {
      time: 99n,
      rule: 'r',
      priority: Priority.Critical,
      source: 'syscall',
      output: 'r fired (name=cat)',
      outputFields: { 'proc.name': 'cat', extra: 'pid=3' },
      tags: ['t1'],
      hostname: 'test-host',
    });
  });

  test('the event type defaults to what the source says', () => {
    const engine = engineWith();
    engine.addRules([rule('open rule', { evttypes: ['open'] })]);
    assert.equal(engine.process('syscall', fakeEvent({}, 1n, OPEN_IDS[0])).length, 1);
    assert.equal(engine.process('syscall', fakeEvent({}, 1n, EXECVE_IDS[0])).length, 0);
  });

  test('sources are separate; other sources do not index by type', () => {
    const engine = engineWith({ ruleMatching: 'all' });
    engine.addRules([
      rule('audit rule', { source: 'k8s_audit', evttypes: ['open'] }),
      rule('syscall rule', { evttypes: ['open'] }),
    ]);
    assert.deepEqual(
      engine.process('k8s_audit', fakeEvent({}), 322).map((a) => a.rule),
      ['audit rule'],
    );
    assert.deepEqual(engine.sourceNames, ['syscall', 'k8s_audit']);
  });

  test('syscall rules also see the async event, as in Falco', () => {
    assert.ok(syscallEventTypeIds(new Set(['open'])).has(EVENT_CODES.PPME_ASYNCEVENT_E));
  });

  test('errors: unknown source, duplicate source, rule of a source not added', () => {
    const engine = engineWith();
    assert.throws(
      () => engine.process('nope', fakeEvent({}), 0),
      (e: unknown) => e instanceof EngineError,
    );
    assert.throws(() => engine.addSource(fakeSource('syscall')), /already added/);
    assert.throws(
      () => engine.addRules([rule('x', { source: 'cloudtrail' })]),
      /rule "x" uses event source "cloudtrail", which is not loaded/,
    );
  });
});

describe('Engine rule selection', () => {
  test('rules below the minimum priority are not loaded and cannot be enabled', () => {
    const engine = engineWith({ minPriority: Priority.Error });
    const res = engine.addRules([
      rule('critical', { priority: Priority.Critical }),
      rule('error', { priority: Priority.Error }),
      rule('warning', { priority: Priority.Warning }),
    ]);
    assert.deepEqual(res, { added: 2, belowPriority: 1 });
    engine.applySelections([{ op: 'enable', rule: '*' }]);
    assert.equal(engine.enabledRuleCount(), 2);
  });

  test('enabled: false rules load disabled; rules: selections apply in order', () => {
    const engine = engineWith({ ruleMatching: 'all' });
    engine.addRules([
      rule('Write below etc', { tags: ['filesystem'] }),
      rule('Netcat Remote Code Execution in Container', { tags: ['network'], enabled: false }),
      rule('Read sensitive file', { tags: ['filesystem', 'mitre_credential_access'] }),
    ]);
    const fired = () => engine.process('syscall', fakeEvent({}), 0).map((a) => a.rule);
    assert.deepEqual(fired(), ['Write below etc', 'Read sensitive file']);
    engine.applySelections([
      { op: 'disable', rule: '*' },
      { op: 'enable', rule: 'Netcat Remote Code Execution in Container' },
    ]);
    assert.deepEqual(fired(), ['Netcat Remote Code Execution in Container']);
    engine.applySelections([
      { op: 'enable', tag: 'filesystem' },
      { op: 'disable', rule: 'Read*' },
    ]);
    assert.deepEqual(fired(), ['Write below etc', 'Netcat Remote Code Execution in Container']);
    assert.equal(engine.enabledRuleCount('syscall'), 2);
  });

  test('enabling keeps load order', () => {
    const engine = engineWith({ ruleMatching: 'all' });
    engine.addRules([rule('a'), rule('b'), rule('c')]);
    engine.enableRules('', 'substring', false);
    engine.enableRules('c', 'exact', true);
    engine.enableRules('a', 'exact', true);
    assert.deepEqual(
      engine.process('syscall', fakeEvent({}), 0).map((a) => a.rule),
      ['a', 'c'],
    );
  });
});

describe('Engine statistics', () => {
  test("Falco's summary text", () => {
    const engine = engineWith({ ruleMatching: 'all' });
    engine.addRules([
      rule('open_from_cat', { priority: Priority.Warning }),
      rule('quiet', { matches: () => false }),
      rule('info rule', { priority: Priority.Informational }),
    ]);
    for (let i = 0; i < 3; i++) engine.process('syscall', fakeEvent({}), 0);
    assert.equal(
      engine.formatStats(),
      'Events detected: 6\n' +
        'Rule counts by severity:\n' +
        '   WARNING: 3\n' +
        '   INFO: 3\n' +
        'Triggered rules by rule name:\n' +
        '   open_from_cat: 3\n' +
        '   info rule: 3\n',
    );
    const stats = engine.stats;
    assert.equal(stats.total, 6);
    assert.equal(stats.byPriority[Priority.Warning], 3);
    assert.deepEqual(stats.byRule, [
      { rule: 'open_from_cat', count: 3 },
      { rule: 'quiet', count: 0 },
      { rule: 'info rule', count: 3 },
    ]);
  });

  test('with nothing detected', () => {
    const engine = engineWith();
    assert.equal(engine.formatStats(), 'Events detected: 0\nRule counts by severity:\nTriggered rules by rule name:\n');
  });
});
