// The k8s_audit field catalog and bindField's checks of field references.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JSON_EXTRACTORS } from '../../src/fields/json/extractors.js';
import { K8SAUDIT_EXTRACTORS } from '../../src/fields/k8saudit/extractors.js';
import { FieldError } from '../../src/fields/types.js';
import { BUILTIN_PLUGINS } from '../../src/sources/k8saudit/plugins.js';
import { source } from './helpers.js';

function bindError(name: string, arg?: string): string {
  try {
    source.bindField({ name, arg });
  } catch (err) {
    assert.ok(err instanceof FieldError, `expected a FieldError, got ${String(err)}`);
    return err.message;
  }
  assert.fail(`binding ${name}${arg === undefined ? '' : `[${arg}]`} should fail`);
}

describe('field catalog', () => {
  const classes = source.fieldClasses;
  const all = classes.flatMap((c) => c.fields);

  test('classes: k8saudit and json plugins plus legacy jevt time fields, all on k8s_audit', () => {
    assert.deepEqual(
      classes.map((c) => [c.name, c.plugin, c.source]),
      [
        ['k8saudit', 'k8saudit', 'k8s_audit'],
        ['json', 'json', 'k8s_audit'],
        ['jevt', undefined, 'k8s_audit'],
      ],
    );
    assert.equal(source.name, 'k8s_audit');
  });

  test('names are unique and every field has an extractor (and no extractor lacks a field)', () => {
    const names = all.map((f) => f.name);
    assert.equal(new Set(names).size, names.length);
    const implemented = new Set([...K8SAUDIT_EXTRACTORS.keys(), ...JSON_EXTRACTORS.keys()]);
    assert.deepEqual([...implemented].sort(), [...names].sort());
  });

  test('the k8saudit plugin field set', () => {
    const ka = classes[0].fields;
    assert.equal(ka.length, 100);
    assert.ok(ka.every((f) => f.name.startsWith('ka.') && f.type === 'CHARBUF'));
    for (const name of [
      'ka.req.pod.containers.image',
      'ka.req.pod.containers.privileged',
      'ka.user.groups',
      'ka.req.role.rules',
      'ka.req.binding.subjects',
      'ka.sourceips',
      'ka.req.pod.ephemeralContainers.add_capabilities',
    ]) {
      assert.equal(source.findField(name)?.isList, true, name);
    }
    assert.deepEqual(source.findField('ka.uri.param')?.arg, { required: true, index: false, key: true });
    assert.deepEqual(source.findField('ka.req.pod.containers.image')?.arg, {
      required: false,
      index: true,
      key: false,
    });
    assert.equal(source.findField('ka.req.container.image')?.deprecated, true);
    assert.equal(source.findField('ka.req.pod.ephemeralContainers.host_port'), undefined);
    assert.equal(source.findField('ka.nope'), undefined);
  });

  test('json plugin fields', () => {
    assert.deepEqual(
      classes[1].fields.map((f) => f.name),
      ['json.value', 'json.obj', 'json.rawtime', 'jevt.value', 'jevt.obj', 'jevt.rawtime'],
    );
    assert.equal(source.findField('jevt.value')?.arg?.required, true);
    assert.equal(source.findField('jevt.time')?.deprecated, true);
  });

  test('declared built-in plugin versions', () => {
    assert.deepEqual(BUILTIN_PLUGINS, [
      { name: 'k8saudit', version: '0.18.0', source: 'k8s_audit' },
      { name: 'json', version: '0.7.0' },
      { name: 'container', version: '0.6.3' },
    ]);
  });
});

describe('bindField rejects bad references with libsinsp wording', () => {
  test('unknown field', () => {
    assert.equal(bindError('ka.nosuch'), 'filter_check called with nonexistent field ka.nosuch');
    assert.equal(bindError('proc.name'), 'filter_check called with nonexistent field proc.name');
  });

  test('missing required argument', () => {
    assert.equal(
      bindError('ka.uri.param'),
      "filter 'ka.uri.param': ka.uri.param requires an argument but none provided",
    );
    assert.equal(bindError('jevt.value'), "filter 'jevt.value': jevt.value requires an argument but none provided");
    assert.equal(
      bindError('ka.req.volume.hostpath'),
      "filter 'ka.req.volume.hostpath': ka.req.volume.hostpath requires an argument but none provided",
    );
  });

  test('argument on a field that takes none', () => {
    assert.equal(
      bindError('ka.verb', 'x'),
      "filter 'ka.verb[x]': ka.verb does not allow nor require an argument but one is provided: x",
    );
    assert.equal(
      bindError('ka.user.groups', '0'),
      "filter 'ka.user.groups[0]': ka.user.groups does not allow nor require an argument but one is provided: 0",
    );
    assert.equal(
      bindError('jevt.time', '1'),
      "filter 'jevt.time[1]': jevt.time does not allow nor require an argument but one is provided: 1",
    );
  });

  test('malformed index arguments', () => {
    const f = 'ka.req.pod.containers.image';
    assert.equal(bindError(f, '01'), `filter ${f}[01] ${f} has an invalid index argument starting with 0: 01`);
    assert.equal(bindError(f, ''), `filter ${f}[] ${f} has an invalid index argument starting with 0: `);
    assert.equal(
      bindError(f, 'a1'),
      `filter ${f}[a1] ${f} has an invalid index argument not composed only by digits: a1`,
    );
    assert.equal(
      bindError(f, '-1'),
      `filter ${f}[-1] ${f} has an invalid index argument not composed only by digits: -1`,
    );
    assert.equal(
      bindError(f, '18446744073709551616'),
      `filter ${f}[18446744073709551616] ${f} has an invalid index argument not representable on 64 bit: 18446744073709551616`,
    );
  });

  test('valid references bind', () => {
    assert.equal(typeof source.bindField({ name: 'ka.req.pod.containers.image', arg: '0' }), 'function');
    assert.equal(
      typeof source.bindField({ name: 'ka.req.pod.containers.image', arg: '18446744073709551615' }),
      'function',
    );
    assert.equal(typeof source.bindField({ name: 'ka.uri.param', arg: '' }), 'function');
    assert.equal(typeof source.bindField({ name: 'jevt.value', arg: 'no/leading/slash' }), 'function');
    assert.equal(
      typeof source.bindField({ name: 'ka.req.binding.subject.has_name', arg: 'cluster-admin' }),
      'function',
    );
  });
});
