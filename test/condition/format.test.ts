import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatCondition, parseCondition } from '../../src/condition/index.js';
import { shape } from './helpers/ast.js';

const roundTrip = (text: string) => {
  const ast = parseCondition(text);
  const written = formatCondition(ast);
  assert.deepEqual(shape(parseCondition(written)), shape(ast), `${text} -> ${written}`);
  return written;
};

describe('formatCondition', () => {
  test('writes canonical text', () => {
    assert.equal(roundTrip('a.b=1 and(c.d=2 or e.f exists)'), 'a.b = 1 and (c.d = 2 or e.f exists)');
    assert.equal(roundTrip('not(a.b=1)'), 'not (a.b = 1)');
    assert.equal(roundTrip("a.b in (x,'y z')"), 'a.b in (x, "y z")');
    assert.equal(roundTrip('tolower(a.b)=val(c.d[1])'), 'tolower(a.b) = val(c.d[1])');
    assert.equal(roundTrip('a.b startswith anyof(x)'), 'a.b startswith anyof (x)');
    assert.equal(roundTrip('getopt(a.b, "x:")[x] = 1'), 'getopt(a.b, "x:")[x] = 1');
  });

  test('keeps nesting, quoting and escapes', () => {
    roundTrip('(a.b = 1 or c.d = 2) or e.f = 3');
    roundTrip('a.b = 1 and (c.d = 2 and e.f = 3)');
    roundTrip(String.raw`a.b = "tab\there \"q\" back\\slash"`);
    roundTrip(String.raw`a.b = "ends with \\ "`);
    roundTrip('a.b[" x y "] = 1');
    roundTrip("a.b = ''");
    roundTrip('a.b in ()');
    roundTrip('a.b in list_name');
    roundTrip('a.b = anyof');
    roundTrip('join(",", (a.b, "c", 1)) = x');
    roundTrip('not not_macro and not (a.b = 1 or b.c = 2)');
  });

  test('quotes values that would not read back as bare strings', () => {
    const ast = parseCondition('a.b = x');
    if (ast.kind !== 'binary' || ast.value.kind !== 'value') return assert.fail();
    ast.value.value = 'has space,comma';
    assert.equal(formatCondition(ast), 'a.b = "has space,comma"');
    ast.value.value = 'ends\\';
    assert.equal(formatCondition(ast), 'a.b = ends\\');
    ast.value.value = 'ends\\';
    ast.value.quoted = true;
    assert.equal(formatCondition(ast), 'a.b = "ends\\ "');
  });
});
