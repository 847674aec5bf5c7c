// evt.* fields, with the values sysdig 0.29 printed for cat_write.scap (e.g. `sysdig -r
// cat_write.scap -p '*%evt.num %evt.type %evt.res %evt.rawres %evt.is_open_read %evt.category'`).
// Where today's libsinsp differs, Kestrel follows it:
// - evt.latency*: sysdig 0.29 measured enter→exit (e.g. 3951 ns for #141); today's libs yield 0.
// - evt.args / evt.info: no trailing space.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enc } from '../../../src/events/encodeEvent.js';
import { event, extract, FakeState, fileFd, thread, TS } from './fixtures.js';

const state = new FakeState().add(thread(), [
  fileFd(3, '/etc/ld.so.cache'),
  { fd: 1, type: 'unknown', name: '', openFlags: 0 },
]);
const openX = (flags: number, fd = 3, mode = 0) =>
  event({
    code: 'PPME_SYSCALL_OPEN_X',
    params: [enc.i64(fd), enc.str('/etc/ld.so.cache'), enc.u32(flags), enc.u32(mode), enc.u32(0), enc.u64(0)],
    state,
    fdNum: fd,
    num: 141,
    cpu: 2,
  });

describe('evt.* fields', () => {
  it('identity, direction, time', () => {
    const evt = openX(4097);
    assert.equal(extract('evt.num', evt), 141);
    assert.equal(extract('evt.type', evt), 'open');
    assert.equal(extract('evt.dir', evt), '<');
    assert.equal(extract('evt.cpu', evt), 2);
    assert.equal(extract('evt.rawtime', evt), TS);
    assert.equal(extract('evt.rawtime.s', evt), 1_500_000_000n);
    assert.equal(extract('evt.rawtime.ns', evt), 123_456_789n);
    assert.equal(extract('evt.time.iso8601', evt), '2017-07-14T02:40:00.123456789+0000');
    assert.match(String(extract('evt.time', evt)), /^\d\d:\d\d:\d\d\.123456789$/);
    assert.equal(extract('evt.source', evt), 'syscall');
    assert.equal(extract('evt.type.is.open', evt), 1);
    assert.equal(extract('evt.type.is.read', evt), 0);
    assert.equal(extract('syscall.type', evt), 'open');
    assert.equal(extract('evt.is_async', evt), false);
  });

  it('return values: SUCCESS / errno names, raw values, failures', () => {
    const ok = openX(4097);
    assert.equal(extract('evt.res', ok), 'SUCCESS');
    assert.equal(extract('evt.rawres', ok), 3);
    assert.equal(extract('evt.failed', ok), false);
    const failed = event({ code: 'PPME_SYSCALL_ACCESS_X', params: [enc.i64(-2), enc.str('/x'), enc.u32(0)], state });
    assert.equal(extract('evt.res', failed), 'ENOENT');
    assert.equal(extract('evt.rawres', failed), -2);
    assert.equal(extract('evt.failed', failed), true);
    assert.equal(extract('evt.count.error', failed), 1);
    const enter = event({ code: 'PPME_SYSCALL_CLOSE_E', params: [enc.i64(3)], state });
    assert.equal(extract('evt.res', enter), undefined);
    assert.equal(extract('evt.failed', enter), undefined);
    const mmap = event({
      code: 'PPME_SYSCALL_MMAP_X',
      params: [enc.u64(0x7fad48782000n), enc.u32(368), enc.u32(4), enc.u32(0)],
      state,
    });
    assert.equal(extract('evt.res', mmap), 'SUCCESS');
    assert.equal(extract('evt.rawres', mmap), 140382221901824);
  });

  it('open classification (is_open_read/write/exec/create)', () => {
    assert.equal(extract('evt.is_open_read', openX(4097)), true);
    assert.equal(extract('evt.is_open_write', openX(4097)), false);
    assert.equal(extract('evt.is_open_write', openX(2 | 4)), true);
    assert.equal(extract('evt.is_open_exec', openX(2 | 4, 3, 0o755)), true);
    assert.equal(extract('evt.is_open_exec', openX(2, 3, 0o755)), false);
    assert.equal(extract('evt.is_open_create', openX(2 | 16384)), true);
    const fstat = event({ code: 'PPME_SYSCALL_FSTAT_E', params: [enc.i64(3)], state });
    assert.equal(extract('evt.is_open_read', fstat), false);
  });

  it('arguments: by name, by position, raw, all of them', () => {
    const evt = openX(4097);
    assert.equal(extract('evt.arg.fd', evt), '<f>/etc/ld.so.cache');
    assert.equal(extract('evt.arg[0]', evt), '<f>/etc/ld.so.cache');
    assert.equal(extract('evt.arg[1]', evt), '/etc/ld.so.cache');
    assert.equal(extract('evt.arg[9]', evt), undefined);
    assert.equal(extract('evt.arg.flags', evt), 'O_RDONLY|O_CLOEXEC');
    assert.equal(extract('evt.arg.mode', evt), '0');
    assert.equal(extract('evt.arg.res', evt), undefined);
    assert.equal(extract('evt.rawarg.flags', evt), 4097);
    assert.equal(extract('evt.rawarg.fd', evt), 3);
    assert.equal(extract('evt.rawarg.name', evt), '/etc/ld.so.cache');
    assert.equal(
      extract('evt.args', evt),
      'fd=3(<f>/etc/ld.so.cache) name=/etc/ld.so.cache flags=4097(O_RDONLY|O_CLOEXEC) mode=0 dev=0 ino=0',
    );
    assert.equal(extract('evt.info', evt), extract('evt.args', evt));
  });

  it('I/O: buffers, lengths, directions, categories', () => {
    const read = event({
      code: 'PPME_SYSCALL_READ_X',
      params: [enc.i64(3), enc.bytes('abc'), enc.i64(3), enc.u32(832)],
      state,
      fdNum: 3,
    });
    assert.deepEqual(Buffer.from(extract('evt.buffer', read) as Uint8Array).toString(), 'abc');
    assert.equal(extract('evt.buflen', read), 3);
    assert.equal(extract('evt.buflen.file.in', read), 3);
    assert.equal(extract('evt.buflen.net', read), undefined);
    assert.equal(extract('evt.is_io', read), true);
    assert.equal(extract('evt.is_io_read', read), true);
    assert.equal(extract('evt.is_io_write', read), false);
    assert.equal(extract('evt.io_dir', read), 'read');
    assert.equal(extract('evt.category', read), 'file');
    const closeStdout = event({ code: 'PPME_SYSCALL_CLOSE_E', params: [enc.i64(1)], state, fdNum: 1 });
    assert.equal(extract('evt.category', closeStdout), 'unknown');
    assert.equal(extract('evt.category', openX(1)), 'file');
    const brk = event({ code: 'PPME_SYSCALL_BRK_4_E', params: [enc.u64(0)], state });
    assert.equal(extract('evt.category', brk), 'memory');
    assert.equal(extract('evt.is_wait', brk), false);
  });

  it('deprecated latency fields are 0 as in today libsinsp; deltatime counts from the previous event', () => {
    const evt = openX(1);
    assert.equal(extract('evt.latency', evt), 0);
    assert.equal(extract('evt.latency.human', evt), '0ns');
    assert.equal(extract('evt.count', evt), 1);
    assert.equal(extract('evt.count.exit', evt), 1);
  });

  it('generic events take the syscall name; hostname comes from the machine or the host', () => {
    const generic = event({ code: 'PPME_GENERIC_X', params: [enc.u16(2), enc.u16(60)], state });
    assert.equal(extract('evt.type', generic), 'exit');
    assert.equal(extract('evt.args', generic), '');
    assert.equal(typeof extract('evt.hostname', generic), 'string');
  });

  it('abspath joins the directory fd and a relative path', () => {
    const s = new FakeState().add(thread({ cwd: '/home/u' }), [
      { fd: 7, type: 'directory', name: '/etc', openFlags: 0 },
    ]);
    const unlinkat = (dirfd: number, name: string) =>
      event({
        code: 'PPME_SYSCALL_UNLINKAT_2_X',
        params: [enc.i64(0), enc.i64(dirfd), enc.str(name), enc.u32(0)],
        state: s,
      });
    assert.equal(extract('evt.abspath', unlinkat(7, 'shadow')), '/etc/shadow');
    assert.equal(extract('evt.abspath', unlinkat(-100, 'x/../y')), '/home/u/y');
    assert.equal(extract('evt.abspath', unlinkat(-100, '/abs/z')), '/abs/z');
  });
});
