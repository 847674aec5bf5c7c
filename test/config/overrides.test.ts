import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/config/errors.js';
import { applyOverride, parseKeyPath } from '../../src/config/overrides.js';
import { type CNode, type MapNode, parseConfigText } from '../../src/config/tree.js';

function tree(text: string): MapNode {
  const node = parseConfigText(text, 'test.yaml');
  if (node.kind === 'null') return { kind: 'map', entries: new Map(), origin: node.origin };
  assert.equal(node.kind, 'map');
  return node as MapNode;
}

/** The tree as plain data, for comparisons. */
function plain(node: CNode | undefined): unknown {
  if (node === undefined) return undefined;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'null':
      return null;
    case 'seq':
      return node.items.map(plain);
    case 'map':
      return Object.fromEntries([...node.entries].map(([k, e]) => [k, plain(e.value)]));
  }
}

function rejects(fn: () => unknown, message: string) {
  assert.throws(fn, (e: unknown) => e instanceof ConfigError && e.message === message);
}

describe('parseKeyPath (Falco key grammar)', () => {
  test('dotted keys, indices, appends, escapes', () => {
    assert.deepEqual(parseKeyPath('json_output'), [{ kind: 'key', name: 'json_output' }]);
    assert.deepEqual(parseKeyPath('file_output.enabled'), [
      { kind: 'key', name: 'file_output' },
      { kind: 'key', name: 'enabled' },
    ]);
    assert.deepEqual(parseKeyPath('plugins[0].open_params'), [
      { kind: 'key', name: 'plugins' },
      { kind: 'index', index: 0 },
      { kind: 'key', name: 'open_params' },
    ]);
    assert.deepEqual(parseKeyPath('m[1][3]'), [
      { kind: 'key', name: 'm' },
      { kind: 'index', index: 1 },
      { kind: 'index', index: 3 },
    ]);
    assert.deepEqual(parseKeyPath('rules[].disable.rule'), [
      { kind: 'key', name: 'rules' },
      { kind: 'append' },
      { kind: 'key', name: 'disable' },
      { kind: 'key', name: 'rule' },
    ]);
    assert.deepEqual(parseKeyPath('static_fields.a\\.b\\[c\\\\'), [
      { kind: 'key', name: 'static_fields' },
      { kind: 'key', name: 'a.b[c\\' },
    ]);
  });

  test('errors use Falco wording', () => {
    rejects(() => parseKeyPath('a..b'), 'Config error at key "a..b": Parsing error: unexpected character at pos 2');
    rejects(() => parseKeyPath('.a'), 'Config error at key ".a": Parsing error: unexpected character at pos 0');
    rejects(() => parseKeyPath('a[0]b'), `Config error at key "a[0]b": Parsing error: expected '.' character at pos 3`);
    rejects(
      () => parseKeyPath('a[x]'),
      `Config error at key "a[x]": Parsing error: expected a numeric index, found 'x'`,
    );
    rejects(
      () => parseKeyPath('a[-1]'),
      `Config error at key "a[-1]": Parsing error: expected a numeric index, found '-1'`,
    );
    rejects(() => parseKeyPath(''), 'Config error at key "": Parsing error: empty key');
  });
});

describe('applyOverride', () => {
  test('sets scalars, creating maps along the way', () => {
    const root = tree('file_output:\n  enabled: false\n');
    applyOverride(root, 'file_output.enabled=true');
    applyOverride(root, 'webserver.listen_port=1234');
    applyOverride(root, 'json_output=true');
    assert.deepEqual(plain(root), {
      file_output: { enabled: 'true' },
      webserver: { listen_port: '1234' },
      json_output: 'true',
    });
  });

  test('list indices and appends', () => {
    const root = tree('plugins:\n  - name: k8saudit\n    open_params: ""\n');
    applyOverride(root, 'plugins[0].open_params=/tmp/audit.json');
    applyOverride(root, 'plugins[1].name=json');
    applyOverride(root, 'rules[].disable.rule=*');
    applyOverride(root, 'rules[].enable.tag=network');
    assert.deepEqual(plain(root), {
      plugins: [{ name: 'k8saudit', open_params: '/tmp/audit.json' }, { name: 'json' }],
      rules: [{ disable: { rule: '*' } }, { enable: { tag: 'network' } }],
    });
  });

  test('values in braces are YAML mappings; everything else is a scalar', () => {
    const root = tree('');
    applyOverride(root, 'append_output[]={"match": {"source": "syscall"}, "extra_output": "on CPU %evt.cpu"}');
    applyOverride(root, 'rules_files=[a.yaml, b.yaml]');
    applyOverride(root, 'program_output.program=jq . | curl -d @- x=y');
    assert.deepEqual(plain(root), {
      append_output: [{ match: { source: 'syscall' }, extra_output: 'on CPU %evt.cpu' }],
      rules_files: '[a.yaml, b.yaml]',
      program_output: { program: 'jq . | curl -d @- x=y' },
    });
  });

  test('origins point at the option', () => {
    const root = tree('');
    applyOverride(root, 'priority=error');
    assert.deepEqual(root.entries.get('priority')?.value.origin, { kind: 'override', option: 'priority=error' });
  });

  test('bad options', () => {
    rejects(
      () => applyOverride(tree(''), 'json_output'),
      'Error parsing config option "json_output". Must be of the form key=val or key.subkey=val',
    );
    rejects(
      () => applyOverride(tree('plugins: []\n'), 'plugins[2].name=x'),
      '-o plugins[2].name=x: Config error at key "plugins[2].name": index 2 is out of range (the list has 0 entries)',
    );
    rejects(
      () => applyOverride(tree('json_output: true\n'), 'json_output.x=1'),
      '-o json_output.x=1: Config error at key "json_output.x": "x" cannot be set inside a value',
    );
    rejects(
      () => applyOverride(tree('webserver: {}\n'), 'webserver[0]=1'),
      '-o webserver[0]=1: Config error at key "webserver[0]": a list index is used on a value that is not a list',
    );
    assert.throws(() => applyOverride(tree(''), 'a={b: [}'), /Error parsing config option "a=\{b: \[\}": /);
  });
});
