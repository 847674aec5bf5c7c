import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConditionCompileError,
  eventCodesOf,
  eventTypesOf,
  isTooManyEventCodes,
  isTooManyEventTypes,
  parseCondition,
  SYSCALL_EVENT_UNIVERSE,
  universeOfNames,
} from '../../src/condition/index.js';
import { PPM_EVENT_MAX } from '../../src/events/eventTable.js';
import { EVENT_IDS_BY_NAME } from '../../src/events/eventTypes.js';

const types = (text: string) => eventTypesOf(parseCondition(text));
const sorted = (s: Set<string> | null) => (s === null ? null : [...s].sort());

describe('eventTypesOf', () => {
  test('evt.type checks select names; other checks are neutral', () => {
    assert.deepEqual(sorted(types('evt.type = open')), ['open']);
    assert.deepEqual(sorted(types('evt.type == open and proc.name = cat')), ['open']);
    assert.deepEqual(sorted(types('evt.type in (open, openat) and proc.name = cat')), ['open', 'openat']);
    assert.equal(types('proc.name = cat'), null);
    assert.equal(types('evt.type exists'), null);
    assert.equal(types('some_macro'), null);
  });

  test('and intersects, or unites', () => {
    assert.deepEqual(sorted(types('evt.type in (open, execve) and evt.type in (execve, connect)')), ['execve']);
    assert.deepEqual(sorted(types('evt.type = open or evt.type = execve')), ['execve', 'open']);
    assert.deepEqual(sorted(types('evt.type = open and evt.type = execve')), []);
  });

  test('negation is pushed down to evt.type checks only', () => {
    const notOpen = types('not evt.type = open');
    assert.ok(notOpen !== null && !notOpen.has('open') && notOpen.has('execve'));
    assert.deepEqual(sorted(types('not proc.name = x and evt.type = open')), ['open']);
    assert.deepEqual(sorted(types('not (evt.type != open)')), ['open']);
    assert.deepEqual(sorted(types('not (evt.type != open or evt.type != execve)')), []);
    assert.deepEqual(sorted(types('not (not evt.type = open and proc.name = x)')), null);
    assert.deepEqual(sorted(types('not evt.type exists')), []);
    assert.deepEqual(sorted(types('not not_a_macro')), null);
  });

  test('!= complements, also under negation', () => {
    const s = types('evt.type != open');
    assert.ok(s !== null && !s.has('open') && s.has('close'));
    assert.deepEqual(sorted(types('not evt.type != open')), ['open']);
  });

  test('operators other than = == != in, and modifiers, are neutral', () => {
    assert.equal(types('evt.type contains open'), null);
    assert.equal(types('evt.type intersects (open)'), null);
    assert.equal(types('evt.type = anyof (open)'), null);
    assert.equal(types('evt.type[0] = open'), null);
  });

  test('syscall.type works like evt.type', () => {
    assert.deepEqual(sorted(types('syscall.type = open')), ['open']);
  });

  test('syscalls without their own event select the generic events; unknown names nothing', () => {
    assert.deepEqual(sorted(types('evt.type = getpid')), ['syscall']);
    assert.deepEqual(sorted(types('evt.type = nosuchevent')), []);
    assert.deepEqual(sorted(types('evt.type in (open, nosuchevent)')), ['open']);
  });

  test('evt.num checks decided by evt.num >= 1', () => {
    assert.deepEqual(sorted(types('evt.num = 0')), []);
    assert.deepEqual(sorted(types('evt.num < 1')), []);
    assert.equal(types('evt.num > 0'), null);
    assert.equal(types('evt.num != 0 and proc.name = x'), null);
    assert.equal(types('not evt.num = 0'), null);
    assert.equal(types('evt.num = 5'), null);
    assert.deepEqual(sorted(types('evt.num in (0)')), []);
    assert.deepEqual(sorted(types('evt.num in ()')), []);
    assert.equal(types('evt.num in (0, 1)'), null);
  });

  test('libsinsp refuses evt.type under transformers and evt.type against fields', () => {
    assert.throws(() => types('tolower(evt.type) = open'), {
      message: 'event code search does not support `evt.type` checks with transformers',
    });
    assert.throws(() => types('tolower(evt.type) exists'), ConditionCompileError);
    assert.doesNotThrow(() => types('tolower(evt.type) contains open'));
    assert.throws(() => types('evt.type = val(proc.name)'), {
      message:
        'right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search',
    });
  });

  test('event codes cover every version and direction of a name', () => {
    const codes = eventCodesOf(parseCondition('evt.type = execve'));
    assert.deepEqual(
      [...codes].sort((a, b) => a - b),
      [...(EVENT_IDS_BY_NAME.get('execve') ?? [])].sort((a, b) => a - b),
    );
    assert.equal(eventCodesOf(parseCondition('proc.name = x')).size, PPM_EVENT_MAX);
  });

  test('a plain set of names works as a universe', () => {
    const u = new Set(['a', 'b', 'c']);
    assert.deepEqual(sorted(eventTypesOf(parseCondition('evt.type != a'), u)), ['b', 'c']);
    assert.equal(eventTypesOf(parseCondition('evt.type in (a, b, c)'), u), null);
    assert.deepEqual(sorted(eventTypesOf(parseCondition('evt.type = z'), universeOfNames(u))), []);
  });
});

describe('isTooManyEventTypes (LOAD_NO_EVTTYPE)', () => {
  test('no type at all, or more than 100 event codes', () => {
    assert.equal(isTooManyEventTypes(types('proc.name = x')), true);
    assert.equal(isTooManyEventTypes(types('evt.type = nosuch')), true);
    assert.equal(isTooManyEventTypes(types('evt.type != open')), true);
    assert.equal(isTooManyEventTypes(types('evt.type in (open, execve)')), false);
    assert.equal(isTooManyEventCodes(new Set()), true);
    assert.equal(isTooManyEventCodes(new Set(Array.from({ length: 100 }, (_, i) => i))), false);
    assert.equal(isTooManyEventCodes(new Set(Array.from({ length: 101 }, (_, i) => i))), true);
  });

  test('counts codes, not names: names with many versions weigh more', () => {
    const many = [...EVENT_IDS_BY_NAME.entries()].filter(([n]) => n !== 'NA' && n !== 'syscall');
    let codes = 0;
    const names: string[] = [];
    for (const [name, ids] of many) {
      if (codes + ids.length > 101) continue;
      names.push(name);
      codes += ids.length;
    }
    const cond = parseCondition(`evt.type in (${names.join(', ')})`);
    assert.equal(eventCodesOf(cond).size, codes);
    assert.equal(isTooManyEventTypes(eventTypesOf(cond)), codes > 100);
    assert.ok(names.length < 100);
  });

  test('the universe of names variant counts one code per name', () => {
    assert.equal(isTooManyEventTypes(new Set(['a']), new Set(['a', 'b'])), false);
    assert.equal(isTooManyEventTypes(null, SYSCALL_EVENT_UNIVERSE), true);
  });
});
