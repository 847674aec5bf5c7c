// procexit reparenting, delayed removal, bounded table size and the inactivity purge.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SystemState } from '../../src/state/systemState.js';
import { newThreadInfo } from '../../src/state/threadInfo.js';
import { ev, SEC } from './helpers.js';

function proc(s: SystemState, tid: number, ptid: number, comm: string, pid = tid): void {
  const t = newThreadInfo(tid);
  t.pid = pid;
  t.ptid = ptid;
  t.comm = comm;
  s.addThread(t);
}

const procexit = (tid: number, ts: bigint, reaper: number) =>
  ev('PPME_PROCEXIT_1_E', tid, ts, { status: 0, ret: 0, sig: 0, core: 0, reaper_tid: reaper });

describe('thread table', () => {
  it('procexit: the thread stays for its own event, children go to the reaper the kernel named', () => {
    const s = new SystemState();
    proc(s, 1, 0, 'systemd');
    proc(s, 50, 1, 'sshd');
    proc(s, 100, 50, 'bash');
    proc(s, 200, 100, 'sleep');
    proc(s, 201, 100, 'cat');
    const e = procexit(100, 1n, 50);
    s.process(e);
    assert.equal(e.thread?.comm, 'bash', 'the exiting thread is attached to its procexit');
    assert.equal(s.thread(100)?.dead, true);
    s.process(ev('PPME_SYSCALL_GETUID_X', 200, 2n, {}));
    assert.equal(s.thread(100), undefined, 'removed once its exit was processed');
    assert.equal(s.thread(200)?.ptid, 50);
    assert.equal(s.thread(201)?.ptid, 50);
    assert.equal(s.parent(s.thread(201)!)?.comm, 'sshd');
    assert.deepEqual(
      [...s.threads.childrenOf(50)].sort(),
      [100, 200, 201].filter((x) => x !== 100),
    );
  });

  it('without a reaper from the kernel: another live thread of the group, else the nearest reaper ancestor (init)', () => {
    const s = new SystemState();
    proc(s, 1, 0, 'systemd');
    proc(s, 60, 1, 'containerd');
    proc(s, 100, 60, 'java');
    proc(s, 101, 60, 'java', 100); // a second thread of java
    proc(s, 300, 100, 'child');
    // Old procexit (no reaper_tid): the group still has thread 101.
    s.process(ev('PPME_PROCEXIT_E', 100, 1n, {}));
    s.flushPending();
    assert.equal(s.thread(300)?.ptid, 101);
    assert.ok(s.thread(100), 'a dead leader stays while its group has live threads');
    s.process(procexit(101, 2n, 0));
    s.flushPending();
    assert.equal(s.thread(300)?.ptid, 1, 'init reaps when the group is gone');
    assert.equal(s.thread(100), undefined);
    assert.equal(s.thread(101), undefined);
    assert.equal(s.threads.fdTable(newThreadInfo(100), false), undefined, 'fd table of the process dropped');
    // PR_SET_CHILD_SUBREAPER ancestor wins over init.
    proc(s, 400, 1, 'supervisor');
    proc(s, 401, 400, 'worker');
    proc(s, 402, 401, 'grandchild');
    s.process(ev('PPME_SYSCALL_PRCTL_X', 400, 3n, { res: 0, option: 36, arg2_str: '', arg2_int: 1 }));
    s.process(procexit(401, 4n, -1));
    s.flushPending();
    assert.equal(s.thread(402)?.ptid, 400);
  });

  it('100000 short-lived processes keep the table and fd tables flat', () => {
    const s = new SystemState();
    proc(s, 1, 0, 'systemd');
    proc(s, 10, 1, 'spawner');
    let ts = 1n * SEC;
    for (let i = 0; i < 100_000; i++) {
      const tid = 1000 + i;
      s.process(
        ev('PPME_SYSCALL_CLONE_20_X', 10, ts, {
          res: tid,
          exe: 'sh',
          args: [],
          tid: 10,
          pid: 10,
          ptid: 1,
          flags: 0,
          comm: 'sh',
        }),
      );
      s.process(ev('PPME_SYSCALL_OPEN_X', tid, ts + 1n, { fd: 3, name: '/tmp/x', flags: 1, mode: 0 }));
      s.process(procexit(tid, ts + 2n, 0));
      ts += 10n;
    }
    s.flushPending();
    assert.equal(s.threads.size, 2);
    assert.ok(s.threads.fdTableCount <= 2, `fd tables: ${s.threads.fdTableCount}`);
    assert.equal(s.threads.childrenOf(10).size, 0);
  });

  it('bounded: past maxThreads new threads are dropped and counted; stale threads are purged', () => {
    const s = new SystemState({ maxThreads: 100, threadTimeoutNs: 60n * SEC, purgeIntervalNs: 10n * SEC });
    for (let i = 0; i < 150; i++) s.process(ev('PPME_SYSCALL_GETUID_X', 5000 + i, 1n * SEC, {}));
    assert.equal(s.threads.size, 100);
    assert.equal(s.threads.stats.dropped, 50);
    // Time passes: one thread stays active, the others go stale and get purged.
    for (let k = 1; k <= 10; k++) s.process(ev('PPME_SYSCALL_GETUID_X', 5000, BigInt(k) * 20n * SEC, {}));
    assert.equal(s.threads.size, 1);
    assert.ok(s.thread(5000));
    assert.equal(s.threads.stats.purged, 99);
  });

  it('fd tables are bounded per process', () => {
    const s = new SystemState({ maxFdsPerProcess: 10 });
    proc(s, 10, 1, 'p');
    for (let fd = 0; fd < 20; fd++)
      s.process(ev('PPME_SYSCALL_OPEN_X', 10, 1n, { fd, name: `/f${fd}`, flags: 1, mode: 0 }));
    const table = s.threads.fdTable(s.thread(10)!, false)!;
    assert.equal(table.size, 10);
    assert.equal(table.dropped, 10);
  });
});
