// Bad rules contents: each gives Falco's code and message, at the right place.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LoadContext } from '../../src/rules/index.js';
import { loadRules } from '../../src/rules/index.js';
import { loadText, options } from './helpers.js';

/** Locations as "type 'name' line:col" strings, for compact assertions. */
function where(ctx: LoadContext): string[] {
  return ctx.locations.map((l) => `${l.itemType}${l.itemName ? ` '${l.itemName}'` : ''} ${l.pos.line}:${l.pos.column}`);
}

function firstError(text: string) {
  const out = loadText(text);
  assert.equal(out.ok, false, 'expected the load to fail');
  const errors = out.results.flatMap((r) => r.errors);
  assert.equal(errors.length, 1, 'Falco stops at the first error');
  return errors[0];
}

const RULE = (extra: string) =>
  `- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: INFO\n${extra}`;

describe('YAML structure', () => {
  test('content that is not YAML', () => {
    const e = firstError('this : is : not : yaml\n');
    assert.equal(e.code, 'LOAD_ERR_YAML_PARSE');
    assert.equal(e.message, 'yaml-cpp: error at line 1, column 11: illegal map value');
    assert.deepEqual(where(e.context), ['rules content 0:0', 'value for 0:10']);
  });

  test('a scalar document', () => {
    const e = firstError('This is not yaml\n');
    assert.equal(e.code, 'LOAD_ERR_YAML_VALIDATE');
    assert.equal(e.message, 'Rules content is not yaml');
    assert.deepEqual(where(e.context), ['rules content 0:0']);
  });

  test('a mapping document', () => {
    const e = firstError('foo: bar\n');
    assert.equal(e.message, 'Rules content is not yaml array of objects');
    assert.deepEqual(where(e.context), ['rules content 0:0']);
  });

  test('an item that is not a mapping', () => {
    const e = firstError('- list: a\n  items: [x]\n- foo\n');
    assert.equal(e.code, 'LOAD_ERR_YAML_VALIDATE');
    assert.equal(e.message, 'Unexpected element type. Each element should be a yaml associative array.');
    assert.deepEqual(where(e.context), ['rules content 0:0', 'rules content item 2:2']);
  });

  test('an unknown top-level item is only a warning', () => {
    const out = loadText('- foo: bar\n');
    assert.equal(out.ok, true);
    const w = out.results[0].warnings[0];
    assert.equal(w.code, 'LOAD_UNKNOWN_ITEM');
    assert.equal(w.message, 'Unknown top level item');
    assert.deepEqual(where(w.context), ['rules content 0:0', 'rules content item 0:2']);
  });

  test('an empty file and empty documents are fine', () => {
    assert.equal(loadText('').ok, true);
    assert.equal(loadText('---\n---\n# nothing\n').ok, true);
  });

  test('a missing file', () => {
    const out = loadRules(['/nonexistent/rules.yaml'], options());
    const e = out.results[0].errors[0];
    assert.equal(e.code, 'LOAD_ERR_FILE_READ');
    assert.equal(e.message, 'Could not open file /nonexistent/rules.yaml for reading');
    assert.deepEqual(where(e.context), ['rules content 0:0']);
  });
});

