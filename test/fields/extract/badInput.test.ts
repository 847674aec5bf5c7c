// Every field of the syscall catalog binds and extracts without throwing, on a normal event, on
// an event with neither thread nor state nor fd, and on events whose bytes are broken (a
// parameter length running past the end, parameters missing): those yield undefined.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enc } from '../../../src/events/encodeEvent.js';
import { isExtracted } from '../../../src/fields/syscall/extract/bind.js';
import { SYSCALL_FIELD_CLASSES } from '../../../src/fields/syscall/index.js';
import type { FieldDef, FieldValue } from '../../../src/fields/types.js';
import { SyscallSource } from '../../../src/sources/syscall/syscallSource.js';
import { SyscallEvent } from '../../../src/sources/syscall/syscallEvent.js';
import { event, FakeState, fileFd, thread } from './fixtures.js';

const source = new SyscallSource();

/** A usable reference for each field: with an argument when it needs or takes one. */
function refsFor(f: FieldDef): Array<{ name: string; arg?: string }> {
  if (f.name === 'evt.arg') return [{ name: 'evt.arg.fd' }, { name: 'evt.arg', arg: '0' }];
  if (f.name === 'evt.rawarg') return [{ name: 'evt.rawarg.res' }, { name: 'evt.rawarg.name' }];
  if (f.name === 'evt.type.is') return [{ name: 'evt.type.is.open' }];
  if (f.name === 'evt.abspath') return [{ name: 'evt.abspath' }, { name: 'evt.abspath.dst' }];
  if (f.name === 'evt.around') return [{ name: 'evt.around', arg: '1000' }];
  if (f.name === 'thread.cgroup') return [{ name: 'thread.cgroup.cpu' }];
  if (!f.arg) return [{ name: f.name }];
  const refs: Array<{ name: string; arg?: string }> = [];
  if (!f.arg.required) refs.push({ name: f.name });
  if (f.arg.index) refs.push({ name: f.name, arg: '1' });
  if (f.arg.key)
    refs.push({ name: f.name, arg: f.name.startsWith('proc.env') || f.name === 'proc.aenv' ? 'HOME' : '/x*' });
  return refs;
}

const ALL_REFS = SYSCALL_FIELD_CLASSES.flatMap((c) => c.fields.flatMap(refsFor));

function extractAll(evt: SyscallEvent): Map<string, FieldValue> {
  const out = new Map<string, FieldValue>();
  for (const ref of ALL_REFS) {
    const label = ref.arg === undefined ? ref.name : `${ref.name}[${ref.arg}]`;
    const extractor = source.bindField(ref);
    out.set(label, extractor(evt));
  }
  return out;
}

/** An open exit whose second parameter claims more bytes than the event holds. */
function truncatedEvent(): SyscallEvent {
  const good = event({
    code: 'PPME_SYSCALL_OPEN_X',
    params: [enc.i64(3), enc.str('/etc/passwd'), enc.u32(1), enc.u32(0), enc.u32(0), enc.u64(0)],
  });
  const buf = Buffer.from(good.buf);
  buf.writeUInt16LE(0xfff0, 26 + 2); // length of parameter 1
  const evt = new SyscallEvent();
  evt.set(buf, 0);
  const state = new FakeState().add(thread(), [fileFd(3, '/etc/passwd')]);
  evt.state = state;
  evt.thread = state.thread(20072);
  evt.fdNum = 3;
  evt.fdInfo = state.fdTable(evt.thread!)?.get(3);
  return evt;
}

