// Which capture events reach the rules and which `--print` shows.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_CODES as C } from '../../../src/events/eventTable.js';
import { isDeliveredEvent, isInternalEvent } from '../../../src/sources/syscall/delivery.js';

describe('event delivery', () => {
  it('delivers exit and standalone events, not syscall enter events', () => {
    assert.equal(isDeliveredEvent(C.PPME_SYSCALL_OPEN_X), true);
    assert.equal(isDeliveredEvent(C.PPME_SYSCALL_OPEN_E), false);
    assert.equal(isDeliveredEvent(C.PPME_PROCEXIT_1_E), true);
    assert.equal(isDeliveredEvent(C.PPME_SCHEDSWITCH_6_E), true);
  });

  it('marks procinfo and drop as internal (not printed), syscalls and container events not', () => {
    assert.equal(isInternalEvent(C.PPME_PROCINFO_E), true);
    assert.equal(isInternalEvent(C.PPME_DROP_E), true);
    assert.equal(isInternalEvent(C.PPME_SYSCALL_OPEN_X), false);
    assert.equal(isInternalEvent(C.PPME_CONTAINER_JSON_E), false);
  });
});
