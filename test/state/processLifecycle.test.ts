// clone → execve → open (relative) → dup → close, and the rest of a process' life.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SystemState } from '../../src/state/systemState.js';
import { newThreadInfo } from '../../src/state/threadInfo.js';
import { ev, SEC } from './helpers.js';

const CLONE_THREAD = 1 << 13;

function withShell(): SystemState {
  const s = new SystemState();
  const init = newThreadInfo(1);
  init.comm = 'systemd';
  init.exe = '/sbin/init';
  init.cwd = '/';
  s.addThread(init);
  const bash = newThreadInfo(100);
  bash.ptid = 1;
  bash.comm = 'bash';
  bash.exe = '/bin/bash';
  bash.exepath = '/usr/bin/bash';
  bash.cwd = '/home/u/';
  bash.uid = 1000;
  s.addThread(bash);
  s.addFd(100, { fd: 0, type: 'file', name: '/dev/pts/0', openFlags: 3 });
  return s;
}

describe('process lifecycle', () => {
  it('clone then execve then open a relative path then dup then close', () => {
    const s = withShell();
    const ts = 10n * SEC;
    // Parent side of clone: child 200 is a new process.
    const cloneX = ev('PPME_SYSCALL_CLONE_20_X', 100, ts, {
      res: 200,
      exe: '/bin/bash',
      args: ['-c', 'cat x'],
      tid: 100,
      pid: 100,
      ptid: 1,
      cwd: '',
      fdlimit: 1024,
      comm: 'bash',
      cgroups: ['cpu=/user.slice'],
      flags: 0,
      uid: 1000,
      gid: 1000,
      vtid: 100,
      vpid: 100,
    });
    s.process(cloneX);
    assert.equal(cloneX.thread?.tid, 100);
    const child = s.thread(200);
    assert.ok(child, 'child created by the caller exit');
    assert.equal(child.pid, 200);
    assert.equal(child.ptid, 100);
    assert.equal(child.cwd, '/home/u/');
    assert.equal(child.exepath, '/usr/bin/bash');
    assert.equal(s.fdTable(child)?.get(0)?.name, '/dev/pts/0', 'fds copied to the child');
    assert.notEqual(s.fdTable(child), s.fdTable(s.thread(100)!), 'a process gets its own copy');
    // Child side of clone right after: the entry made by the caller is kept.
    s.process(ev('PPME_SYSCALL_CLONE_20_X', 200, ts + 1000n, { res: 0, pid: 200, ptid: 100, flags: 0 }));
    assert.equal(s.thread(200), child);

    s.process(ev('PPME_SYSCALL_EXECVE_19_E', 200, ts + 2000n, { filename: '/usr/bin/cat' }));
    const execX = ev('PPME_SYSCALL_EXECVE_19_X', 200, ts + 3000n, {
      res: 0,
      exe: 'cat',
      args: ['x'],
      tid: 200,
      pid: 200,
      ptid: 100,
      cwd: '',
      fdlimit: 1024,
      comm: 'cat',
      env: ['HOME=/home/u', 'TERM=xterm'],
      tty: 34816,
      loginuid: 1000,
      flags: 2 | 4,
      cap_inheritable: 0n,
      cap_permitted: 0x1ffn,
      cap_effective: 0x1ffn,
      exe_ino: 1234,
      exe_ino_ctime: 5n,
      exe_ino_mtime: 6n,
      uid: 1000,
      pgid: 200,
      gid: 1000,
    });
    s.process(execX);
    const cat = s.thread(200)!;
    assert.equal(cat.comm, 'cat');
    assert.equal(cat.exe, 'cat');
    assert.deepEqual(cat.args, ['x']);
    assert.deepEqual(cat.env, ['HOME=/home/u', 'TERM=xterm']);
    assert.equal(cat.exepath, '/usr/bin/cat', 'exepath from the enter filename when no trusted_exepath');
    assert.equal(cat.tty, 34816);
    assert.equal(cat.loginuid, 1000);
    assert.equal(cat.exeUpperLayer, true);
    assert.equal(cat.exeFromMemfd, true);
    assert.equal(cat.exeWritable, false);
    assert.equal(cat.capPermitted, 0x1ffn);
    assert.equal(cat.exeIno, 1234);
    assert.equal(cat.pgid, 200);
    assert.equal(s.parent(cat)?.comm, 'bash');
    assert.equal(s.ancestor(cat, 2)?.comm, 'systemd');

    // openat(AT_FDCWD, "../u/./docs/../notes.txt") relative to cwd /home/u/.
    s.process(
      ev('PPME_SYSCALL_OPENAT_2_E', 200, ts + 4000n, {
        dirfd: -100,
        name: '../u/./docs/../notes.txt',
        flags: 1,
        mode: 0,
      }),
    );
    const openX = ev('PPME_SYSCALL_OPENAT_2_X', 200, ts + 5000n, {
      fd: 3,
      dirfd: -100,
      name: '../u/./docs/../notes.txt',
      flags: 1 | 16384,
      mode: 0,
      dev: 2049,
      ino: 77,
    });
    s.process(openX);
    assert.equal(openX.fdNum, 3);
    assert.equal(openX.fdInfo?.name, '/home/u/notes.txt');
    assert.equal(openX.fdInfo?.nameRaw, '../u/./docs/../notes.txt');
    assert.equal(openX.fdInfo?.type, 'file');
    assert.equal(openX.fdInfo?.openFlags, 1 | 16384, 'created flag from the exit kept');
    assert.equal(openX.fdInfo?.ino, 77);

    // read(3) sees the fd.
    const readX = ev('PPME_SYSCALL_READ_X', 200, ts + 6000n, { res: 10, data: 'abc', fd: 3, size: 10 });
    s.process(readX);
    assert.equal(readX.fdInfo?.name, '/home/u/notes.txt');

    // dup2(3, 1): shell pipe source flag, fd 1 copies fd 3.
    const dupX = ev('PPME_SYSCALL_DUP2_X', 200, ts + 7000n, { res: 1, oldfd: 3, newfd: 1 });
    s.process(dupX);
    assert.equal(dupX.fdNum, 1);
    assert.equal(s.fdTable(cat)?.get(1)?.name, '/home/u/notes.txt');
    assert.notEqual(s.fdTable(cat)?.get(1), s.fdTable(cat)?.get(3));

    // A failed close changes nothing; a successful one removes the fd after the event.
    s.process(ev('PPME_SYSCALL_CLOSE_X', 200, ts + 8000n, { res: -9, fd: 3 }));
    assert.ok(s.fdTable(cat)?.has(3));
    const closeX = ev('PPME_SYSCALL_CLOSE_X', 200, ts + 9000n, { res: 0, fd: 3 });
    s.process(closeX);
    assert.equal(closeX.fdInfo?.name, '/home/u/notes.txt', 'the close event still shows its fd');
    s.process(ev('PPME_SYSCALL_GETUID_X', 200, ts + 10000n, {}));
    assert.equal(s.fdTable(cat)?.has(3), false);
    assert.ok(s.fdTable(cat)?.has(1));
  });

  it('reads the fd and parameters of old event versions from their enter event', () => {
    const s = withShell();
    // Old close: fd only in the enter event, exit has just res.
    s.addFd(100, { fd: 5, type: 'file', name: '/etc/passwd', openFlags: 1 });
    s.process(ev('PPME_SYSCALL_CLOSE_E', 100, 1n, { fd: 5 }));
    const x = ev('PPME_SYSCALL_CLOSE_X', 100, 2n, { res: 0 }, 1);
    s.process(x);
    assert.equal(x.fdNum, 5);
    assert.equal(x.fdInfo?.name, '/etc/passwd');
    assert.ok(x.enter, 'enter event attached');
    // Old openat: name/flags/dirfd only in the enter event.
    s.process(ev('PPME_SYSCALL_OPENAT_E', 100, 3n, { dirfd: -100, name: 'a/b', flags: 1, mode: 0 }));
    const o = ev('PPME_SYSCALL_OPENAT_X', 100, 4n, { fd: 7 });
    s.process(o);
    assert.equal(o.fdInfo?.name, '/home/u/a/b');
    // An exit whose enter was not the matching one gets no enter event.
    s.process(ev('PPME_SYSCALL_READ_E', 100, 5n, { fd: 7, size: 1 }));
    const wrong = ev('PPME_SYSCALL_CLOSE_X', 100, 6n, { res: 0 }, 1);
    s.process(wrong);
    assert.equal(wrong.enter, undefined);
    assert.equal(wrong.fdNum, -1);
  });

  it('creates an incomplete thread on first sight of an unknown tid, completed by execve', () => {
    const s = withShell();
    const e = ev('PPME_SYSCALL_READ_X', 4242, 1n, { res: 0, fd: 0, size: 1 });
    s.process(e);
    assert.equal(e.thread?.tid, 4242);
    assert.equal(e.thread?.incomplete, true);
    assert.equal(e.thread?.comm, '<NA>');
    assert.equal(e.thread?.pid, -1);
    assert.equal(s.stats.incompleteThreads, 1);
    s.process(
      ev('PPME_SYSCALL_EXECVE_19_X', 4242, 2n, {
        res: 0,
        exe: 'ls',
        args: [],
        tid: 4242,
        pid: 4242,
        ptid: 100,
        comm: 'ls',
      }),
    );
    const t = s.thread(4242)!;
    assert.equal(t.incomplete, false);
    assert.equal(t.ptid, 100);
    assert.equal(s.parent(t)?.comm, 'bash');
    // procexit/clone exits never create entries.
    s.process(ev('PPME_PROCEXIT_1_E', 999, 3n, { status: 0, ret: 0, sig: 0, core: 0, reaper_tid: 0 }));
    assert.equal(s.thread(999), undefined);
  });

  it('threads share their process fd table; CLONE_THREAD child inherits the parent of its leader', () => {
    const s = withShell();
    s.process(
      ev('PPME_SYSCALL_CLONE_20_X', 100, 1n, {
        res: 101,
        exe: 'bash',
        args: [],
        tid: 100,
        pid: 100,
        ptid: 1,
        flags: CLONE_THREAD,
        comm: 'bash',
      }),
    );
    const th = s.thread(101)!;
    assert.equal(th.pid, 100);
    assert.equal(th.ptid, 1);
    assert.equal(s.mainThread(th)?.tid, 100);
    assert.equal(s.fdTable(th), s.fdTable(s.thread(100)!));
    s.process(ev('PPME_SYSCALL_OPEN_X', 101, 2n, { fd: 9, name: '/tmp/t', flags: 2, mode: 0 }));
    assert.equal(s.fdTable(s.thread(100)!)?.get(9)?.name, '/tmp/t');
  });

  it('chdir, fchdir, setuid family, setsid, setpgid, capset, prctl subreaper, chroot', () => {
    const s = withShell();
    const t = s.thread(100)!;
    s.process(ev('PPME_SYSCALL_CHDIR_X', 100, 1n, { res: 0, path: '../x/./y/' }));
    assert.equal(t.cwd, '/home/x/y/');
    s.process(ev('PPME_SYSCALL_CHDIR_X', 100, 2n, { res: -2, path: '/nope' }));
    assert.equal(t.cwd, '/home/x/y/', 'failed chdir changes nothing');
    s.addFd(100, { fd: 4, type: 'directory', name: '/var/log', openFlags: 1024 });
    s.process(ev('PPME_SYSCALL_FCHDIR_X', 100, 3n, { res: 0, fd: 4 }));
    assert.equal(t.cwd, '/var/log/');
    s.process(ev('PPME_SYSCALL_SETUID_X', 100, 4n, { res: 0, uid: 0 }));
    assert.equal(t.uid, 0);
    s.process(ev('PPME_SYSCALL_SETRESGID_X', 100, 5n, { res: 0, rgid: 5, egid: 6, sgid: 7 }));
    assert.equal(t.gid, 6);
    s.process(ev('PPME_SYSCALL_SETREUID_X', 100, 6n, { res: -1, ruid: 9, euid: 9 }));
    assert.equal(t.uid, 0);
    s.process(ev('PPME_SYSCALL_SETRESUID_X', 100, 6n, { res: 0, ruid: 9, euid: 0xffffffff, suid: 9 }));
    assert.equal(t.uid, 0, 'an euid of -1 keeps it');
    s.process(ev('PPME_SYSCALL_SETREGID_X', 100, 6n, { res: 0, rgid: 0xffffffff, egid: 0xffffffff }));
    assert.equal(t.gid, 6, 'an egid of -1 keeps it');
    s.process(ev('PPME_SYSCALL_SETSID_X', 100, 7n, { res: 100 }));
    assert.equal(t.sid, 100);
    s.process(ev('PPME_SYSCALL_SETPGID_X', 100, 8n, { res: 0, pid: 0, pgid: 0 }));
    assert.equal(t.pgid, 100);
    s.process(
      ev('PPME_SYSCALL_CAPSET_X', 100, 9n, { res: 0, cap_inheritable: 1n, cap_permitted: 2n, cap_effective: 3n }),
    );
    assert.equal(t.capEffective, 3n);
    s.process(ev('PPME_SYSCALL_PRCTL_X', 100, 10n, { res: 0, option: 36, arg2_str: '', arg2_int: 1 }));
    assert.equal(s.threads.isReaper(100), true);
    s.process(ev('PPME_SYSCALL_PRCTL_X', 100, 11n, { res: 0, option: 15, arg2_str: 'renamed', arg2_int: 0 }));
    assert.equal(t.comm, 'bash', 'PR_SET_NAME ignored by default, as libsinsp');
    s.process(ev('PPME_SYSCALL_CHROOT_X', 100, 12n, { res: 0, path: 'jail' }));
    assert.equal(t.root, '/var/log/jail');
  });
});
