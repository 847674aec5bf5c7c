// Text and JSON renderings of load results, as `falco -V` prints them.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LoadContext, LoadResult, renderValidationJson, renderValidationText } from '../../src/rules/index.js';
import { snippetAt } from '../../src/rules/snippet.js';

const FILE = 'rules.yaml';
const TEXT = '- rule: r\n  desc: d\n  priority: SEVERE\n';

function sample(): LoadResult {
  const res = new LoadResult(FILE);
  const rule = LoadContext.forContent(FILE).child({ pos: 2, line: 0, column: 2 }, 'rule', 'r');
  res.addError(
    'LOAD_ERR_YAML_VALIDATE',
    'Invalid priority',
    rule.child({ pos: 32, line: 2, column: 12 }, 'rule priority'),
  );
  return res;
}

describe('snippets', () => {
  test('the line of the position with a caret under it', () => {
    assert.equal(snippetAt(TEXT, 32), '  priority: SEVERE\n            ^\n');
  });

  test('positions past the end fall back to the last character', () => {
    assert.equal(snippetAt('- a: b\n', 100), '- a: b\n     ^\n');
  });

  test('long lines are cut around the position', () => {
    const line = 'x'.repeat(300);
    const snip = snippetAt(line, 150, 160);
    const [text, caret] = snip.split('\n');
    assert.ok(text.startsWith('...') && text.endsWith('...'));
    assert.equal(caret.indexOf('^'), 80);
  });

  test('empty content', () => {
    assert.equal(snippetAt('', 0), '<No context available>\n');
  });
});

describe('results', () => {
  test('verbose text', () => {
    const text = renderValidationText([sample()], new Map([[FILE, TEXT]]));
    assert.equal(
      text,
      'rules.yaml: Invalid\n' +
        '1 Errors:\n' +
        'In rules content: (rules.yaml:0:0)\n' +
        "    rule 'r': (rules.yaml:0:2)\n" +
        '    rule priority: (rules.yaml:2:12)\n' +
        '------\n' +
        '  priority: SEVERE\n' +
        '            ^\n' +
        '------\n' +
        'LOAD_ERR_YAML_VALIDATE (Error validating internal structure of YAML file): Invalid priority\n',
    );
  });

  test('files valid with warnings get one line', () => {
    const res = new LoadResult('w.yaml');
    res.addWarning('LOAD_UNKNOWN_ITEM', 'Unknown top level item', LoadContext.forContent('w.yaml'));
    const ok = new LoadResult('ok.yaml');
    assert.equal(renderValidationText([res, ok], new Map()), 'w.yaml: Ok, with warnings\nok.yaml: Ok');
  });

  test('summary line lists the codes', () => {
    assert.equal(
      sample().asSummaryString(),
      'rules.yaml: Invalid\n 1 errors: [LOAD_ERR_YAML_VALIDATE (Error validating internal structure of YAML file)]',
    );
  });

  test('JSON has Falco keys, in Falco order', () => {
    const json = renderValidationJson([sample()], new Map([[FILE, TEXT]]));
    assert.equal(
      json,
      '{"falco_load_results":[{"errors":[{"code":"LOAD_ERR_YAML_VALIDATE",' +
        '"codedesc":"Error validating internal structure of YAML file",' +
        '"context":{"locations":[' +
        '{"item_name":"","item_type":"rules content","position":{"column":0,"line":0,"name":"rules.yaml","offset":0}},' +
        '{"item_name":"r","item_type":"rule","position":{"column":2,"line":0,"name":"rules.yaml","offset":2}},' +
        '{"item_name":"","item_type":"rule priority","position":{"column":12,"line":2,"name":"rules.yaml","offset":32}}],' +
        '"snippet":"  priority: SEVERE\\n            ^\\n"},' +
        '"message":"Invalid priority"}],"name":"rules.yaml","successful":false,"warnings":[]}]}',
    );
  });

  test('warnings carry the long description', () => {
    const res = new LoadResult('w.yaml');
    res.addWarning(
      'LOAD_UNUSED_LIST',
      'List not referred to by any other rule/macro',
      LoadContext.forContent('w.yaml'),
    );
    const parsed = JSON.parse(renderValidationJson([res], new Map([['w.yaml', '- list: l\n']])));
    assert.equal(
      parsed.falco_load_results[0].warnings[0].codedesc,
      'A list is defined in the rules content but is not used by any other list, macro, or rule.',
    );
  });
});

test('an invalid file that looks like a configuration gets a hint', () => {
  const res = new LoadResult('falco.yaml');
  res.addError(
    'LOAD_ERR_YAML_VALIDATE',
    'Rules content is not yaml array of objects',
    LoadContext.forContent('falco.yaml'),
  );
  const text = renderValidationText([res], new Map([['falco.yaml', 'rules_files: [a.yaml]\n']]));
  assert.ok(
    text.endsWith(
      '\nHint: --validate expects a rules file, that is a YAML list of rule, macro, and list items. If this is a ' +
        'Falco configuration file, validate it and its configured rules with `falco -c falco.yaml --dry-run` instead.',
    ),
  );
});