describe('names and key types', () => {
  test('a rule without a name', () => {
    const e = firstError('- rule:\n  desc: d\n');
    assert.equal(e.message, "Mapping for key 'rule' is empty");
    assert.deepEqual(where(e.context), ['rules content 0:0', 'rule 0:2']);
  });

  test('a macro without a name', () => {
    const e = firstError('- macro:\n  condition: evt.type=open\n');
    assert.equal(e.message, "Mapping for key 'macro' is empty");
    assert.deepEqual(where(e.context), ['rules content 0:0', 'macro 0:2']);
  });

  test('a list without items', () => {
    const e = firstError('- list: bad\n  no_items: x\n');
    assert.equal(e.message, "Item has no mapping for key 'items'");
    assert.deepEqual(where(e.context), ['rules content 0:0', "list 'bad' 0:2"]);
  });

  test('list items that are not a sequence', () => {
    const e = firstError('- list: a\n  items: foo\n');
    assert.equal(e.message, 'Value is not a sequence');
    assert.deepEqual(where(e.context), ['rules content 0:0', "list 'a' 0:2", "value for 'items' 1:9"]);
  });

  test('a list item that is not a scalar', () => {
    const e = firstError('- list: a\n  items: [x, {y: 1}]\n');
    assert.equal(e.message, 'sequence value is not scalar');
    assert.deepEqual(where(e.context), [
      'rules content 0:0',
      "list 'a' 0:2",
      "value for 'items' 1:9",
      'list item 1:13',
    ]);
  });

  test('a condition that is a mapping', () => {
    const e = firstError('- macro: m\n  condition: {a: b}\n');
    assert.equal(e.message, 'Value is not a scalar value');
    assert.deepEqual(where(e.context), ['rules content 0:0', "macro 'm' 0:2", "value for 'condition' 1:13"]);
  });

  test('an empty quoted description', () => {
    const e = firstError('- rule: r\n  desc: ""\n  condition: evt.type=open\n  output: o\n  priority: INFO\n');
    assert.equal(e.message, 'Value must be non-empty');
    assert.deepEqual(where(e.context), ['rules content 0:0', "rule 'r' 0:2", "value for 'desc' 1:8"]);
  });

  test('a missing output', () => {
    const e = firstError('- rule: r\n  desc: d\n  condition: evt.type=open\n  priority: INFO\n');
    assert.equal(e.message, "Item has no mapping for key 'output'");
  });

  test('enabled that is not a boolean', () => {
    const e = firstError(RULE('  enabled: maybe\n'));
    assert.equal(e.message, "Can't decode YAML scalar value");
    assert.deepEqual(where(e.context), ['rules content 0:0', "rule 'r' 0:2", "value for 'enabled' 5:11"]);
  });

  test('tags that are not a sequence', () => {
    const e = firstError(RULE('  tags: a\n'));
    assert.equal(e.message, 'Value is not a sequence');
  });

  test('an invalid priority', () => {
    const e = firstError('- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: SEVERE\n');
    assert.equal(e.code, 'LOAD_ERR_YAML_VALIDATE');
    assert.equal(e.message, 'Invalid priority');
    assert.deepEqual(where(e.context), ['rules content 0:0', "rule 'r' 0:2", 'rule priority 4:12']);
  });

  test('priorities in any case, and info', () => {
    for (const p of [
      'emergency',
      'ALERT',
      'Critical',
      'error',
      'warning',
      'NOTICE',
      'informational',
      'info',
      'debug',
    ]) {
      const out = loadText(`- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: ${p}\n`);
      assert.equal(out.ok, true, p);
    }
  });

  test('invalid macro and list names are warnings', () => {
    const out = loadText('- list: "a b"\n  items: [x]\n- macro: 1m\n  condition: evt.type=open\n');
    const codes = out.results[0].warnings.map((w) => w.code);
    assert.ok(codes.includes('LOAD_INVALID_LIST_NAME'));
    assert.ok(codes.includes('LOAD_INVALID_MACRO_NAME'));
    const m = out.results[0].warnings.find((w) => w.code === 'LOAD_INVALID_MACRO_NAME')!;
    assert.equal(
      m.message,
      'Macro has an invalid name. Macro names should match a regular expression: ([a-zA-Z]+[a-zA-Z0-9_]*)',
    );
  });
});

describe('exceptions', () => {
  test('exceptions that are not a sequence', () => {
    const e = firstError(RULE('  exceptions: {name: x}\n'));
    assert.equal(e.message, 'Rule exceptions must be a sequence');
    assert.deepEqual(where(e.context), ['rules content 0:0', "rule 'r' 0:2", 'exceptions 5:14']);
  });

  test('an exception that is not a mapping', () => {
    const e = firstError(RULE('  exceptions:\n    - foo\n'));
    assert.equal(e.message, 'Rule exception must be a mapping');
    assert.deepEqual(where(e.context), ['rules content 0:0', "rule 'r' 0:2", 'exceptions 6:4', 'exception 6:6']);
  });

  test('exception values that are not a sequence', () => {
    const e = firstError(RULE('  exceptions:\n    - name: e\n      fields: proc.name\n      values: x\n'));
    assert.equal(e.message, 'Rule exception values must be a sequence');
  });

  test('a single field with a non-list operator', () => {
    const e = firstError(
      RULE('  exceptions:\n    - name: e\n      fields: proc.name\n      comps: "="\n      values: [a]\n'),
    );
    assert.equal(e.code, 'LOAD_ERR_VALIDATE');
    assert.equal(e.message, 'When fields is a single value, comps must be one of (in, pmatch, intersects)');
  });

  test('duplicate exception names warn', () => {
    const out = loadText(
      RULE('  exceptions:\n    - name: e\n      fields: [proc.name]\n    - name: e\n      fields: [proc.pname]\n'),
    );
    const w = out.results[0].warnings.find((x) => x.code === 'LOAD_EXCEPTION_NAME_NOT_UNIQUE');
    assert.equal(w?.message, "Multiple definitions of exception 'e' in the same rule");
  });

  test('appending an exception without values warns', () => {
    const out = loadText(
      `${RULE('  exceptions:\n    - name: e\n      fields: [proc.name]\n')}- rule: r\n  exceptions:\n    - name: e\n  override:\n    exceptions: append\n`,
    );
    assert.equal(out.ok, true);
    const w = out.results[0].warnings.find((x) => x.code === 'LOAD_APPEND_NO_VALUES');
    assert.equal(w?.message, 'Overriding/appending exception with no values');
  });
});

