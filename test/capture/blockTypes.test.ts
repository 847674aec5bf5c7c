// Every block type and version the format has, in synthetic files built field by field from
// the layouts libscap reads (process lists v1-v9, fd lists v1/v2, interface and user lists
// v1/v2, machine info, event blocks with and without flags, V1/V2/V2_LARGE, the _INT ids).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readCaptureBuffer } from '../../src/capture/index.js';
import { encodeEvent, enc } from '../../src/events/encodeEvent.js';
import { EVENT_CODES } from '../../src/events/eventTable.js';
import { Body, rawBlock, recorder, sectionHeader } from './helpers.js';

const PL_IDS: Record<number, number[]> = {
  1: [0x202, 0x8000abcd],
  2: [0x207, 0x8013abcd],
  3: [0x209, 0x8014abcd],
  4: [0x210],
  5: [0x211],
  6: [0x212],
  7: [0x213],
  8: [0x214],
  9: [0x215],
};

/** One process entry in the layout of version v; `tail` is appended to v9 entries. */
function plEntry(v: number, tail?: Buffer): Buffer {
  const b = new Body().u64(42).u64(40).u64(1);
  if (v >= 6) b.u64(7);
  if (v >= 8) b.u64(9);
  b.str('bash').str('/bin/bash');
  if (v >= 7) b.str('/usr/bin/bash');
  b.str('-c\0echo hi\0').str('/home/me').u64(1024).u32(0x10).u32(1000).u32(1001);
  if (v >= 2) b.u32(100).u32(50).u32(5).u64(3).u64(4);
  if (v >= 3) b.str('HOME=/home/me\0TERM=xterm\0');
  if (v >= 4) b.u64(2).u64(3).str('cpu=/user.slice\0memory=/x\0');
  if (v >= 5) b.str('/jail');
  if (v >= 9 && tail) b.raw(tail);
  return v >= 9 ? b.prefixed(true) : b.build();
}

function file(...blocks: Buffer[]): Buffer {
  return Buffer.concat([sectionHeader(), ...blocks]);
}

describe('process-list blocks', () => {
  for (const [v, ids] of Object.entries(PL_IDS)) {
    for (const id of ids) {
      test(`v${v} (0x${id.toString(16)}) fills what its layout has`, () => {
        const version = Number(v);
        const { rec, handler } = recorder();
        readCaptureBuffer(file(rawBlock(id, Buffer.concat([plEntry(version), plEntry(version)]))), handler);
        assert.equal(rec.threads.length, 2);
        const t = rec.threads[0];
        assert.deepEqual([t.tid, t.pid, t.ptid, t.comm, t.exe, t.cwd], [42, 40, 1, 'bash', '/bin/bash', '/home/me']);
        assert.deepEqual(t.args, ['-c', 'echo hi']);
        assert.deepEqual([t.fdlimit, t.flags, t.uid, t.gid], [1024, 0x10, 1000, 1001]);
        assert.equal(t.sid, version >= 6 ? 7 : -1);
        assert.equal(t.vpgid, version >= 8 ? 9 : -1);
        assert.equal(t.exepath, version >= 7 ? '/usr/bin/bash' : '');
        assert.deepEqual(
          [t.vmSize, t.vmRss, t.vmSwap, t.pfMajor, t.pfMinor],
          version >= 2 ? [100, 50, 5, 3, 4] : [0, 0, 0, 0, 0],
        );
        assert.deepEqual(t.env, version >= 3 ? ['HOME=/home/me', 'TERM=xterm'] : []);
        assert.deepEqual([t.vtid, t.vpid], version >= 4 ? [2, 3] : [-1, -1]);
        assert.deepEqual(
          t.cgroups,
          version >= 4
            ? [
                ['cpu', '/user.slice'],
                ['memory', '/x'],
              ]
            : [],
        );
        assert.equal(t.root, version >= 5 ? '/jail' : undefined);
        assert.equal(t.loginuid, 0xffffffff);
      });
    }
  }

  test('v9 tail, libs < 0.10 layout: loginuid, exe_writable, capabilities', () => {
    const tail = new Body().u32(1000).u8(1).u64(1).u64(2).u64(3).build();
    const { rec, handler } = recorder();
    readCaptureBuffer(file(rawBlock(0x215, plEntry(9, tail))), handler);
    const t = rec.threads[0];
    assert.deepEqual(
      [t.loginuid, t.exeWritable, t.capInheritable, t.capPermitted, t.capEffective, t.tty],
      [1000, true, 1n, 2n, 3n, 0],
    );
  });

  test('v9 tail, libs >= 0.10 layout: pidns start, tty, exe inode facts; unknown extra bytes skipped', () => {
    const tail = new Body()
      .u64(123456789n)
      .i32(34816)
      .u32(0)
      .u8(0)
      .u64(0x1ffn)
      .u64(0x3ffn)
      .u64(0x7ffn)
      .u8(1)
      .u64(987)
      .u64(111n)
      .u64(222n)
      .u8(1)
      .raw(Buffer.from('future fields'))
      .build();
    const { rec, handler } = recorder();
    readCaptureBuffer(file(rawBlock(0x215, Buffer.concat([plEntry(9, tail), plEntry(9)]))), handler);
    const t = rec.threads[0];
    assert.deepEqual(
      [t.pidnsInitStartTs, t.tty, t.loginuid, t.exeWritable, t.capInheritable, t.capPermitted, t.capEffective],
      [123456789n, 34816, 0, false, 0x1ffn, 0x3ffn, 0x7ffn],
    );
    assert.deepEqual(
      [t.exeUpperLayer, t.exeIno, t.exeInoCtime, t.exeInoMtime, t.exeFromMemfd],
      [true, 987, 111n, 222n, true],
    );
    assert.equal(rec.threads[1].comm, 'bash');
  });
});

