// falco.yaml's append_output applied while rules compile: text appended to the output, extra
// JSON fields compiled against the rule's source, and a bad extra field is the rule's
// LOAD_ERR_COMPILE_OUTPUT.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AppendOutputEntry } from '../../src/outputs/appendOutput.js';
import { loadRulesContents } from '../../src/rules/index.js';
import { options } from './helpers.js';

const RULE =
  '- rule: Shell\n  desc: d\n  condition: evt.type=execve and proc.name=bash\n  output: shell %proc.name\n  priority: INFO\n  tags: [shell]\n';

function entry(e: Partial<AppendOutputEntry>): AppendOutputEntry {
  return { tags: [], suggestedOutput: false, formattedFields: [], rawFields: [], ...e };
}

function load(entries: AppendOutputEntry[]) {
  return loadRulesContents([{ name: 'r.yaml', text: RULE }], { ...options(), appendOutput: entries });
}

describe('append_output while loading rules', () => {
  test('extra output and extra fields of matching entries', () => {
    const out = load([
      entry({ source: 'syscall', extraOutput: 'on cpu %evt.cpu' }),
      entry({ tags: ['network'], extraOutput: 'not this one' }),
      entry({ rawFields: ['proc.pid'], formattedFields: [['who', 'user=%user.name']] }),
    ]);
    assert.equal(out.ok, true);
    const [rule] = out.rules;
    assert.deepEqual(
      rule.extraFields?.map((f) => f.key),
      ['who', 'proc.pid'],
    );
  });

  test('an unknown field in extra_fields fails the rule with LOAD_ERR_COMPILE_OUTPUT', () => {
    const out = load([entry({ rawFields: ['proc.nosuchfield'] })]);
    assert.equal(out.ok, false);
    const [err] = out.results[0].errors;
    assert.equal(err.code, 'LOAD_ERR_COMPILE_OUTPUT');
    assert.match(err.message, /proc\.nosuchfield/);
  });

  test('no entries: the output is unchanged and there are no extra fields', () => {
    const out = load([]);
    assert.equal(out.ok, true);
    assert.equal(out.rules[0].extraFields, undefined);
  });
});
