// Values libsinsp reads as "not available" or fills in itself, as `sysdig -p` shows them on the
// real captures (test/differential): vtid/vpid of -1, a thread without cgroups, the host's
// container type, and evt.reltime from the first event of the stream.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enc } from '../../../src/events/encodeEvent.js';
import { event, extract, FakeState, thread, TS } from './fixtures.js';

const openX = (state: FakeState, ts = TS) =>
  event({
    code: 'PPME_SYSCALL_OPEN_X',
    params: [enc.i64(3), enc.str('/etc/ld.so.cache'), enc.u32(1), enc.u32(0), enc.u32(0), enc.u64(0)],
    state,
    ts,
  });

describe('unset values', () => {
  it('thread.vtid and proc.vpid of -1 (never recorded) are not available', () => {
    const state = new FakeState().add(thread({ vtid: -1, vpid: -1 }));
    const evt = openX(state);
    assert.equal(extract('thread.vtid', evt), undefined);
    assert.equal(extract('proc.vpid', evt), undefined);
    const known = openX(new FakeState().add(thread({ vtid: 5, vpid: 5 })));
    assert.equal(extract('thread.vtid', known), 5);
    assert.equal(extract('proc.vpid', known), 5);
  });

  it('thread.cgroups of a thread without cgroups is not available, not an empty text', () => {
    const evt = openX(new FakeState().add(thread({ cgroups: [] })));
    assert.equal(extract('thread.cgroups', evt), undefined);
  });

  it("container.type of a host process is 'host'", () => {
    const evt = openX(new FakeState().add(thread({ containerId: '' })));
    assert.equal(extract('container.type', evt), 'host');
  });

  it('evt.reltime counts from the first event of the stream; unknown without a state', () => {
    const state = new FakeState().add(thread());
    Object.assign(state, { firstEventTs: TS - 11_286_728_911n });
    const evt = openX(state);
    assert.equal(extract('evt.reltime', evt), 11_286_728_911n);
    assert.equal(extract('evt.reltime.s', evt), 11n);
    assert.equal(extract('evt.reltime.ns', evt), 286_728_911n);
    const alone = event({ code: 'PPME_SYSCALL_CLOSE_X', params: [enc.i64(0)], thread: null });
    assert.equal(extract('evt.reltime', alone), undefined);
  });
});