function fdEntry(v2: boolean, fd: number, type: number, payload: Buffer): Buffer {
  const b = new Body()
    .u64(fd)
    .u64(5000 + fd)
    .u8(type)
    .raw(payload);
  return v2 ? b.prefixed(true) : b.build();
}

const V6_A = Buffer.from('20010db8000000000000000000000001', 'hex');
const V6_B = Buffer.from('20010db8000000000000000000000002', 'hex');
const MAPPED_A = Buffer.from('00000000000000000000ffff0a000001', 'hex');
const MAPPED_B = Buffer.from('00000000000000000000ffff0a000002', 'hex');

function fdEntries(v2: boolean): Buffer {
  const name = (s: string) => new Body().str(s).build();
  return Buffer.concat([
    fdEntry(v2, 0, 1, name('/dev/pts/0')),
    fdEntry(v2, 1, 2, name('/home')),
    fdEntry(
      v2,
      2,
      3,
      new Body()
        .raw(Buffer.from([10, 0, 0, 1, 93, 184, 216, 34]))
        .u16(40000)
        .u16(443)
        .u8(2)
        .build(),
    ),
    fdEntry(v2, 3, 4, new Body().raw(V6_A).raw(V6_B).u16(1).u16(2).u8(3).build()),
    fdEntry(v2, 4, 4, new Body().raw(MAPPED_A).raw(MAPPED_B).u16(5).u16(6).u8(2).build()),
    fdEntry(
      v2,
      5,
      5,
      new Body()
        .raw(Buffer.from([0, 0, 0, 0]))
        .u16(8080)
        .u8(2)
        .build(),
    ),
    fdEntry(v2, 6, 6, new Body().raw(V6_A).u16(22).u8(2).build()),
    fdEntry(v2, 7, 7, name('pipe:[1234]')),
    fdEntry(v2, 8, 8, new Body().u64(0xffff1n).u64(0xffff2n).str('/run/sock').build()),
    fdEntry(v2, 9, 9, name('anon_inode:[eventfd]')),
    fdEntry(v2, 10, 10, name('anon_inode:weird')),
    fdEntry(v2, 11, 11, name('anon_inode:[signalfd]')),
    fdEntry(v2, 12, 12, name('anon_inode:[eventpoll]')),
    fdEntry(v2, 13, 13, name('anon_inode:inotify')),
    fdEntry(v2, 14, 14, name('anon_inode:[timerfd]')),
    fdEntry(v2, 15, 15, name('netlink')),
    // v1 entries have no length, so no room for the device.
    fdEntry(
      v2,
      16,
      16,
      v2
        ? new Body().u32(0o2101).str('/var/log/x.log').u32(0x803).build()
        : new Body().u32(0o2101).str('/var/log/x.log').build(),
    ),
    fdEntry(v2, 17, 17, name('anon_inode:bpf-map')),
    fdEntry(v2, 18, 18, name('anon_inode:[userfaultfd]')),
    fdEntry(v2, 19, 19, name('anon_inode:[io_uring]')),
    fdEntry(v2, 20, 20, name('/memfd:x (deleted)')),
    fdEntry(v2, 21, 21, name('anon_inode:[pidfd]')),
  ]);
}