describe('overrides', () => {
  const BASE = RULE('');

  test('an unknown override operation', () => {
    const e = firstError(`${BASE}- rule: r\n  condition: and proc.name=x\n  override:\n    condition: merge\n`);
    assert.equal(
      e.message,
      "Invalid override operation for key 'condition': 'merge'. Allowed values are: append replace ",
    );
    assert.deepEqual(where(e.context), [
      'rules content 0:0',
      "rule 'r' 5:2",
      'overrides 5:2',
      "value for 'condition' 8:15",
    ]);
  });

  test('appending to a key that can only be replaced', () => {
    const e = firstError(`${BASE}- rule: r\n  priority: ERROR\n  override:\n    priority: append\n`);
    assert.equal(e.message, "Key 'priority' cannot be appended to, use 'replace' instead");
    assert.deepEqual(where(e.context), [
      'rules content 0:0',
      "rule 'r' 5:2",
      'overrides 5:2',
      "overrides 'priority' 8:4",
    ]);
  });

  test('append: true together with override', () => {
    const e = firstError(`${BASE}- rule: r\n  condition: and x\n  append: true\n  override:\n    condition: append\n`);
    assert.equal(
      e.message,
      "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.",
    );
  });

  test('an override for a key the item does not define', () => {
    const e = firstError(
      `${BASE}- rule: r\n  condition: and proc.name=x\n  override:\n    condition: append\n    desc: append\n`,
    );
    assert.equal(e.message, "An append override for 'desc' was specified but 'desc' is not defined");
  });

  test('a key without an override entry', () => {
    const e = firstError(
      `${BASE}- rule: r\n  condition: and proc.name=x\n  output: more\n  override:\n    condition: append\n`,
    );
    assert.equal(e.message, "Unexpected key 'output': no corresponding entry under 'override' is defined.");
    assert.deepEqual(where(e.context), ['rules content 0:0', "rule 'r' 5:2", "overrides 'output' 7:10"]);
  });

  test('replacing a rule that does not exist', () => {
    const e = firstError('- rule: r\n  priority: ERROR\n  override:\n    priority: replace\n');
    assert.equal(e.code, 'LOAD_ERR_VALIDATE');
    assert.equal(
      e.message,
      "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists",
    );
  });

  test('enabling a rule that does not exist', () => {
    const e = firstError('- rule: nope\n  enabled: true\n');
    assert.equal(e.message, "Rule has 'enabled' key but no rule by that name already exists");
  });

  test('redefining a rule with another source', () => {
    const e = firstError(
      `${BASE}- rule: r\n  desc: d\n  condition: ka.verb=get\n  output: o\n  priority: INFO\n  source: k8s_audit\n`,
    );
    assert.equal(e.message, 'Rule has been re-defined with a different source');
  });
});

describe('versions and sources', () => {
  test('an engine version that is not a version', () => {
    const e = firstError('- required_engine_version: not-a-number\n');
    assert.equal(e.code, 'LOAD_ERR_YAML_VALIDATE');
    assert.equal(
      e.message,
      'Unable to parse engine version \'not-a-number\' as a semver string. Expected "x.y.z" semver format.',
    );
    assert.deepEqual(where(e.context), ['rules content 0:0', 'required_engine_version 0:2']);
  });

  test('engine versions in both forms', () => {
    assert.equal(loadText('- required_engine_version: 15\n').ok, true);
    assert.equal(loadText('- required_engine_version: 0.62.0\n').ok, true);
    const e = firstError('- required_engine_version: 0.63.0\n');
    assert.equal(e.message, 'Rules require engine version 0.63.0, but engine version is 0.62.0');
    const major = firstError('- required_engine_version: 1.0.0\n');
    assert.equal(major.message, 'Rules require engine version 1.0.0, but engine version is 0.62.0');
  });

  test('plugin versions that are not a sequence', () => {
    const e = firstError('- required_plugin_versions: json\n');
    assert.equal(e.message, 'Value of required_plugin_versions must be a sequence');
    assert.deepEqual(where(e.context), ['rules content 0:0', 'required plugin versions 0:28']);
  });

  test('an invalid plugin version', () => {
    const e = firstError('- required_plugin_versions:\n    - name: json\n      version: abc\n');
    assert.equal(e.code, 'LOAD_ERR_VALIDATE');
    assert.equal(e.message, "Invalid required version 'abc' for plugin 'json'");
  });

  test('a plugin that is not available', () => {
    const out = loadText(
      '- required_plugin_versions:\n    - name: foo\n      version: 1.0.0\n      alternatives:\n        - name: bar\n          version: 2.0.0\n',
    );
    assert.equal(out.ok, false);
    assert.equal(
      out.pluginRequirementError,
      'Plugin requirement not satisfied, must load one of: foo (>= 1.0.0), bar (>= 2.0.0)',
    );
  });

  test('a rule for an unknown source is skipped with a warning', () => {
    const out = loadText(
      '- rule: r\n  desc: d\n  condition: ct.name=x\n  output: o\n  priority: INFO\n  source: aws_cloudtrail\n',
    );
    assert.equal(out.ok, true);
    assert.equal(out.rules.length, 0);
    const w = out.results[0].warnings[0];
    assert.equal(w.code, 'LOAD_UNKNOWN_SOURCE');
    assert.equal(w.message, 'Unknown source aws_cloudtrail, skipping');
  });
});

