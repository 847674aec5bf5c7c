// fd.*, fdlist.* and fs.path.* fields. Socket values follow connect_localhost.scap as sysdig 0.29
// showed them (`%fd.name %fd.sip %fd.cip %fd.sport %fd.cport %fd.l4proto %fd.sockfamily`):
// 127.0.0.1:47192->127.0.0.1:80, tcp, ip.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enc } from '../../../src/events/encodeEvent.js';
import { event, extract, FakeState, fileFd, thread } from './fixtures.js';

const state = new FakeState().add(thread({ cwd: '/home/u/' }), [
  fileFd(3, '/tmp/file-1', { nameRaw: 'file-1', dev: (8 << 20) | 3, ino: 42, openFlags: 32768 | 1 }),
  { fd: 4, type: 'directory', name: '/etc', openFlags: 0 },
  {
    fd: 5,
    type: 'ipv4',
    name: '127.0.0.1:47192->127.0.0.1:80',
    openFlags: 0,
    sock: { l4proto: 'tcp', sip: '127.0.0.1', sport: 47192, dip: '127.0.0.1', dport: 80, isServer: false },
  },
  { fd: 6, type: 'unix', name: '/run/s.sock', openFlags: 0 },
  { fd: 7, type: 'pipe', name: '', openFlags: 0, nameChanged: true },
]);
const on = (fd: number) => event({ code: 'PPME_SYSCALL_CLOSE_E', params: [enc.i64(fd)], state, fdNum: fd });

describe('fd.* fields', () => {
  it('files: name, directory, file name, kind, device, inode, layers', () => {
    const e = on(3);
    assert.equal(extract('fd.num', e), 3);
    assert.equal(extract('fd.name', e), '/tmp/file-1');
    assert.equal(extract('fd.nameraw', e), 'file-1');
    assert.equal(extract('fd.directory', e), '/tmp');
    assert.equal(extract('fd.filename', e), 'file-1');
    assert.equal(extract('fd.type', e), 'file');
    assert.equal(extract('fd.typechar', e), 'f');
    assert.equal(extract('fd.dev.major', e), 8);
    assert.equal(extract('fd.dev.minor', e), 3);
    assert.equal(extract('fd.ino', e), 42);
    assert.equal(extract('fd.is_upper_layer', e), true);
    assert.equal(extract('fd.l4proto', e), undefined);
    assert.equal(extract('fd.sockfamily', e), undefined);
    assert.equal(extract('fd.is_server', e), false);
    assert.equal(extract('fd.sip', e), undefined);
    assert.equal(extract('fd.containername', e), ':/tmp/file-1');
  });

  it('directories and other kinds', () => {
    assert.equal(extract('fd.directory', on(4)), '/etc');
    assert.equal(extract('fd.filename', on(4)), undefined);
    assert.equal(extract('fd.typechar', on(6)), 'u');
    assert.equal(extract('fd.sockfamily', on(6)), 'unix');
    assert.equal(extract('fd.type', on(7)), 'pipe');
    assert.equal(extract('fd.name_changed', on(7)), true);
    assert.equal(extract('fd.directory', on(7)), undefined);
  });

  it('IPv4 sockets: client and server, local and remote ends', () => {
    const e = on(5);
    assert.equal(extract('fd.name', e), '127.0.0.1:47192->127.0.0.1:80');
    assert.equal(extract('fd.type', e), 'ipv4');
    assert.equal(extract('fd.typechar', e), '4');
    assert.equal(extract('fd.l4proto', e), 'tcp');
    assert.equal(extract('fd.sockfamily', e), 'ip');
    assert.equal(extract('fd.cip', e), '127.0.0.1');
    assert.equal(extract('fd.sip', e), '127.0.0.1');
    assert.equal(extract('fd.cport', e), 47192);
    assert.equal(extract('fd.sport', e), 80);
    assert.equal(extract('fd.lport', e), 47192);
    assert.equal(extract('fd.rport', e), 80);
    assert.equal(extract('fd.lip', e), '127.0.0.1');
    assert.equal(extract('fd.rip', e), '127.0.0.1');
    assert.equal(extract('fd.is_server', e), false);
    assert.equal(extract('fd.connected', e), true);
    assert.deepEqual(extract('fd.port', e), [47192, 80]);
    assert.equal(extract('fd.rnet', e), '127.0.0.1');
    assert.equal(extract('fd.sip.name', e), undefined);
  });

  it('a failed open has no fd, but fd.name is the path it named', () => {
    const failed = event({
      code: 'PPME_SYSCALL_OPENAT_2_X',
      params: [enc.i64(-2), enc.i64(-100), enc.str('missing.txt'), enc.u32(1), enc.u32(0), enc.u32(0), enc.u64(0)],
      state,
      fdNum: -2,
    });
    assert.equal(extract('fd.name', failed), '/home/u/missing.txt');
    assert.equal(extract('fd.directory', failed), '/home/u');
    assert.equal(extract('fd.filename', failed), 'missing.txt');
    assert.equal(extract('fd.num', failed), undefined);
    assert.equal(extract('fd.type', failed), undefined);
  });

  it('fd.types lists the kinds of every open fd, or of one', () => {
    assert.deepEqual(extract('fd.types', on(3)), ['file', 'directory', 'ipv4', 'unix', 'pipe']);
    assert.deepEqual(extract('fd.types[5]', on(3)), ['ipv4']);
    assert.equal(extract('fd.types[99]', on(3)), undefined);
  });

  it('fdlist.* over the fds of poll', () => {
    const fds = Buffer.concat([enc.u16(2), enc.i64(3), enc.i16(1), enc.i64(5), enc.i16(1)]);
    const poll = event({ code: 'PPME_SYSCALL_POLL_E', params: [fds, enc.i64(0)], state });
    assert.equal(extract('fdlist.nums', poll), '3,5');
    assert.equal(extract('fdlist.names', poll), '/tmp/file-1,127.0.0.1:47192->127.0.0.1:80');
    assert.equal(extract('fdlist.sports', poll), '80');
  });
});

