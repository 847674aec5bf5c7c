import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from './helpers/compile.js';

const is = (text: string, evt: Record<string, unknown>, expected: boolean) =>
  assert.equal(evaluate(text, evt as never), expected, text);

describe('transformers', () => {
  test('tolower / toupper fold ASCII only', () => {
    is('tolower(proc.name) = bash', { 'proc.name': 'BaSh' }, true);
    is('toupper(proc.name) = BASH', { 'proc.name': 'BaSh' }, true);
    is('tolower(proc.name) = "é"', { 'proc.name': 'É' }, false);
  });

  test('basename', () => {
    is('basename(fd.name) = passwd', { 'fd.name': '/etc/passwd' }, true);
    is('basename(fd.name) = ""', { 'fd.name': '/etc/' }, true);
    is('basename(proc.name) = bash', { 'proc.name': 'bash' }, true);
  });

  test('b64 decodes (padding optional); undecodable values are missing', () => {
    is('b64(proc.cmdline) = hello', { 'proc.cmdline': 'aGVsbG8=' }, true);
    is('b64(proc.cmdline) = hello', { 'proc.cmdline': 'aGVsbG8' }, true);
    is('b64(proc.cmdline) exists', { 'proc.cmdline': 'not base64!' }, false);
    is('b64(evt.buffer) bcontains 68656c6c6f', { 'evt.buffer': new Uint8Array(Buffer.from('aGVsbG8=')) }, true);
  });

  test('len: string bytes, buffer bytes, list size', () => {
    is('len(proc.cmdline) = 5', { 'proc.cmdline': 'hello' }, true);
    is('len(proc.cmdline) = 2', { 'proc.cmdline': 'é' }, true);
    is('len(proc.cmdline) > 1000', { 'proc.cmdline': 'x'.repeat(1001) }, true);
    is('len(evt.buffer) = 3', { 'evt.buffer': new Uint8Array(3) }, true);
    is('len(proc.args) = 2', { 'proc.args': ['a', 'b'] }, true);
    is('len(proc.args) = 0', { 'proc.args': [] }, true);
  });

  test('transformers apply to each value of a list', () => {
    is('tolower(proc.args) in (a, b)', { 'proc.args': ['A', 'b'] }, true);
    is(
      'tolower(ka.req.pod.containers.image) intersects (nginx)',
      { 'ka.req.pod.containers.image': ['NGINX', 'x'] },
      true,
    );
  });

  test('nested transformers', () => {
    is('toupper(basename(fd.name)) = PASSWD', { 'fd.name': '/etc/passwd' }, true);
    is('len(basename(fd.name)) = 6', { 'fd.name': '/etc/passwd' }, true);
  });

  test('join and concat', () => {
    is('join(",", proc.args) = "a,b,c"', { 'proc.args': ['a', 'b', 'c'] }, true);
    is('join(",", proc.args) = ""', { 'proc.args': [] }, true);
    is('concat(proc.name, "-", proc.pname) = "a-b"', { 'proc.name': 'a', 'proc.pname': 'b' }, true);
    is('concat(proc.name, "-", proc.pname) exists', { 'proc.name': 'a' }, false);
    is('join("/", (proc.name, "x", proc.pname)) = "a/x/b"', { 'proc.name': 'a', 'proc.pname': 'b' }, true);
  });

  test('getopt lists options and values like getopt(3)', () => {
    const args = { 'proc.args': ['-nt', 'val', '-x', '--long', '-a', 'rest', '-n'] };
    is('join(" ", getopt(proc.args, "nt:a")) = "n t val ? a"', args, true);
    is('getopt(proc.args, "nt:a")[t] = val', args, true);
    is('getopt(proc.args, "nt:a")[n] = n', args, true);
    is('getopt(proc.args, "nt:a")[z] exists', args, false);
    is('getopt(proc.args, "t:")[t] = ""', { 'proc.args': ['-t'] }, true);
    is('getopt(proc.args, "t:")[t] = inline', { 'proc.args': ['-tinline'] }, true);
    is('join(",", getopt(proc.args, "ab")) = "a"', { 'proc.args': ['-a', '--', '-b'] }, true);
  });

  test('getopt reads the optstring from a field too', () => {
    is('getopt(proc.args, proc.name)[x] = 1', { 'proc.args': ['-x1'], 'proc.name': 'x:' }, true);
  });
});

describe('comparisons with another field', () => {
  test('val() compares with another field of the same event', () => {
    is('proc.name = val(proc.pname)', { 'proc.name': 'a', 'proc.pname': 'a' }, true);
    is('proc.name != val(proc.pname)', { 'proc.name': 'a', 'proc.pname': 'b' }, true);
    is('proc.cmdline contains val(proc.name)', { 'proc.cmdline': 'run bash -c', 'proc.name': 'bash' }, true);
    is('proc.cmdline icontains val(proc.name)', { 'proc.cmdline': 'run BASH -c', 'proc.name': 'bash' }, true);
    is('proc.cmdline startswith val(proc.name)', { 'proc.cmdline': 'bash -c', 'proc.name': 'bash' }, true);
    is('proc.name glob val(proc.pname)', { 'proc.name': 'bash', 'proc.pname': 'b*' }, true);
    is('proc.name in val(proc.pname)', { 'proc.name': 'bash', 'proc.pname': 'bash' }, true);
  });

  test('numbers, addresses and lists', () => {
    is('proc.pid > val(proc.vpid)', { 'proc.pid': 10, 'proc.vpid': 1n }, true);
    is('proc.pid = val(proc.vpid)', { 'proc.pid': 10n, 'proc.vpid': 10 }, true);
    is('fd.sip = val(fd.cip)', { 'fd.sip': '::1', 'fd.cip': '0::1' }, true);
    is('fd.sip != val(fd.cip)', { 'fd.sip': '1.1.1.1', 'fd.cip': '1.1.1.1' }, false);
    is('proc.args in val(proc.env)', { 'proc.args': ['a'], 'proc.env': ['a', 'b'] }, true);
    is('proc.args in val(proc.env)', { 'proc.args': ['a', 'c'], 'proc.env': ['a', 'b'] }, false);
    is('proc.args intersects val(proc.env)', { 'proc.args': ['c', 'b'], 'proc.env': ['a', 'b'] }, true);
  });

  test('a transformer written on the right-hand side', () => {
    is('proc.name = tolower(proc.pname)', { 'proc.name': 'bash', 'proc.pname': 'BASH' }, true);
  });
});