describe('compilation', () => {
  test('an undefined macro', () => {
    const e = firstError('- rule: r\n  desc: d\n  condition: evt.type=open and nope\n  output: o\n  priority: INFO\n');
    assert.equal(e.code, 'LOAD_ERR_VALIDATE');
    assert.equal(e.message, "Undefined macro 'nope' used in filter.");
    const types = e.context.locations.map((l) => l.itemType);
    assert.deepEqual(types, ['rules content', 'rule', 'condition expression']);
    assert.equal(e.context.locations[2].name, '"evt.type=open and..."');
  });

  test('a macro loop', () => {
    const e = firstError(
      '- macro: a\n  condition: evt.type=open\n- macro: b\n  condition: a\n- macro: a\n  condition: b\n',
    );
    assert.equal(e.code, 'LOAD_ERR_VALIDATE');
    assert.match(e.message, /^reference loop in macro '(a|b)'$/);
    assert.equal(e.context.locations[1].itemName, 'a');
  });

  test('a condition syntax error', () => {
    const e = firstError('- macro: m\n  condition: evt.type=execve foo\n');
    assert.equal(e.code, 'LOAD_ERR_COMPILE_CONDITION');
    assert.equal(e.message, "unexpected token after 'execve', expecting 'or', 'and'");
    assert.deepEqual(
      e.context.locations.map((l) => l.itemType),
      ['rules content', 'macro', 'macro condition', 'condition expression'],
    );
  });

  test('an unknown field in the output', () => {
    const e = firstError(
      '- rule: r\n  desc: d\n  condition: evt.type=open\n  output: "x %not_a_real_field"\n  priority: INFO\n',
    );
    assert.equal(e.code, 'LOAD_ERR_COMPILE_OUTPUT');
    assert.equal(e.message, 'invalid formatting token not_a_real_field');
    assert.deepEqual(where(e.context), ['rules content 0:0', "rule 'r' 0:2", 'rule output 3:10']);
  });

  test('unused lists and macros', () => {
    const out = loadText('- list: l\n  items: [a]\n- macro: m\n  condition: evt.type=open\n');
    const ws = out.results[0].warnings.map((w) => `${w.code} ${w.message}`);
    assert.deepEqual(ws, [
      'LOAD_UNUSED_MACRO Macro not referred to by any other rule/macro',
      'LOAD_UNUSED_LIST List not referred to by any other rule/macro',
    ]);
  });

  test('unsafe <NA> comparison on audit fields', () => {
    const out = loadText(
      '- rule: r\n  desc: d\n  condition: ka.user.name = "<NA>"\n  output: o\n  priority: INFO\n  source: k8s_audit\n',
    );
    assert.equal(out.ok, true);
    const w = out.results[0].warnings.find((x) => x.code === 'LOAD_UNSAFE_NA_CHECK');
    assert.ok(w);
    assert.equal(w.message, '');
  });

  test('%container.info is deprecated and dropped', () => {
    const out = loadText(
      '- rule: r\n  desc: d\n  condition: evt.type=open\n  output: "a %container.info"\n  priority: INFO\n',
    );
    assert.equal(out.ok, true);
    assert.ok(out.results[0].warnings.some((w) => w.code === 'LOAD_DEPRECATED_ITEM'));
    assert.equal(out.rules[0].output.format, 'a ');
  });
});
