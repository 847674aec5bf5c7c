// Every syscall field the official Falco rules use is extracted (except the DNS-name fields, which
// need reverse lookups Kestrel does not do), and extraction of each from a real-looking event works.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enc } from '../../../src/events/encodeEvent.js';
import { isExtracted } from '../../../src/fields/syscall/extract/bind.js';
import { SyscallSource } from '../../../src/sources/syscall/syscallSource.js';
import { collectCorpusFieldRefs } from '../corpusFields.js';
import { event, FakeState, fileFd, thread } from './fixtures.js';

const source = new SyscallSource();
const DNS_FIELDS = new Set(['fd.cip.name', 'fd.sip.name', 'fd.lip.name', 'fd.rip.name']);

describe('fields of the official rules', () => {
  const refs = collectCorpusFieldRefs().filter((r) => !r.name.startsWith('ka.') && !r.name.startsWith('jevt.'));

  it('are all extracted, DNS names aside', () => {
    const missing = refs.filter((r) => !DNS_FIELDS.has(r.name) && !isExtracted(source.resolveField(r, r.usage)));
    assert.deepEqual(
      missing.map((r) => `${r.name} (${r.where})`),
      [],
    );
  });

  it('extract without throwing from an execve-like event of a shell in a container-less host', () => {
    const state = new FakeState()
      .add(thread({ tid: 1, pid: 1, ptid: 0, comm: 'systemd' }))
      .add(thread({ tid: 11310, pid: 11310, ptid: 1, comm: 'bash' }))
      .add(thread(), [fileFd(3, '/etc/shadow')]);
    const evt = event({
      code: 'PPME_SYSCALL_OPEN_X',
      params: [enc.i64(3), enc.str('/etc/shadow'), enc.u32(1), enc.u32(0), enc.u32(0), enc.u64(0)],
      state,
      fdNum: 3,
    });
    for (const r of refs) {
      const extractor = source.bindField(r, r.usage);
      assert.doesNotThrow(() => extractor(evt), r.name);
    }
  });
});
