import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { warningsOf } from './helpers/compile.js';

const messages = (text: string) => warningsOf(text).map((w) => w.message);

describe('compile warnings (libsinsp remarks on suspicious literals)', () => {
  test('regexes that simpler operators could do', () => {
    const simple = (v: string) =>
      `regex check with '${v}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'`;
    assert.deepEqual(messages('proc.name regex "^bash$"'), [simple('^bash$')]);
    assert.deepEqual(messages('proc.name regex ".*bash"'), [simple('.*bash')]);
    assert.deepEqual(messages('proc.name regex "bash.*"'), [simple('bash.*')]);
    assert.deepEqual(messages('proc.name regex "ba[sz]h"'), []);
    assert.deepEqual(messages('proc.name regex "b.sh"'), []);
  });

  test('a field name used as a value', () => {
    assert.deepEqual(messages('proc.name = proc.pname'), [
      "'proc.pname' may be a valid field misused as a const string value",
    ]);
    assert.deepEqual(messages('proc.name in (bash, proc.aname[1])'), [
      "'proc.aname[1]' may be a valid field misused as a const string value",
    ]);
    assert.deepEqual(messages('proc.name = no.such'), []);
  });

  test('a transformer written as a value', () => {
    assert.deepEqual(messages('proc.name = "tolower(proc.pname)"'), [
      "'tolower(proc.pname)' may be a valid field transformer misused as a const string value",
    ]);
    assert.deepEqual(messages('proc.name = "val( proc.pname )"'), [
      "'val( proc.pname )' may be a valid field transformer misused as a const string value",
    ]);
  });

  test('warnings carry the value position', () => {
    assert.equal(warningsOf('proc.name = proc.pname')[0].pos.offset, 12);
  });
});
