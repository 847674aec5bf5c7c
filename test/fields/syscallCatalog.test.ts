import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONTAINER_PLUGIN, SYSCALL_FIELD_CLASSES } from '../../src/fields/syscall/index.js';
import type { FieldDef } from '../../src/fields/types.js';

const FIELD_TYPES = new Set([
  'CHARBUF',
  'BYTEBUF',
  'FSPATH',
  'FSRELPATH',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'DOUBLE',
  'BOOL',
  'RELTIME',
  'ABSTIME',
  'IPADDR',
  'IPNET',
  'PORT',
  'L4PROTO',
  'SOCKFAMILY',
  'MODE',
  'FLAGS32',
  'SYSCALLID',
  'ERRNO',
  'FD',
  'PID',
  'UID',
  'GID',
  'SIGTYPE',
  'DYNAMIC',
]);

const allFields: FieldDef[] = SYSCALL_FIELD_CLASSES.flatMap((c) => c.fields);
const byName = new Map(allFields.map((f) => [f.name, f]));

describe('syscall field catalog', () => {
  test('has the classes libsinsp registers, in its order, then the container plugin', () => {
    assert.deepEqual(
      SYSCALL_FIELD_CLASSES.map((c) => c.name),
      ['evt', 'evt', 'process', 'user', 'group', 'fd', 'fs.path', 'util', 'fdlist', 'container'],
    );
    for (const c of SYSCALL_FIELD_CLASSES) assert.equal(c.source, 'syscall');
    assert.equal(SYSCALL_FIELD_CLASSES.at(-1)?.plugin, 'container');
  });

  test('field names are unique and well-formed', () => {
    assert.equal(byName.size, allFields.length);
    for (const f of allFields) assert.match(f.name, /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, f.name);
    assert.ok(allFields.length > 250, `${allFields.length} fields`);
  });

  test('every field has a known type', () => {
    for (const f of allFields) assert.ok(FIELD_TYPES.has(f.type), `${f.name}: ${f.type}`);
  });

  test('descriptions are present, and nearly all distinct', () => {
    for (const f of allFields) assert.ok(f.desc.trim().length >= 10, f.name);
    const distinct = new Set(allFields.map((f) => f.desc));
    // Only the placeholders of fields the container plugin no longer fills repeat themselves.
    const repeated = allFields.length - distinct.size;
    assert.ok(repeated <= 6, `${repeated} repeated descriptions`);
    for (const c of SYSCALL_FIELD_CLASSES) assert.ok(c.desc.length > 0, c.name);
  });

  test('descriptions are not libsinsp wording', () => {
    const upstream = [
      "The name of the event (e.g. 'open').",
      'the unique number identifying the file descriptor.',
      'The id of the process generating the event.',
      'user name.',
      "Container label. E.g. 'container.label.foo'.",
    ];
    const descs = new Set(allFields.map((f) => f.desc));
    for (const u of upstream) assert.ok(!descs.has(u), u);
  });

  test('argument specs accept an index or a key', () => {
    for (const f of allFields) if (f.arg) assert.ok(f.arg.index || f.arg.key, f.name);
    assert.deepEqual(byName.get('proc.aname')?.arg, { required: false, index: true, key: false });
    assert.equal(byName.get('evt.arg')?.arg?.dotted, true);
    assert.equal(byName.get('container.mount.dest')?.arg?.required, true);
    assert.equal(byName.get('fd.types')?.isList, true);
  });

  test('flags follow libsinsp for the notable fields', () => {
    for (const name of ['fd.ip', 'fd.port', 'fd.proto', 'fd.net', 'fd.cnet', 'fd.snet', 'fd.lnet', 'fd.rnet']) {
      assert.equal(byName.get(name)?.filterOnly, true, name);
      assert.equal(byName.get(name)?.noRhs, true, name);
    }
    for (const name of ['evt.dir', 'evt.latency', 'evt.wait_latency', 'k8s.rc.name', 'container.healthcheck']) {
      assert.equal(byName.get(name)?.deprecated, true, name);
    }
    assert.equal(byName.get('evt.outputtime')?.printOnly, true);
    assert.equal(byName.get('evt.rawarg')?.type, 'DYNAMIC');
    assert.equal(byName.get('thread.nametid')?.hidden, true);
    assert.equal(byName.get('k8s.ns.name')?.deprecated, undefined);
  });

  test('the container plugin suggests the same output fields as upstream', () => {
    const suggested = allFields.filter((f) => f.suggestedOutput).map((f) => f.name);
    assert.deepEqual(suggested, [
      'container.id',
      'container.name',
      'container.image.repository',
      'container.image.tag',
      'k8s.pod.name',
      'k8s.ns.name',
    ]);
  });

  test('the built-in container plugin satisfies the rules requirement container >= 0.4.0', () => {
    const [major, minor, patch] = CONTAINER_PLUGIN.version.split('.').map(Number);
    // Falco's plugin version check: same major, and not older than required.
    assert.equal(major, 0);
    assert.ok(minor > 4 || (minor === 4 && patch >= 0));
    assert.deepEqual([...CONTAINER_PLUGIN.extractSources], ['syscall']);
  });
});
