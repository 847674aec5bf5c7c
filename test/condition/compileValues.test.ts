import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from './helpers/compile.js';

const is = (text: string, evt: Record<string, unknown>, expected: boolean) =>
  assert.equal(
    evaluate(text, evt as never),
    expected,
    `${text} on ${JSON.stringify(evt, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
  );

describe('numeric comparisons', () => {
  test('all orderings on signed and unsigned fields', () => {
    const evt = { 'proc.pid': 42, 'user.uid': 1000 };
    is('proc.pid = 42', evt, true);
    is('proc.pid != 42', evt, false);
    is('proc.pid < 43', evt, true);
    is('proc.pid <= 42', evt, true);
    is('proc.pid > 42', evt, false);
    is('proc.pid >= 42', evt, true);
    is('user.uid > 999', evt, true);
    is('proc.pid = +42', evt, true);
    is('proc.pid > -1', evt, true);
  });

  test('64-bit values as bigint or number compare exactly', () => {
    is('evt.num = 18446744073709551615', { 'evt.num': 18446744073709551615n }, true);
    is('evt.num > 9007199254740993', { 'evt.num': 9007199254740994n }, true);
    is('evt.num < 9007199254740993', { 'evt.num': 5 }, true);
    is('proc.pid = 42', { 'proc.pid': 42n }, true);
  });

  test('literals wrap and truncate to the field width like libsinsp (sscanf then a cast)', () => {
    is('user.uid = -1', { 'user.uid': 4294967295 }, true);
    is('evt.num = -1', { 'evt.num': 18446744073709551615n }, true);
    is('k.i8 = 255', { 'k.i8': -1 }, true);
    is('k.u16 = 65537', { 'k.u16': 1 }, true);
    is('proc.pid = 99999999999999999999', { 'proc.pid': 9223372036854775807n }, true);
  });

  test('in with numbers', () => {
    is('proc.pid in (1, 2, 42)', { 'proc.pid': 42 }, true);
    is('proc.pid in (1, 2)', { 'proc.pid': 42 }, false);
    is('evt.num in (18446744073709551615)', { 'evt.num': 18446744073709551615n }, true);
    is('proc.pid in (42)', { 'proc.pid': 42n }, true);
  });

  test('other integer types: FD, ERRNO, MODE, FLAGS32, SIGTYPE, RELTIME, ABSTIME', () => {
    is('fd.num >= 0', { 'fd.num': 3 }, true);
    is('k.errno = -2', { 'k.errno': -2 }, true);
    is('fs.mode = 493', { 'fs.mode': 493 }, true);
    is('k.flags != 0', { 'k.flags': 4 }, true);
    is('k.sig = 9', { 'k.sig': 9 }, true);
    is('evt.latency > 1000', { 'evt.latency': 2000n }, true);
    is('k.abstime < 5', { 'k.abstime': 1 }, true);
  });

  test('doubles', () => {
    is('proc.cpu > 0.5', { 'proc.cpu': 0.75 }, true);
    is('proc.cpu = 1e+2', { 'proc.cpu': 100 }, true);
    is('proc.cpu in (1.5, 2)', { 'proc.cpu': 2 }, true);
  });

  test('ports: numbers and service names', () => {
    is('fd.sport = 443', { 'fd.sport': 443 }, true);
    is('fd.sport = https', { 'fd.sport': 443 }, true);
    is('fd.sport in (http, ssh)', { 'fd.sport': 22 }, true);
    is('fd.cport < 1024', { 'fd.cport': 1023 }, true);
  });
});

describe('booleans', () => {
  test('true/false against booleans and numbers', () => {
    is('evt.is_open_read = true', { 'evt.is_open_read': true }, true);
    is('evt.is_open_read = false', { 'evt.is_open_read': 1 }, false);
    is('evt.is_open_read != false', { 'evt.is_open_read': true }, true);
    is('evt.is_open_read in (true)', { 'evt.is_open_read': false }, false);
  });
});

describe('IP addresses and networks', () => {
  test('IPv4 and IPv6 addresses, as text or bytes', () => {
    is('fd.sip = 10.0.0.1', { 'fd.sip': '10.0.0.1' }, true);
    is('fd.sip = 10.0.0.1', { 'fd.sip': new Uint8Array([10, 0, 0, 1]) }, true);
    is('fd.sip != 10.0.0.1', { 'fd.sip': '10.0.0.2' }, true);
    is('fd.sip = "::1"', { 'fd.sip': '0:0:0:0:0:0:0:1' }, true);
    is('fd.sip = "2001:db8::1"', { 'fd.sip': '2001:DB8:0::1' }, true);
    is('fd.sip in (10.0.0.1, "::1")', { 'fd.sip': '::1' }, true);
  });

  test('families never compare equal', () => {
    is('fd.sip = 10.0.0.1', { 'fd.sip': '::ffff:a00:1' }, false);
    is('fd.sip != 10.0.0.1', { 'fd.sip': '::1' }, true);
  });

  test('networks contain addresses', () => {
    is('fd.net = 10.0.0.0/8', { 'fd.net': '10.1.2.3' }, true);
    is('fd.net = 10.0.0.0/8', { 'fd.net': '11.1.2.3' }, false);
    is('fd.net != 10.0.0.0/8', { 'fd.net': '11.1.2.3' }, true);
    is('fd.net = 0.0.0.0/0', { 'fd.net': '1.2.3.4' }, true);
    is('fd.net in (192.168.0.0/16, 10.0.0.0/8)', { 'fd.net': '10.9.9.9' }, true);
    is('fd.net = "2001:db8::/32"', { 'fd.net': '2001:db8:ffff::1' }, true);
    is('fd.net = "2001:db8::/33"', { 'fd.net': '2001:db8:8000::1' }, false);
    is('fd.net = 10.0.0.0/8', { 'fd.net': '::1' }, false);
  });
});

describe('byte buffers', () => {
  const buf = { 'evt.buffer': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x41]) };
  test('bcontains and bstartswith take hex', () => {
    is('evt.buffer bcontains 454c46', buf, true);
    is('evt.buffer bcontains 454C4603', buf, false);
    is('evt.buffer bstartswith 7f454c46', buf, true);
    is('evt.buffer bstartswith 454c', buf, false);
  });

  test('string operators compare the literal bytes', () => {
    is('evt.buffer contains ELF', buf, true);
    is('evt.buffer endswith A', buf, true);
    is('evt.buffer startswith ELF', buf, false);
    is('evt.buffer = ELF', { 'evt.buffer': new Uint8Array([0x45, 0x4c, 0x46]) }, true);
    is('evt.buffer != ELF', buf, true);
    is('evt.buffer in (ELF, x)', { 'evt.buffer': new Uint8Array([0x78]) }, true);
  });

  test('binary strings are read as bytes', () => {
    is('evt.buffer bcontains 4c46', { 'evt.buffer': '\x7fELF' }, true);
  });
});

describe('missing values', () => {
  test('a missing field makes every comparison false, != included', () => {
    for (const text of [
      'proc.name = x',
      'proc.name != x',
      'proc.name contains x',
      'proc.name in (x)',
      'proc.pid < 5',
      'proc.pid != 5',
      'fd.sip != 1.2.3.4',
      'proc.args in (a)',
      'proc.args intersects (a)',
      'proc.name exists',
      'proc.name = val(proc.pname)',
    ]) {
      is(text, {}, false);
    }
  });

  test('not inverts a false check on a missing field', () => {
    is('not proc.name = x', {}, true);
    is('not proc.name exists', {}, true);
  });

  test('a missing right-hand field makes the comparison false', () => {
    is('proc.name = val(proc.pname)', { 'proc.name': 'a' }, false);
    is('proc.name != val(proc.pname)', { 'proc.name': 'a' }, false);
  });
});

describe('list fields', () => {
  test('in: every value must be listed; an empty list value is trivially in', () => {
    is('proc.args in (a, b, c)', { 'proc.args': ['a', 'b'] }, true);
    is('proc.args in (a, b, c)', { 'proc.args': ['a', 'd'] }, false);
    is('proc.args in (a)', { 'proc.args': [] }, true);
  });

  test('intersects: at least one value must be listed', () => {
    is('proc.args intersects (x, b)', { 'proc.args': ['a', 'b'] }, true);
    is('proc.args intersects (x, y)', { 'proc.args': ['a', 'b'] }, false);
    is('proc.args intersects (x)', { 'proc.args': [] }, false);
  });

  test('exists holds for an extracted list, even an empty one', () => {
    is('proc.args exists', { 'proc.args': [] }, true);
  });

  test('numeric, bool and IP lists', () => {
    is('k.nums in (1, 2, 3)', { 'k.nums': [1, 3n] }, true);
    is('k.flagslist intersects (true)', { 'k.flagslist': [false, true] }, true);
    is('k.ips intersects (10.0.0.1)', { 'k.ips': ['1.1.1.1', '10.0.0.1'] }, true);
    is('k.nets in (10.0.0.0/8)', { 'k.nets': ['10.1.1.1', '10.2.2.2'] }, true);
    is('k.nets in (10.0.0.0/8)', { 'k.nets': ['10.1.1.1', '11.2.2.2'] }, false);
  });

  test('a source returning a lone value for a list field is treated as a one-element list', () => {
    is('proc.args in (a)', { 'proc.args': 'a' }, true);
  });
});

describe('boolean structure', () => {
  const evt = { 'proc.name': 'bash', 'proc.pid': 1 };
  test('and / or / not short-circuit and combine', () => {
    is('proc.name = bash and proc.pid = 1', evt, true);
    is('proc.name = bash and proc.pid = 2', evt, false);
    is('proc.name = sh or proc.pid = 1', evt, true);
    is('proc.name = sh or proc.pid = 2 or proc.name = x', evt, false);
    is('proc.name = bash and proc.pid = 1 and proc.name != x', evt, true);
    is('not (proc.name = sh or proc.pid = 2)', evt, true);
  });
});
