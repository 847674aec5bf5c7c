import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EVENT_CODES } from '../../../src/events/eventTable.js';
import {
  STATE_SYSCALLS,
  SyscallSelectionError,
  selectSyscalls,
  syscallsOfEventIds,
} from '../../../src/sources/syscall/selection.js';

const none = { customSet: [], repair: false, all: false };

describe('syscall selection (base_syscalls)', () => {
  test('event ids of the rules name their syscalls; meta events name none', () => {
    const names = syscallsOfEventIds([
      EVENT_CODES.PPME_SYSCALL_OPENAT_2_X,
      EVENT_CODES.PPME_SYSCALL_EXECVE_19_X,
      EVENT_CODES.PPME_CONTAINER_JSON_2_E,
    ]);
    assert.deepEqual([...names].sort(), ['execve', 'openat']);
  });

  test('by default: the rules syscalls plus the whole state set', () => {
    const s = selectSyscalls(new Set(['ptrace']), none) as Set<string>;
    assert.ok(s.has('ptrace'));
    for (const n of STATE_SYSCALLS) assert.ok(s.has(n), n);
    assert.ok(!s.has('read'));
  });

  test('repair keeps only what the chosen syscalls need', () => {
    const s = selectSyscalls(new Set(['execve']), { ...none, repair: true }) as Set<string>;
    assert.ok(s.has('clone') && s.has('execve') && s.has('setuid'));
    assert.ok(!s.has('openat') && !s.has('close'));
    const withFd = selectSyscalls(new Set(['connect']), { ...none, repair: true }) as Set<string>;
    assert.ok(withFd.has('close') && withFd.has('socket'));
  });

  test('custom_set adds names, !name removes them, all captures everything', () => {
    const s = selectSyscalls(new Set(['openat']), { ...none, customSet: ['read', '!close'] }) as Set<string>;
    assert.ok(s.has('read') && s.has('openat') && s.has('execve'));
    assert.ok(!s.has('close'));
    assert.equal(selectSyscalls(new Set(['openat']), { ...none, all: true }), 'all');
    assert.equal(selectSyscalls('all', none), 'all');
  });

  test('unknown names are an error naming them', () => {
    assert.throws(
      () => selectSyscalls(new Set(), { ...none, customSet: ['openat', 'not_a_syscall', '!nope'] }),
      (e: unknown) =>
        e instanceof SyscallSelectionError && /unknown syscall names: not_a_syscall, nope/.test((e as Error).message),
    );
  });
});
