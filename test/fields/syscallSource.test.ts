import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeEvent } from '../../src/events/encodeEvent.js';
import { FieldError } from '../../src/fields/types.js';
import { invalidFormattingTokenMessage, UnknownFieldError } from '../../src/sources/syscall/fieldErrors.js';
import { SyscallEvent } from '../../src/sources/syscall/syscallEvent.js';
import { fieldRefText, SyscallSource } from '../../src/sources/syscall/syscallSource.js';

const source = new SyscallSource();

function fails(name: string, arg: string | undefined, message: string, usage: 'filter' | 'output' = 'filter') {
  assert.throws(
    () => source.bindField({ name, arg }, usage),
    (err: unknown) => err instanceof FieldError && err.message === message,
    `${name}${arg === undefined ? '' : `[${arg}]`} should fail with: ${message}`,
  );
}

describe('SyscallSource', () => {
  test('is the syscall source, typing events by their id and timestamp', () => {
    assert.equal(source.name, 'syscall');
    const evt = new SyscallEvent().set(encodeEvent({ type: 293, ts: 5n, tid: 1, params: [] }), 0);
    assert.equal(source.eventTypeOf(evt), 293);
    assert.equal(source.timestampOf(evt), 5n);
    assert.ok(source.fieldClasses.length >= 9);
  });

  test('findField resolves plain names and names carrying arguments', () => {
    assert.equal(source.findField('proc.name')?.name, 'proc.name');
    assert.equal(source.findField('evt.arg')?.name, 'evt.arg');
    assert.equal(source.findField('evt.arg.fd')?.name, 'evt.arg');
    assert.equal(source.findField('evt.arg[0]')?.name, 'evt.arg');
    assert.equal(source.findField('evt.rawarg.res')?.name, 'evt.rawarg');
    assert.equal(source.findField('proc.aname[3]')?.name, 'proc.aname');
    assert.equal(source.findField('thread.cgroup.cpuacct')?.name, 'thread.cgroup');
    assert.equal(source.findField('evt.type.is.open')?.name, 'evt.type.is');
    assert.equal(source.findField('container.mount.dest[/proc*]')?.name, 'container.mount.dest');
    assert.equal(source.findField('proc.nme'), undefined);
    assert.equal(source.findField('evt.arg.no_such_param'), undefined);
  });

  test('resolveField reports the argument libsinsp would use', () => {
    assert.deepEqual(source.resolveField({ name: 'proc.aname', arg: '2' }).arg, { kind: 'index', index: 2 });
    assert.deepEqual(source.resolveField({ name: 'proc.env', arg: 'HOME' }).arg, { kind: 'key', key: 'HOME' });
    assert.deepEqual(source.resolveField({ name: 'evt.arg.flags' }).arg, {
      kind: 'param',
      name: 'flags',
      paramType: 'PT_FLAGS32',
    });
    assert.deepEqual(source.resolveField({ name: 'evt.type.is.open' }).arg, { kind: 'eventType', ids: [2, 3] });
    assert.deepEqual(source.resolveField({ name: 'evt.around', arg: '1404996934793590564' }).arg, {
      kind: 'timestamp',
      ts: 1404996934793590564n,
    });
    assert.deepEqual(source.resolveField({ name: 'container.mount.dest', arg: '0' }).arg, { kind: 'index', index: 0 });
    assert.deepEqual(source.resolveField({ name: 'container.mount.dest', arg: '/var/run/docker.sock' }).arg, {
      kind: 'key',
      key: '/var/run/docker.sock',
    });
    assert.equal(source.resolveField({ name: 'evt.abspath.dst' }).text, 'evt.abspath.dst');
  });

  test('evt.rawarg takes the type of the parameter it names', () => {
    assert.equal(source.resolveField({ name: 'evt.rawarg.res' }).type, 'ERRNO');
    assert.equal(source.resolveField({ name: 'evt.rawarg.fd' }).type, 'FD');
    assert.equal(source.resolveField({ name: 'evt.rawarg.addr' }).type, 'DYNAMIC');
  });

  test('an empty bracket argument counts as no argument, as in libsinsp', () => {
    assert.equal(fieldRefText({ name: 'proc.aname', arg: '' }), 'proc.aname');
    assert.equal(source.resolveField({ name: 'proc.aname', arg: '' }).arg, undefined);
  });

  test('output tokens are read as the formatter reads them', () => {
    const match = source.matchOutputToken('proc.name user=%user.name');
    assert.equal(match?.field.name, 'proc.name');
    assert.equal(match?.consumed, 'proc.name'.length);
    assert.equal(source.matchOutputToken('not_a_field rest'), undefined);
    assert.equal(invalidFormattingTokenMessage('proc.cap_permitted'), 'invalid formatting token proc.cap_permitted');
  });
});