describe('syscall extraction never throws', () => {
  it(`binds all ${ALL_REFS.length} field references of the catalog`, () => {
    for (const ref of ALL_REFS) assert.doesNotThrow(() => source.bindField(ref), `${ref.name}[${ref.arg}]`);
  });

  it('extracts every field from a complete event', () => {
    const state = new FakeState().add(thread(), [fileFd(3, '/etc/passwd')]);
    const evt = event({
      code: 'PPME_SYSCALL_OPEN_X',
      params: [enc.i64(3), enc.str('/etc/passwd'), enc.u32(1), enc.u32(0), enc.u32(0), enc.u64(0)],
      state,
      fdNum: 3,
    });
    const values = extractAll(evt);
    assert.equal(values.get('proc.name'), 'cat');
    assert.equal(values.get('fd.name'), '/etc/passwd');
  });

  it('an event without thread, state or fd yields undefined for the fields that need them', () => {
    const evt = event({ code: 'PPME_SYSCALL_CLOSE_E', params: [enc.i64(3)], thread: null });
    const values = extractAll(evt);
    for (const name of ['proc.name', 'proc.pname', 'proc.aname[1]', 'user.name', 'fd.name', 'fd.num', 'container.id']) {
      assert.equal(values.get(name), undefined, name);
    }
    assert.equal(values.get('evt.type'), 'close');
    assert.equal(values.get('evt.args'), 'fd=3');
  });

  it('a thread whose fd is unknown: fd fields undefined, the fd renders as its number', () => {
    const state = new FakeState().add(thread());
    const evt = event({ code: 'PPME_SYSCALL_CLOSE_E', params: [enc.i64(9)], state, fdNum: 9 });
    const values = extractAll(evt);
    assert.equal(values.get('fd.name'), undefined);
    assert.equal(values.get('fd.type'), undefined);
    assert.equal(values.get('evt.arg.fd'), '9');
    assert.equal(values.get('proc.name'), 'cat');
  });

  it('a parameter running past the end of the event: parameter fields undefined, header fields fine', () => {
    const evt = truncatedEvent();
    const values = extractAll(evt);
    for (const name of [
      'evt.args',
      'evt.arg.fd',
      'evt.arg[1]',
      'evt.rawarg.name',
      'evt.res',
      'evt.rawres',
      'evt.is_open_read',
    ]) {
      assert.equal(values.get(name), undefined, name);
    }
    assert.equal(values.get('evt.type'), 'open');
    assert.equal(values.get('proc.name'), 'cat');
  });

  it('an older event version with fewer parameters: missing ones are undefined', () => {
    const evt = event({ code: 'PPME_SYSCALL_OPEN_X', params: [enc.i64(3), enc.str('/etc/passwd')] });
    const values = extractAll(evt);
    assert.equal(values.get('evt.arg.flags'), undefined);
    assert.equal(values.get('evt.rawarg.name'), '/etc/passwd');
    assert.equal(values.get('evt.is_open_read'), false);
  });

  it('lists the fields Kestrel cannot extract', () => {
    const missing = ALL_REFS.filter((ref) => {
      const resolved = source.resolveField(ref);
      return !isExtracted(resolved);
    }).map((ref) => ref.name);
    assert.deepEqual([...new Set(missing)].sort(), [...new Set(EXPECTED_NOT_EXTRACTED)].sort());
  });
});

/** Fields whose data Kestrel's state does not have (each binder says why). */
const EXPECTED_NOT_EXTRACTED = [
  'evt.pluginname',
  'evt.plugininfo',
  'evt.around',
  'evt.infra.docker.name',
  'evt.infra.docker.container.id',
  'evt.infra.docker.container.name',
  'evt.infra.docker.container.image',
  'thread.exectime',
  'thread.totexectime',
  'proc.nthreads',
  'proc.nchilds',
  'thread.cpu',
  'thread.cpu.user',
  'thread.cpu.system',
  'fd.cip.name',
  'fd.sip.name',
  'fd.lip.name',
  'fd.rip.name',
  'container.healthcheck',
  'container.liveness_probe',
  'container.readiness_probe',
  'container.host_pid',
  'container.host_network',
  'container.host_ipc',
  'k8s.rc.name',
  'k8s.rc.id',
  'k8s.rc.label',
  'k8s.rc.labels',
  'k8s.svc.name',
  'k8s.svc.id',
  'k8s.svc.label',
  'k8s.svc.labels',
  'k8s.ns.id',
  'k8s.ns.label',
  'k8s.ns.labels',
  'k8s.rs.name',
  'k8s.rs.id',
  'k8s.rs.label',
  'k8s.rs.labels',
  'k8s.deployment.name',
  'k8s.deployment.id',
  'k8s.deployment.label',
  'k8s.deployment.labels',
];
