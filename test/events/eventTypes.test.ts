import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EVENT_TABLE } from '../../src/events/eventTable.js';
import {
  ALL_EVENT_TYPE_NAMES,
  allEventIds,
  EVENT_IDS_BY_NAME,
  EVENT_NAMES_BY_ID,
  eventIdsForNames,
  eventNameOf,
  GENERIC_ENTER_EVENT_ID,
  GENERIC_EXIT_EVENT_ID,
  isEnterEvent,
  isKnownEventTypeName,
  SYSCALL_CODES_BY_NAME,
  SYSCALL_NAMES,
  unknownEventTypeMessage,
} from '../../src/events/eventTypes.js';

/** A driver syscall with no dedicated event: such names select the generic events. */
const GENERIC_ONLY = [...SYSCALL_CODES_BY_NAME.keys()].find((n) => !EVENT_IDS_BY_NAME.has(n)) ?? '';

describe('event names and ids', () => {
  test('map names to every id carrying them, old versions and both directions included', () => {
    const execveIds = EVENT_TABLE.filter((e) => e.name === 'execve').map((e) => e.id);
    assert.ok(execveIds.length > 4);
    assert.deepEqual(EVENT_IDS_BY_NAME.get('execve'), execveIds);
    assert.deepEqual(EVENT_IDS_BY_NAME.get('open'), [2, 3]);
  });

  test('map ids back to names', () => {
    assert.equal(EVENT_NAMES_BY_ID[2], 'open');
    assert.equal(eventNameOf(293), 'execve');
    assert.equal(eventNameOf(10_000), undefined);
    for (const e of EVENT_TABLE) assert.ok(EVENT_IDS_BY_NAME.get(eventNameOf(e.id) ?? '')?.includes(e.id));
  });

  test('know the driver syscall names by code', () => {
    assert.equal(SYSCALL_NAMES[0], 'unknown');
    assert.equal(SYSCALL_NAMES[137], 'pivot_root');
    assert.equal(SYSCALL_NAMES[382], '');
    assert.equal(SYSCALL_NAMES[400], 'signal_deliver');
    assert.equal(SYSCALL_CODES_BY_NAME.get('openat2'), 322);
  });

  test('ALL_EVENT_TYPE_NAMES holds event names and syscall names', () => {
    for (const name of ['open', 'openat', 'execve', 'container', 'pivot_root', GENERIC_ONLY]) {
      assert.ok(ALL_EVENT_TYPE_NAMES.has(name), name);
      assert.ok(isKnownEventTypeName(name));
    }
    assert.ok(!isKnownEventTypeName('opne'));
    assert.ok(!ALL_EVENT_TYPE_NAMES.has(''));
    assert.equal(unknownEventTypeMessage('opne'), 'unknown event type opne');
  });

  test('enter events have even ids', () => {
    assert.ok(isEnterEvent(2));
    assert.ok(!isEnterEvent(3));
    for (const e of EVENT_TABLE) assert.equal(isEnterEvent(e.id), e.dir === 'enter');
  });
});

describe('eventIdsForNames (rule indexing)', () => {
  test('selects all non-generic ids of the named events', () => {
    assert.deepEqual(
      [...eventIdsForNames(['open'])].sort((a, b) => a - b),
      [2, 3],
    );
    const ids = eventIdsForNames(['open', 'openat']);
    for (const id of [...(EVENT_IDS_BY_NAME.get('openat') ?? []), 2, 3]) assert.ok(ids.has(id));
    assert.ok(!ids.has(GENERIC_ENTER_EVENT_ID));
  });

  test('adds the generic events for a syscall without a dedicated event', () => {
    assert.ok(GENERIC_ONLY !== '');
    assert.deepEqual([...eventIdsForNames([GENERIC_ONLY])].sort(), [GENERIC_ENTER_EVENT_ID, GENERIC_EXIT_EVENT_ID]);
    const mixed = eventIdsForNames(['open', GENERIC_ONLY]);
    assert.ok(mixed.has(2) && mixed.has(GENERIC_ENTER_EVENT_ID) && mixed.has(GENERIC_EXIT_EVENT_ID));
  });

  test('selects nothing for unknown names or the generic events name', () => {
    assert.equal(eventIdsForNames(['no_such_event']).size, 0);
    assert.equal(eventIdsForNames(['syscall']).size, 0);
    assert.equal(eventIdsForNames([]).size, 0);
  });

  test('allEventIds spans the whole table', () => {
    const all = allEventIds();
    assert.equal(all.size, EVENT_TABLE.length);
    assert.ok(all.has(0) && all.has(EVENT_TABLE.length - 1));
  });
});
