// What the state assumes about threads and time when the capture does not say: libsinsp's
// threadinfo defaults for a tid never described, a cwd kept with its trailing '/', and the first
// timestamp evt.reltime counts from.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SystemState } from '../../src/state/systemState.js';
import { newThreadInfo } from '../../src/state/threadInfo.js';
import { ev } from './helpers.js';

describe('thread defaults', () => {
  it('a thread first seen in an event has -1 for the ids and the fd limit it cannot know', () => {
    const s = new SystemState();
    const e = ev('PPME_SYSCALL_READ_X', 31699, 1n, { res: 0, fd: 0, size: 1 });
    s.process(e);
    const t = e.thread!;
    assert.deepEqual([t.pid, t.ptid, t.sid, t.vpgid, t.vtid, t.vpid, t.fdlimit], [-1, -1, -1, -1, -1, -1, -1]);
  });

  it('execve completes such a thread: vtid and vpid follow tid and pid outside a pid namespace', () => {
    const s = new SystemState();
    s.process(
      ev('PPME_SYSCALL_EXECVE_19_X', 20072, 1n, {
        res: 0,
        exe: 'cat',
        args: [],
        tid: 20072,
        pid: 20072,
        ptid: 11310,
        comm: 'cat',
      }),
    );
    const t = s.thread(20072)!;
    assert.deepEqual([t.vtid, t.vpid, t.sid], [20072, 20072, -1]);
  });

  it("keeps a listed thread's cwd with a trailing '/', and an unknown (empty) cwd empty", () => {
    const s = new SystemState();
    const python = newThreadInfo(16569);
    python.cwd = '/mnt/work/falco/test';
    s.addThread(python);
    const other = newThreadInfo(7);
    s.addThread(other);
    assert.equal(s.thread(16569)?.cwd, '/mnt/work/falco/test/');
    assert.equal(s.thread(7)?.cwd, '');
  });

  it('takes the first non-zero timestamp as the start of the stream (container events carry 0)', () => {
    const s = new SystemState();
    assert.equal(s.firstEventTs, 0n);
    s.process(ev('PPME_CONTAINER_JSON_E', 0, 0n, { json: '{"container":{"id":"5ea733068030","type":0}}' }));
    assert.equal(s.firstEventTs, 0n);
    s.process(ev('PPME_SYSCALL_READ_X', 1, 1486171323999999999n, { res: 0, fd: 0, size: 1 }));
    s.process(ev('PPME_SYSCALL_READ_X', 1, 1486171335286728910n, { res: 0, fd: 0, size: 1 }));
    assert.equal(s.firstEventTs, 1486171323999999999n);
  });
});