describe('fs.path.* fields', () => {
  it('single-path calls, absolute and raw', () => {
    const mkdir = event({
      code: 'PPME_SYSCALL_MKDIR_2_X',
      params: [enc.i64(0), enc.str('d/../new'), enc.u32(0o755)],
      state,
    });
    assert.equal(extract('fs.path.name', mkdir), '/home/u/new');
    assert.equal(extract('fs.path.nameraw', mkdir), 'd/../new');
    const unlinkat = event({
      code: 'PPME_SYSCALL_UNLINKAT_2_X',
      params: [enc.i64(0), enc.i64(4), enc.str('shadow'), enc.u32(0)],
      state,
    });
    assert.equal(extract('fs.path.name', unlinkat), '/etc/shadow');
    assert.equal(extract('fs.path.source', unlinkat), undefined);
  });

  it('two-path calls: source and target', () => {
    const renameat = event({
      code: 'PPME_SYSCALL_RENAMEAT2_X',
      params: [enc.i64(0), enc.i64(-100), enc.str('a'), enc.i64(4), enc.str('b'), enc.u32(0)],
      state,
    });
    assert.equal(extract('fs.path.source', renameat), '/home/u/a');
    assert.equal(extract('fs.path.sourceraw', renameat), 'a');
    assert.equal(extract('fs.path.target', renameat), '/etc/b');
    assert.equal(extract('fs.path.targetraw', renameat), 'b');
    assert.equal(extract('fs.path.name', renameat), undefined);
    const symlink = event({
      code: 'PPME_SYSCALL_SYMLINK_X',
      params: [enc.i64(0), enc.str('/bin/sh'), enc.str('/tmp/sh')],
      state,
    });
    assert.equal(extract('fs.path.source', symlink), '/bin/sh');
    assert.equal(extract('fs.path.target', symlink), '/tmp/sh');
  });
});
