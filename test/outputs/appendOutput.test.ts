import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AppendOutputEntry,
  applyAppendOutput,
  CONTAINER_INFO_DEPRECATION,
  compileExtraFields,
  suggestedFieldFormat,
  suggestedOutputFields,
} from '../../src/outputs/appendOutput.js';
import { OutputFormatError } from '../../src/outputs/format.js';
import { fakeEvent, fakeSource } from './fakeSource.js';

function entry(e: Partial<AppendOutputEntry>): AppendOutputEntry {
  return { tags: [], suggestedOutput: false, formattedFields: [], rawFields: [], ...e };
}

const rule = {
  name: 'Write below etc',
  source: 'syscall',
  tags: ['filesystem', 'mitre_persistence'],
  output: 'File opened',
};

describe('applyAppendOutput', () => {
  test('appends extra_output of matching entries, in order', () => {
    const out = applyAppendOutput(rule, [
      entry({ extraOutput: 'on CPU %evt.cpu' }),
      entry({ source: 'k8s_audit', extraOutput: 'no' }),
      entry({ source: 'syscall', tags: ['filesystem'], extraOutput: 'fs' }),
      entry({ tags: ['filesystem', 'network'], extraOutput: 'no: the rule lacks a tag' }),
      entry({ rule: 'Write below etc', extraOutput: 'by name' }),
      entry({ rule: 'Other rule', extraOutput: 'no' }),
    ]);
    assert.equal(out.output, 'File opened on CPU %evt.cpu fs by name');
    assert.deepEqual(out.extraFields, []);
  });

  test('suggested fields of the rule source', () => {
    const source = fakeSource('syscall');
    assert.deepEqual(suggestedOutputFields(source), ['proc.name', 'container.id']);
    const out = applyAppendOutput(rule, [entry({ suggestedOutput: true })], () => suggestedOutputFields(source));
    assert.equal(out.output, 'File opened proc_name=%proc.name container_id=%container.id');
    assert.equal(suggestedFieldFormat('k8s.ns.name'), 'k8s_ns_name=%k8s.ns.name');
  });

  test('suggested fields the output already shows are not repeated', () => {
    const source = fakeSource('syscall');
    const shown = { ...rule, output: 'File opened by %proc.name (%container.id.more)' };
    const out = applyAppendOutput(shown, [entry({ suggestedOutput: true })], () => suggestedOutputFields(source));
    assert.equal(out.output, 'File opened by %proc.name (%container.id.more) container_id=%container.id');
    const paren = applyAppendOutput({ ...rule, output: 'x %(container.id)' }, [entry({ suggestedOutput: true })], () =>
      suggestedOutputFields(source),
    );
    assert.equal(paren.output, 'x %(container.id) proc_name=%proc.name');
  });

  test('extra fields: formatted and raw, later entries override', () => {
    const out = applyAppendOutput(rule, [
      entry({ formattedFields: [['home', '${HOME}']], rawFields: ['proc.pid'] }),
      entry({ formattedFields: [['home', 'x=%proc.name']] }),
    ]);
    assert.deepEqual(out.extraFields, [
      { key: 'home', format: 'x=%proc.name', raw: false },
      { key: 'proc.pid', format: '%proc.pid', raw: true },
    ]);
  });

  test('%container.info is deprecated and removed', () => {
    const out = applyAppendOutput({ ...rule, output: 'x %container.info y' }, []);
    assert.equal(out.output, 'x  y');
    assert.equal(out.usedContainerInfo, true);
    assert.match(CONTAINER_INFO_DEPRECATION, /^%container\.info is deprecated/);
  });
});

describe('compileExtraFields', () => {
  const source = fakeSource('syscall');

  test('raw fields keep their JSON type, formatted ones are text', () => {
    const fields = compileExtraFields(
      [
        { key: 'proc.pid', format: '%proc.pid', raw: true },
        { key: 'who', format: 'name=%proc.name port=%fd.cport', raw: false },
      ],
      source,
    );
    const evt = fakeEvent({ 'proc.pid': 42, 'proc.name': 'cat' });
    assert.deepEqual(
      fields.map((f) => [f.key, f.value(evt)]),
      [
        ['proc.pid', 42],
        ['who', 'name=cat port=<NA>'],
      ],
    );
  });

  test('an invalid extra field format is an output compile error', () => {
    assert.throws(
      () => compileExtraFields([{ key: 'x', format: '%nope.nope', raw: false }], source),
      (e: unknown) => e instanceof OutputFormatError && e.message === 'invalid formatting token nope.nope',
    );
  });
});