describe('SyscallSource.bindField rejects bad references with libsinsp messages', () => {
  test('unknown fields', () => {
    fails('proc.nme', undefined, 'filter_check called with nonexistent field proc.nme');
    fails('container.idd', undefined, 'filter_check called with nonexistent field container.idd');
    fails('evt.typo', undefined, 'filter_check called with nonexistent field evt.typo');
    fails('evt.type.is.not_an_event', undefined, 'filter_check called with nonexistent field evt.type.is.not_an_event');
    fails('evt.arg.namefoo', undefined, 'filter_check called with nonexistent field evt.arg.namefoo');
    assert.throws(() => source.bindField({ name: 'nothing.here' }), UnknownFieldError);
  });

  test('an argument given to a built-in field taking none', () => {
    fails('proc.name', '1', 'filter_check called with nonexistent field proc.name[1]');
    fails('fd.name', 'x', 'filter_check called with nonexistent field fd.name[x]');
  });

  test('a bad ancestor level makes the field unknown', () => {
    fails('proc.aname', 'x', 'filter_check called with nonexistent field proc.aname[x]');
    fails('proc.apid', '1.5', 'filter_check called with nonexistent field proc.apid[1.5]');
  });

  test('missing required arguments', () => {
    fails('evt.arg', undefined, 'filter syntax error: evt.arg');
    fails('evt.rawarg', undefined, 'filter syntax error: evt.rawarg');
    fails('evt.around', undefined, 'filter syntax error: evt.around');
    fails('evt.type.is', undefined, 'filter syntax error: evt.type.is');
    fails('thread.cgroup', undefined, 'filter syntax error: thread.cgroup');
    fails(
      'container.mount.dest',
      undefined,
      "filter 'container.mount.dest': container.mount.dest requires an argument but none provided",
    );
    fails('k8s.pod.label', undefined, "filter 'k8s.pod.label': k8s.pod.label requires an argument but none provided");
  });

  test('malformed arguments', () => {
    fails('evt.arg', 'fd', 'fd is not a valid number');
    fails('evt.arg.no_such_param', undefined, 'unknown event argument no_such_param');
    fails('evt.rawarg', '0', 'evt.arg fields must be expressed explicitly');
    fails('evt.around', 'soon', 'soon is not a valid number');
    fails('evt.around.x', undefined, 'wrong syntax for evt.around');
    fails('fd.types', 'stdout', 'stdout is not a valid number');
    fails('thread.cgroup', 'cpu', 'filter syntax error: thread.cgroup[cpu]');
  });

  test('arguments given to plugin fields taking none', () => {
    fails(
      'container.id',
      '1',
      "filter 'container.id[1]': container.id does not allow nor require an argument but one is provided: 1",
    );
  });

  test('filter-only fields in outputs', () => {
    fails('fd.ip', undefined, 'fd.ip is filter only and cannot be used as a display field', 'output');
    fails('fd.net', undefined, 'fd.net is filter only and cannot be used as a display field', 'output');
    assert.doesNotThrow(() => source.bindField({ name: 'fd.ip' }, 'filter'));
  });

  test('the reserved arg prefix', () => {
    fails('args.x', undefined, 'filter error: proc.arg filter not implemented yet');
  });
});
