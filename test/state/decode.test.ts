// Socket parameter decoders, NUL-separated lists, fd lists and path resolution.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeCgroups,
  decodeFdList,
  decodeSockaddr,
  decodeSocktuple,
  formatIpv6,
  sockaddrText,
  socktupleText,
  splitNulStrings,
} from '../../src/state/decode/index.js';
import { concatenatePaths, resolveCwd } from '../../src/state/paths.js';
import { ip6, sock } from './helpers.js';

describe('decoders', () => {
  it('sockaddr and socktuple, IPv4 / IPv6 / unix, with libsinsp text', () => {
    assert.deepEqual(decodeSockaddr(sock.addr4('1.2.3.4', 1234)), { family: 2, ip: '1.2.3.4', port: 1234 });
    assert.equal(sockaddrText(decodeSockaddr(sock.addrUnix('/tmp/s'))), '/tmp/s');
    assert.equal(
      socktupleText(decodeSocktuple(sock.tuple4('1.2.3.4', 1234, '5.6.7.8', 80))),
      '1.2.3.4:1234->5.6.7.8:80',
    );
    assert.equal(socktupleText(decodeSocktuple(sock.tuple6('::1', 5, 'fe80::1:2', 6))), '::1:5->fe80::1:2:6');
    assert.equal(socktupleText(decodeSocktuple(sock.tupleUnix(0x1an, 0x2bn, '/x'))), '1a->2b /x');
    assert.equal(decodeSocktuple(Buffer.alloc(0)), undefined);
    assert.equal(socktupleText(decodeSocktuple(Buffer.from([17, 0, 0]))), 'family 17');
    assert.throws(() => decodeSockaddr(Buffer.from([10, 1])), /IPv6 sockaddr: 2 bytes, at least 19 needed/);
  });

  it('IPv6 text is canonical like inet_ntop', () => {
    const f = (s: string) => formatIpv6(Uint8Array.from(ip6(s)), 0);
    assert.equal(f('2001:db8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(f('0:0:0:0:0:0:0:0'), '::');
    assert.equal(f('2001:db8:0:1:0:0:0:1'), '2001:db8:0:1::1');
    assert.equal(f('1:0:2:3:4:5:6:7'), '1:0:2:3:4:5:6:7');
    assert.equal(f('::ffff:10.1.2.3'), '::ffff:10.1.2.3');
  });

  it('NUL-separated strings, cgroups and fd lists', () => {
    assert.deepEqual(splitNulStrings(Buffer.from('a\0bc\0\0d\0')), ['a', 'bc', '', 'd']);
    assert.deepEqual(splitNulStrings(Buffer.from('tail')), ['tail']);
    assert.deepEqual(decodeCgroups(Buffer.from('cpu=/docker/x\0memory=/\0')), [
      ['cpu', '/docker/x'],
      ['memory', '/'],
    ]);
    const fl = Buffer.alloc(2 + 20);
    fl.writeUInt16LE(2, 0);
    fl.writeBigInt64LE(3n, 2);
    fl.writeInt16LE(1, 10);
    fl.writeBigInt64LE(7n, 12);
    fl.writeInt16LE(4, 20);
    assert.deepEqual(decodeFdList(fl), [
      { fd: 3, flags: 1 },
      { fd: 7, flags: 4 },
    ]);
    assert.throws(() => decodeFdList(fl.subarray(0, 15)), /2 entries need 22 bytes, got 15/);
  });

  it('paths resolve like libsinsp concatenate_paths', () => {
    assert.equal(concatenatePaths('/foo/', '..//a'), '/a');
    assert.equal(concatenatePaths('foo/', '..//a'), 'a');
    assert.equal(concatenatePaths('/', '../'), '/');
    assert.equal(concatenatePaths('a/', '../'), '');
    assert.equal(concatenatePaths('', '..'), '');
    assert.equal(concatenatePaths('', './dir/term'), 'dir/term');
    assert.equal(concatenatePaths('/', '//dir//////term'), '/dir/term');
    assert.equal(concatenatePaths('../.../', 'dir/././././../../.../term/'), '../.../term');
    assert.equal(concatenatePaths('/x/', '/app/custom/dir/././././../../term/'), '/app/term');
    assert.equal(concatenatePaths('C'.repeat(1500), 'dir/term'), '/DIR_TOO_LONG/FILENAME_TOO_LONG');
    assert.equal(resolveCwd('/home/u/', '..'), '/home/');
    assert.equal(resolveCwd('/', '/'), '/');
  });
});
