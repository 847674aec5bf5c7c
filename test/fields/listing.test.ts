import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderFieldCatalog } from '../../src/fields/listing.js';
import { SYSCALL_FIELD_CLASSES } from '../../src/fields/syscall/index.js';
import type { FieldClass } from '../../src/fields/types.js';

const SAMPLE: FieldClass[] = [
  {
    name: 'demo',
    source: 'syscall',
    shortDesc: 'Demo events',
    desc: 'Demonstration fields.',
    fields: [
      { name: 'demo.a', type: 'CHARBUF', desc: 'First field.' },
      { name: 'demo.b', type: 'UINT64', desc: 'Second field.', arg: { required: true, index: true, key: false } },
      { name: 'demo.old', type: 'BOOL', desc: 'Old field.', deprecated: true },
      { name: 'demo.table', type: 'BOOL', desc: 'Table field.', hidden: true },
      { name: 'demo.print', type: 'CHARBUF', desc: 'Print field.', printOnly: true },
      {
        name: 'demo.a_field_name_longer_than_thirty',
        type: 'CHARBUF',
        desc: 'Many words '.repeat(20).trim(),
        isList: true,
        noRhs: true,
      },
    ],
  },
  { name: 'hidden', source: 'syscall', desc: 'Never listed.', hidden: true, fields: [] },
  {
    name: 'demo',
    source: 'k8s_audit',
    shortDesc: 'Demo events',
    desc: 'Demonstration fields.',
    fields: [{ name: 'demo.a', type: 'CHARBUF', desc: 'First field.' }],
  },
  {
    name: 'shared',
    source: 'syscall',
    plugin: 'myplugin',
    desc: 'Plugin fields.',
    fields: [{ name: 'shared.x', type: 'BOOL', desc: 'Plugin field.' }],
  },
];

describe('renderFieldCatalog text', () => {
  const text = renderFieldCatalog(SAMPLE, 'text');

  test('lays classes out like falco --list', () => {
    const lines = text.split('\n');
    assert.equal(lines[0], '-------------------------------');
    assert.equal(lines[1], 'Field Class:                  demo (Demo events)');
    assert.equal(lines[2], 'Description:                  Demonstration fields. ');
    assert.equal(lines[3], 'Event Sources:                k8s_audit syscall ');
    assert.equal(lines[4], '');
    assert.equal(lines[5], 'demo.a                        First field. ');
    assert.equal(lines[6], 'demo.b                        (ARG_REQUIRED) Second field. ');
    assert.ok(text.includes('Field Class:                  myplugin (plugin)\n'));
  });

  test('wraps long descriptions at 120 columns, continuing under the description column', () => {
    const lines = text.split('\n');
    const at = lines.indexOf('demo.a_field_name_longer_than_thirty');
    assert.ok(at > 0);
    assert.ok(lines[at + 1].startsWith(`${' '.repeat(30)}(EPF_IS_LIST,EPF_NO_RHS) Many words`));
    assert.ok(lines[at + 2].startsWith(' '.repeat(30)));
    for (const line of lines) assert.ok(line.length <= 121, line);
  });

  test('leaves out deprecated, table-only, print-only fields and hidden classes', () => {
    assert.ok(!text.includes('demo.old'));
    assert.ok(!text.includes('demo.table'));
    assert.ok(!text.includes('demo.print'));
    assert.ok(!text.includes('Never listed'));
    assert.ok(renderFieldCatalog(SAMPLE, 'text', { includeDeprecated: true }).includes('(EPF_DEPRECATED) Old field.'));
  });

  test('prints each class once even when several sources offer it, and filters by source', () => {
    assert.equal(text.split('Field Class:                  demo').length - 1, 1);
    const k8s = renderFieldCatalog(SAMPLE, 'text', { source: 'k8s_audit' });
    assert.ok(k8s.includes('Event Sources:                k8s_audit \n'));
    assert.ok(!k8s.includes('demo.b'));
  });

  test('verbose adds types; names-only lists names', () => {
    assert.ok(renderFieldCatalog(SAMPLE, 'text', { verbose: true }).includes('(Type: UINT64) (ARG_REQUIRED) Second'));
    assert.equal(
      renderFieldCatalog(SAMPLE, 'text', { namesOnly: true }),
      'demo.a\ndemo.b\ndemo.a_field_name_longer_than_thirty\nshared.x\n',
    );
  });

  test('a class whose fields are all deprecated prints as an empty entry', () => {
    const onlyOld: FieldClass[] = [
      {
        name: 'old',
        source: 'syscall',
        desc: 'Old.',
        fields: [{ name: 'old.x', type: 'BOOL', desc: 'X.', deprecated: true }],
      },
    ];
    assert.equal(renderFieldCatalog(onlyOld, 'text'), '\n');
  });
});

describe('renderFieldCatalog markdown', () => {
  const md = renderFieldCatalog(SAMPLE, 'markdown');

  test('writes one table per class like falco --list --markdown', () => {
    assert.ok(
      md.startsWith(
        '## Field Class: demo\n\nDemonstration fields.\n\nEvent Sources: k8s_audit syscall \n\n' +
          'Name | Type | Description\n:----|:-----|:-----------\n`demo.a` | CHARBUF | First field.\n',
      ),
    );
    assert.ok(md.includes('`demo.a_field_name_longer_than_thirty` | LIST(CHARBUF) | Many words'));
    assert.ok(md.includes('## Field Class: myplugin (plugin)\n'));
    assert.ok(!md.includes('demo.old'));
  });
});

describe('renderFieldCatalog json', () => {
  test('gives classes with their sources and fields', () => {
    const parsed = JSON.parse(renderFieldCatalog(SAMPLE, 'json', { includeDeprecated: true }));
    assert.equal(parsed.length, 2);
    assert.deepEqual(parsed[0].sources, ['k8s_audit', 'syscall']);
    assert.equal(parsed[0].shortDesc, 'Demo events');
    const names = parsed[0].fields.map((f: { name: string }) => f.name);
    assert.deepEqual(names, ['demo.a', 'demo.b', 'demo.old', 'demo.a_field_name_longer_than_thirty']);
    assert.deepEqual(parsed[0].fields[1].arg, { required: true, index: true, key: false });
    assert.equal(parsed[1].plugin, 'myplugin');
  });
});

describe('renderFieldCatalog on the syscall catalog', () => {
  test('lists every visible field of every class in each format', () => {
    const text = renderFieldCatalog(SYSCALL_FIELD_CLASSES, 'text');
    const md = renderFieldCatalog(SYSCALL_FIELD_CLASSES, 'markdown');
    const json = JSON.parse(renderFieldCatalog(SYSCALL_FIELD_CLASSES, 'json'));
    for (const c of SYSCALL_FIELD_CLASSES) {
      for (const f of c.fields) {
        const visible = !c.hidden && !f.hidden && !f.deprecated && !f.printOnly;
        assert.equal(text.includes(`\n${f.name} `) || text.includes(`\n${f.name}\n`), visible, f.name);
        assert.equal(md.includes(`\`${f.name}\` |`), visible, f.name);
      }
    }
    assert.ok(text.includes('Field Class:                  evt (Syscall events only)'));
    assert.ok(text.includes('Field Class:                  container (plugin)'));
    assert.ok(json.some((c: { name: string }) => c.name === 'container (plugin)'));
  });
});