describe('fd-list blocks', () => {
  for (const [id, v2] of [
    [0x203, false],
    [0x8001abcd, false],
    [0x218, true],
  ] as const) {
    test(`0x${id.toString(16)}: every fd type, named as libsinsp names it`, () => {
      const { rec, handler } = recorder();
      const s = readCaptureBuffer(
        file(rawBlock(id, Buffer.concat([new Body().u64(77).build(), fdEntries(v2)]))),
        handler,
      );
      assert.equal(s.fds, 22);
      assert.ok(rec.fds.every(([pid]) => pid === 77));
      const got = rec.fds.map(([, f]) => `${f.fd} ${f.type} ${f.name}`);
      assert.deepEqual(got, [
        '0 file /dev/pts/0',
        '1 directory /home',
        '2 ipv4 10.0.0.1:40000->93.184.216.34:443',
        '3 ipv6 2001:db8::1:1->2001:db8::2:2',
        '4 ipv4 10.0.0.1:5->10.0.0.2:6',
        '5 ipv4 0.0.0.0:8080',
        '6 ipv6 2001:db8::1:22',
        '7 pipe pipe:[1234]',
        '8 unix /run/sock',
        '9 event anon_inode:[eventfd]',
        '10 unknown anon_inode:weird',
        '11 signalfd anon_inode:[signalfd]',
        '12 eventpoll anon_inode:[eventpoll]',
        '13 inotify anon_inode:inotify',
        '14 timerfd anon_inode:[timerfd]',
        '15 netlink netlink',
        '16 file /var/log/x.log',
        '17 bpf anon_inode:bpf-map',
        '18 userfaultfd anon_inode:[userfaultfd]',
        '19 io_uring anon_inode:[io_uring]',
        '20 memfd /memfd:x (deleted)',
        '21 pidfd anon_inode:[pidfd]',
      ]);
      const f = new Map(rec.fds.map(([, x]) => [x.fd, x]));
      assert.deepEqual(f.get(2)?.sock, {
        l4proto: 'tcp',
        sip: '10.0.0.1',
        sport: 40000,
        dip: '93.184.216.34',
        dport: 443,
      });
      assert.equal(f.get(3)?.sock?.l4proto, 'udp');
      assert.deepEqual(f.get(5)?.sock, {
        l4proto: 'tcp',
        dip: '0.0.0.0',
        dport: 8080,
        serverSocket: true,
        isServer: true,
      });
      assert.deepEqual(
        [f.get(8)?.sock?.unixSource, f.get(8)?.sock?.unixDest, f.get(8)?.sock?.unixPath],
        [0xffff1n, 0xffff2n, '/run/sock'],
      );
      assert.equal(f.get(16)?.openFlags, 0o2101);
      // Only v2 entries carry the device (its presence is known from the entry length).
      assert.equal(f.get(16)?.dev, v2 ? 0x803 : undefined);
      assert.equal(f.get(7)?.ino, 5007);
    });
  }

  test('v2 entries skip fields from newer libraries; unknown and newer fd types', () => {
    const extra = new Body().u64(3).u64(1).u8(1).str('/a').raw(Buffer.from('newer')).prefixed(true);
    const newer = new Body().u64(4).u64(1).u8(99).raw(Buffer.from('??')).prefixed(true);
    const unknown = new Body().u64(5).u64(1).u8(0).prefixed(true);
    const { rec, handler } = recorder();
    readCaptureBuffer(
      file(rawBlock(0x218, Buffer.concat([new Body().u64(1).build(), extra, newer, unknown]))),
      handler,
    );
    assert.deepEqual(
      rec.fds.map(([, f]) => `${f.fd} ${f.type} ${f.name}`),
      ['3 file /a', '4 unknown unknown-type:[99]'],
    );
  });
});

