// Tables the sensor depends on, checked without a kernel: the event ids compiled into the BPF
// program, and the event-type → syscall-number mapping.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EVENT_CODES } from '../../src/events/eventTable.js';
import { syscallNumbersFor, syscallSelectionFor } from '../../src/sensor/syscallNumbers.js';
import { sensorUnavailableReason } from '../../src/sensor/load.js';

const nativeDir = new URL('../../../native/', import.meta.url);

describe('sensor tables', () => {
  it('native/bpf/event_ids.h matches the event table', () => {
    const text = readFileSync(new URL('bpf/event_ids.h', nativeDir), 'utf8');
    const defs = [...text.matchAll(/^#define (PPME_\w+) (\d+)$/gm)];
    assert.ok(defs.length > 40, `expected the sensor's event ids in event_ids.h, found ${defs.length}`);
    const codes: Readonly<Record<string, number>> = EVENT_CODES;
    for (const [, name, id] of defs) assert.equal(Number(id), codes[name], `${name} in event_ids.h`);
  });

  it('maps event types to x86_64 syscall numbers, procexit separately', () => {
    const C = EVENT_CODES;
    const sel = syscallSelectionFor([
      C.PPME_SYSCALL_OPENAT_2_X,
      C.PPME_SYSCALL_OPENAT_2_E,
      C.PPME_SYSCALL_EXECVE_19_X,
      C.PPME_SOCKET_CONNECT_X,
      C.PPME_SYSCALL_CLONE3_X,
      C.PPME_SYSCALL_CLONE_20_X,
      C.PPME_PROCEXIT_1_E,
      99999,
    ]);
    assert.deepEqual(sel, { syscalls: [42, 56, 59, 257, 435], procExit: true });
    assert.deepEqual(syscallNumbersFor([C.PPME_SYSCALL_OPENAT2_X, C.PPME_SYSCALL_EXECVEAT_X]), [322, 437]);
  });

  it('says why the sensor is unavailable, or nothing when it loads', () => {
    const reason = sensorUnavailableReason();
    assert.ok(reason === undefined || reason.length > 10, `reason: ${reason}`);
  });
});
