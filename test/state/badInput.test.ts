// Bad input never throws out of state.process: it is counted, the message says what and
// where, and the event passes with what is known.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_CODES } from '../../src/events/eventTable.js';
import { encodeEvent, enc } from '../../src/events/encodeEvent.js';
import { SyscallEvent } from '../../src/sources/syscall/syscallEvent.js';
import { SystemState } from '../../src/state/systemState.js';
import { newThreadInfo } from '../../src/state/threadInfo.js';
import { eventBytes, ev } from './helpers.js';

function state(): SystemState {
  const s = new SystemState();
  const t = newThreadInfo(10);
  t.cwd = '/';
  s.addThread(t);
  return s;
}

function view(buf: Buffer): SyscallEvent {
  return new SyscallEvent().set(buf, 0);
}

describe('bad input', () => {
  it('a parameter length running past the event end is counted, the thread still attached', () => {
    const s = state();
    const buf = eventBytes('PPME_SYSCALL_OPEN_X', 10, 1n, { fd: 3, name: '/etc/shadow', flags: 1, mode: 0 });
    // Claim a longer name than the event holds (lengths start at byte 26; name is parameter 1).
    buf.writeUInt16LE(500, 26 + 2);
    const e = view(buf);
    assert.doesNotThrow(() => s.process(e));
    assert.equal(s.stats.badEvents, 1);
    assert.match(s.lastError ?? '', /PPME_SYSCALL_OPEN_X.*parameter 1 runs past its end/);
    assert.equal(e.thread?.tid, 10);
    assert.equal(s.fdTable(s.thread(10)!)?.has(3) ?? false, false);
  });

  it('unknown event ids pass through, counted', () => {
    const s = state();
    const e = view(encodeEvent({ type: 60000, ts: 1n, tid: 10, params: [enc.u32(1)] }));
    assert.doesNotThrow(() => s.process(e));
    assert.equal(s.stats.unknownEvents, 1);
    assert.equal(e.thread?.tid, 10);
  });

  it('parameters shorter than their type and truncated socket tuples are survived', () => {
    const s = state();
    // A 1-byte fd on socket_x: read as an int8 (3) — the driver never does this, but no throw.
    const sock = view(
      encodeEvent({
        type: EVENT_CODES.PPME_SOCKET_SOCKET_X,
        ts: 1n,
        tid: 10,
        params: [enc.u8(3), enc.u8(2), enc.u32(1), enc.u32(0), enc.u32(0)],
      }),
    );
    assert.doesNotThrow(() => s.process(sock));
    // A 3-byte IPv4 tuple on connect: counted with the decoder's message.
    const cx = view(
      encodeEvent({
        type: EVENT_CODES.PPME_SOCKET_CONNECT_X,
        ts: 2n,
        tid: 10,
        params: [enc.i64(0), Buffer.from([2, 1, 2]), enc.i64(3), enc.empty()],
      }),
    );
    assert.doesNotThrow(() => s.process(cx));
    assert.equal(s.stats.badEvents, 1);
    assert.match(s.lastError ?? '', /PPME_SOCKET_CONNECT_X.*IPv4 socktuple: 3 bytes, at least 13 needed/);
    // A 5-byte res on clone: an odd width, not a throw.
    const cl = view(
      encodeEvent({ type: EVENT_CODES.PPME_SYSCALL_CLONE_20_X, ts: 3n, tid: 10, params: [Buffer.alloc(5)] }),
    );
    assert.doesNotThrow(() => s.process(cl));
  });

  it('events with no parameters at all, and exits with nothing to read, change nothing', () => {
    const s = state();
    for (const code of [
      'PPME_SYSCALL_OPEN_X',
      'PPME_SYSCALL_EXECVE_19_X',
      'PPME_SOCKET_ACCEPT4_6_X',
      'PPME_SYSCALL_DUP2_X',
    ] as const) {
      assert.doesNotThrow(() => s.process(ev(code, 10, 5n, {}, 0)));
    }
    assert.equal(s.thread(10)?.comm, '');
    assert.equal(s.stats.badEvents, 0);
  });
});
