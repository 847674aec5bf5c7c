// proc.*, thread.*, user.* and group.* fields over a small process tree:
// init(1) → sshd(900) → bash(11310, session leader) → cat(20072).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enc } from '../../../src/events/encodeEvent.js';
import { event, extract, FakeState, fileFd, thread, TS } from './fixtures.js';

const state = new FakeState()
  .add(thread({ tid: 1, pid: 1, ptid: 0, comm: 'systemd', exe: '/sbin/init', exepath: '/sbin/init', sid: 1 }))
  .add(
    thread({ tid: 900, pid: 900, ptid: 1, comm: 'sshd', exe: '/usr/sbin/sshd', exepath: '/usr/sbin/sshd', sid: 900 }),
  )
  .add(
    thread({
      tid: 11310,
      pid: 11310,
      ptid: 900,
      comm: 'bash',
      exe: '-bash',
      exepath: '/bin/bash',
      args: [],
      sid: 11310,
      vpgid: 11310,
    }),
  )
  .add(thread({ sid: 11310, vpgid: 20072 }), [fileFd(0, '/dev/pts/0', { type: 'file' }), fileFd(3, '/etc/passwd')])
  .add(thread({ tid: 20073, pid: 20072, comm: 'cat' }));
state.users.push({ uid: 1000, gid: 1000, name: 'mstemm', homedir: '/home/mstemm', shell: '/bin/bash', container: '' });
state.groups.push({ gid: 1000, name: 'mstemm', container: '' });

const evt = event({ code: 'PPME_SYSCALL_CLOSE_E', params: [enc.i64(3)], state, fdNum: 3 });

describe('proc.* and thread.* fields', () => {
  it('names, executables, command lines', () => {
    assert.equal(extract('proc.name', evt), 'cat');
    assert.equal(extract('proc.exe', evt), 'cat');
    assert.equal(extract('proc.exepath', evt), '/bin/cat');
    assert.equal(extract('proc.args', evt), '/dev/null');
    assert.equal(extract('proc.args[0]', evt), '/dev/null');
    assert.equal(extract('proc.cmdline', evt), 'cat /dev/null');
    assert.equal(extract('proc.exeline', evt), 'cat /dev/null');
    assert.equal(extract('proc.cmdnargs', evt), 1);
    assert.equal(extract('proc.cmdlenargs', evt), 9);
    assert.equal(extract('proc.cwd', evt), '/mnt/work/');
    assert.equal(extract('proc.env', evt), 'SHELL=/bin/bash HOME=/home/mstemm');
    assert.equal(extract('proc.env[HOME]', evt), '/home/mstemm');
    assert.equal(extract('proc.env[NOPE]', evt), '');
  });

  it('parent and ancestors', () => {
    assert.equal(extract('proc.pname', evt), 'bash');
    assert.equal(extract('proc.pexe', evt), '-bash');
    assert.equal(extract('proc.pexepath', evt), '/bin/bash');
    assert.equal(extract('proc.pcmdline', evt), 'bash');
    assert.equal(extract('proc.aname[0]', evt), 'cat');
    assert.equal(extract('proc.aname[1]', evt), 'bash');
    assert.equal(extract('proc.aname[2]', evt), 'sshd');
    assert.equal(extract('proc.aname[3]', evt), 'systemd');
    assert.equal(extract('proc.aname[7]', evt), undefined);
    assert.equal(extract('proc.aexepath[2]', evt), '/usr/sbin/sshd');
    assert.equal(extract('proc.apid[2]', evt), 900);
    assert.deepEqual(extract('proc.aname', evt), ['bash', 'sshd', 'systemd']);
  });

  it('ids, sessions, groups, login shell', () => {
    assert.equal(extract('proc.pid', evt), 20072);
    assert.equal(extract('proc.ppid', evt), 11310);
    assert.equal(extract('proc.vpid', evt), 20072);
    assert.equal(extract('proc.sid', evt), 11310);
    assert.equal(extract('proc.sname', evt), 'bash');
    assert.equal(extract('proc.vpgid', evt), 20072);
    assert.equal(extract('proc.vpgid.name', evt), 'cat');
    assert.equal(extract('proc.is_vpgid_leader', evt), true);
    assert.equal(extract('proc.is_sid_leader', evt), false);
    assert.equal(extract('proc.loginshellid', evt), 11310);
    assert.equal(extract('proc.tty', evt), 34816);
    assert.equal(extract('thread.tid', evt), 20072);
    assert.equal(extract('thread.ismain', evt), true);
    assert.equal(extract('thread.nametid', evt), 'cat20072');
  });

  it('times, executable facts, capabilities, cgroups, fds', () => {
    assert.equal(extract('proc.duration', evt), 5_000_000_000n);
    assert.equal(extract('proc.pid.ts', evt), TS - 5_000_000_000n);
    assert.equal(extract('proc.is_exe_writable', evt), false);
    assert.equal(extract('proc.is_exe_upper_layer', evt), false);
    assert.equal(extract('proc.exe_ino', evt), undefined);
    assert.equal(extract('thread.cap_permitted', evt), 'CAP_CHOWN CAP_DAC_OVERRIDE');
    assert.equal(extract('thread.cap_effective', evt), 'CAP_CHOWN CAP_SYS_ADMIN');
    assert.equal(extract('thread.cap_inheritable', evt), '');
    assert.equal(extract('thread.cgroups', evt), 'cpuset=/user.slice cpu=/user.slice/cpu');
    assert.equal(extract('thread.cgroup.cpu', evt), '/user.slice/cpu');
    assert.equal(extract('proc.fdopencount', evt), 2);
    assert.equal(extract('proc.fdusage', evt), 2 / 1024);
    assert.equal(extract('proc.stdin.name', evt), '/dev/pts/0');
    assert.equal(extract('proc.stdin.type', evt), 'file');
    assert.equal(extract('proc.stdout.type', evt), undefined);
    assert.equal(extract('proc.nchilds', evt), undefined);
  });

  it('a secondary thread reads its own thread data and its process main thread', () => {
    const t2 = event({ code: 'PPME_SYSCALL_CLOSE_E', params: [enc.i64(3)], state, tid: 20073 });
    assert.equal(extract('thread.tid', t2), 20073);
    assert.equal(extract('thread.ismain', t2), false);
    assert.equal(extract('proc.pid', t2), 20072);
    assert.equal(extract('proc.pname', t2), 'bash');
    assert.equal(extract('thread.vmsize', t2), 0);
  });
});

describe('user.* and group.* fields', () => {
  it('known users and groups', () => {
    assert.equal(extract('user.uid', evt), 1000);
    assert.equal(extract('user.name', evt), 'mstemm');
    assert.equal(extract('user.homedir', evt), '/home/mstemm');
    assert.equal(extract('user.loginuid', evt), 1000);
    assert.equal(extract('user.loginname', evt), 'mstemm');
    assert.equal(extract('group.gid', evt), 1000);
    assert.equal(extract('group.name', evt), 'mstemm');
  });

  it('unknown ids: root for 0, <NA> otherwise; an unset loginuid is -1', () => {
    const s = new FakeState().add(thread({ uid: 0, gid: 5, loginuid: 0xffffffff }));
    const e = event({ code: 'PPME_SYSCALL_CLOSE_E', params: [enc.i64(3)], state: s });
    assert.equal(extract('user.name', e), 'root');
    assert.equal(extract('user.homedir', e), '/root');
    assert.equal(extract('group.name', e), '<NA>');
    assert.equal(extract('user.loginuid', e), -1);
    assert.equal(extract('user.loginname', e), '<NA>');
  });
});