describe('interface, user and machine blocks', () => {
  const v4 = (type: number, speed: boolean, name: string) => {
    const b = new Body()
      .u16(type)
      .u16(name.length)
      .raw(Buffer.from([192, 168, 1, 2, 255, 255, 255, 0, 192, 168, 1, 255]));
    if (speed) b.u64(1000);
    return b.raw(Buffer.from(name));
  };
  const v6 = (type: number, speed: boolean, name: string) => {
    const b = new Body().u16(type).u16(name.length).raw(V6_A).raw(Buffer.alloc(16, 0xff)).raw(Buffer.alloc(16));
    if (speed) b.u64(10000);
    return b.raw(Buffer.from(name));
  };
  for (const [id, v2] of [
    [0x205, false],
    [0x8011abcd, false],
    [0x219, true],
  ] as const) {
    test(`interface list 0x${id.toString(16)}, with and without link speed`, () => {
      const entries = [v4(1, true, 'eth0'), v4(3, false, 'eth1'), v6(2, true, 'eth0'), v6(4, false, 'lo')];
      const body = Buffer.concat(entries.map((e) => (v2 ? e.prefixed(false) : e.build())));
      const { rec, handler } = recorder();
      readCaptureBuffer(file(rawBlock(id, body)), handler);
      assert.deepEqual(rec.ifaces, [
        {
          name: 'eth0',
          family: 'ipv4',
          addr: '192.168.1.2',
          netmask: '255.255.255.0',
          bcast: '192.168.1.255',
          linkSpeed: 1000,
        },
        {
          name: 'eth1',
          family: 'ipv4',
          addr: '192.168.1.2',
          netmask: '255.255.255.0',
          bcast: '192.168.1.255',
          linkSpeed: 0,
        },
        {
          name: 'eth0',
          family: 'ipv6',
          addr: '2001:db8::1',
          netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
          bcast: '::',
          linkSpeed: 10000,
        },
        {
          name: 'lo',
          family: 'ipv6',
          addr: '2001:db8::1',
          netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
          bcast: '::',
          linkSpeed: 0,
        },
      ]);
    });
  }

  for (const [id, v2] of [
    [0x206, false],
    [0x8012abcd, false],
    [0x220, true],
  ] as const) {
    test(`user list 0x${id.toString(16)}: users and groups`, () => {
      const user = new Body().u8(0).u32(1000).u32(100).str('me').str('/home/me').str('/bin/zsh');
      const group = new Body().u8(1).u32(100).str('users');
      const body = Buffer.concat([user, group].map((e) => (v2 ? e.prefixed(true) : e.build())));
      const { rec, handler } = recorder();
      const s = readCaptureBuffer(file(rawBlock(id, body)), handler);
      assert.deepEqual(rec.users, [
        { uid: 1000, gid: 100, name: 'me', homedir: '/home/me', shell: '/bin/zsh', container: '' },
      ]);
      assert.deepEqual(rec.groups, [{ gid: 100, name: 'users', container: '' }]);
      assert.deepEqual([s.users, s.groups], [1, 1]);
    });
  }

  for (const id of [0x201, 0x8002abcd]) {
    test(`machine info 0x${id.toString(16)}`, () => {
      const host = Buffer.alloc(128);
      host.write('box');
      const body = new Body()
        .u32(8)
        .u64(16n << 30n)
        .u64(4194304)
        .raw(host)
        .u64(1700000000000000000n)
        .u64(1n << 56n)
        .u64(0)
        .u64(0);
      const { rec, handler } = recorder();
      readCaptureBuffer(file(rawBlock(id, body.build())), handler);
      assert.deepEqual(rec.machine, [
        {
          numCpus: 8,
          memoryBytes: 16n << 30n,
          maxPid: 4194304,
          hostname: 'box',
          bootTs: 1700000000000000000n,
          flags: 1n << 56n,
          maxCpuFrequency: 0,
          pageSize: 0,
        },
      ]);
    });
  }
});

describe('event blocks', () => {
  const open = encodeEvent({
    type: EVENT_CODES.PPME_SYSCALL_OPENAT_2_X,
    ts: 1000n,
    tid: 7,
    params: [enc.i64(3), enc.i64(-100), enc.str('/etc/passwd'), enc.u32(1), enc.u32(0), enc.u32(0x803), enc.u64(99n)],
  });
  /** The same event without nparams (the V1 layout). */
  const v1 = Buffer.concat([open.subarray(0, 22), open.subarray(26)]);
  v1.writeUInt32LE(open.length - 4, 16);
  const block = (id: number, flags: boolean, ev: Buffer, cpu = 3) => {
    const b = new Body().u16(cpu);
    if (flags) b.u32(0x5);
    return rawBlock(id, b.raw(ev).build());
  };

  for (const [id, flags, hasNparams] of [
    [0x204, false, false],
    [0x8010abcd, false, false],
    [0x216, false, true],
    [0x221, false, true],
    [0x208, true, false],
    [0x217, true, true],
    [0x222, true, true],
  ] as const) {
    test(`0x${id.toString(16)}: ${flags ? 'with' : 'without'} flags, ${hasNparams ? 'V2' : 'V1'} event`, () => {
      const { rec, handler } = recorder();
      const s = readCaptureBuffer(
        file(block(id, flags, hasNparams ? open : v1), block(id, flags, hasNparams ? open : v1, 1)),
        handler,
      );
      assert.equal(s.events, 2);
      assert.deepEqual(
        rec.events.map((e) => [e.num, e.ts, e.tid, e.name, e.cpu, e.flags]),
        [
          [1, 1000n, 7, 'openat', 3, flags ? 5 : 0],
          [2, 1000n, 7, 'openat', 1, flags ? 5 : 0],
        ],
      );
      // V1 events are rebuilt in today's layout, byte for byte.
      assert.deepEqual(rec.events[0].bytes, open);
    });
  }

  test('V1 events with fewer parameters than today get the count that fits', () => {
    const ev = encodeEvent({
      type: EVENT_CODES.PPME_SYSCALL_OPENAT_2_X,
      ts: 5n,
      tid: 1,
      params: [enc.i64(3), enc.i64(-100)],
    });
    const old = Buffer.concat([ev.subarray(0, 22), ev.subarray(26)]);
    old.writeUInt32LE(ev.length - 4, 16);
    const { rec, handler } = recorder();
    readCaptureBuffer(file(block(0x204, false, old)), handler);
    assert.deepEqual(rec.events[0].bytes, ev);
  });
});
