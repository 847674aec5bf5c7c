import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConditionSyntaxError, parseCondition } from '../../src/condition/index.js';

const OPS =
  "'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', " +
  "'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch'";
const TRANSFORMERS = "'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'";

/** Asserts a syntax error with libsinsp's message at a 0-based offset (and line/col). */
function fails(text: string, message: string, offset: number, line = 1, col = offset + 1): void {
  try {
    parseCondition(text);
  } catch (e) {
    assert.ok(e instanceof ConditionSyntaxError, `expected ConditionSyntaxError, got ${e}`);
    assert.equal(e.message, message);
    assert.deepEqual(e.pos, { offset, line, col });
    return;
  }
  assert.fail(`expected ${JSON.stringify(text)} to fail`);
}

describe('parseCondition errors', () => {
  test('empty input', () => fails('', 'filter input string is empty', 0));

  test('trailing tokens', () => {
    fails('a.b = 1 c.d = 2', "unexpected token after '1', expecting 'or', 'and'", 8);
    fails('a.b exists foo', "unexpected token after 'exists', expecting 'or', 'and'", 11);
    fails('my-macro', "unexpected token after 'my', expecting 'or', 'and'", 2);
  });

  test('and/or must be followed by a blank or a parenthesis', () => {
    fails('a.b = 1 andy.z = 2', "expected blank or '(' after 'and'", 11);
    fails('a.b = 1 ornament', "expected blank or '(' after 'or'", 10);
  });

  test('missing closing parenthesis', () => {
    fails('(a.b = 1', "expected a ')' token", 8);
    fails('not(a.b = 1 and c.d = 2', "expected a ')' token", 23);
    fails('a.b in (x, y', "expected a ')' token", 12);
  });

  test('nothing a check can start with', () => {
    fails('= 1', "expected a '(' token, a field check, or an identifier", 0);
    fails('a.b = 1 and )', "expected a '(' token, a field check, or an identifier", 12);
    fails('   ', "expected a '(' token, a field check, or an identifier", 3);
  });

  test('missing or unknown operator', () => {
    fails('a.b', `expected a valid check operator: one of ${OPS}`, 3);
    fails('a.b like x', `expected a valid check operator: one of ${OPS}`, 4);
    fails('a.b CONTAINS x', `expected a valid check operator: one of ${OPS}`, 4);
  });

  test('a word operator must be followed by a blank (the word stays consumed)', () => {
    fails('a.b containsx', `expected a valid check operator: one of ${OPS}`, 12);
  });

  test('missing values', () => {
    fails('a.b =', `expected a string value or a field with a valid transformer: ${TRANSFORMERS}`, 5);
    fails('a.b > x', `expected a number value or a field with a valid transformer: ${TRANSFORMERS}`, 6);
    fails('a.b in', `expected a list, an identifier, or a field with a valid transformer: ${TRANSFORMERS}`, 6);
    fails('a.b in (x,)', 'expected a string value', 10);
  });

  test('unterminated strings', () => {
    fails('a.b = "abc', `expected a string value or a field with a valid transformer: ${TRANSFORMERS}`, 6);
    fails(`a.b = 'abc\\'`, `expected a string value or a field with a valid transformer: ${TRANSFORMERS}`, 6);
    fails('a.b in ("x)', "expected a ')' token", 8);
  });

  test('an escaped backslash cannot end a string (libsinsp lexer)', () => {
    fails(String.raw`a.b = "x\\"`, `expected a string value or a field with a valid transformer: ${TRANSFORMERS}`, 6);
  });

  test('bad escapes', () => {
    fails(String.raw`a.b = "\q"`, 'unsupported string escape sequence: \\q', 10);
    fails(String.raw`a.b = "\x41"`, 'unsupported string escape sequence: \\x', 12);
    fails(String.raw`a.b = "\'"`, `invalid \\' escape in "-quoted string`, 10);
    fails(String.raw`a.b = '\"'`, `invalid \\" escape in '-quoted string`, 10);
  });

  test('field arguments', () => {
    fails('proc.aname[ 2] = x', 'expected a valid field argument: a quoted string or a bare string', 11);
    fails('proc.aname[2 = x', "expected a ']' token", 12);
    fails('proc.aname[] = x', 'expected a valid field argument: a quoted string or a bare string', 11);
  });

  test('transformers', () => {
    fails('tolower(proc.name = x', "expected a ')' token closing the transformer", 18);
    fails(
      'tolower() = x',
      'expected field transformer argument: field, transformer, quoted string, number, or transformer list',
      8,
    );
    fails(
      'tolower(macro) = x',
      'expected field transformer argument: field, transformer, quoted string, number, or transformer list',
      8,
    );
    fails(
      'join(",", (a.b, )) = x',
      'expected transformer list argument: field, transformer, quoted string, or number',
      16,
    );
    fails('join(",", (a.b c.d)) = x', "expected ')'", 15);
    fails('getopt(a.b, "x")[ = y', 'expected a valid field argument: a quoted string or a bare string', 17);
  });

  test('val()', () => {
    fails('a.b = val(x)', "expected a field within 'val' transformer", 10);
    fails('a.b = val(c.d', "expected a ')' token closing the transformer", 13);
  });

  test('a modifier needs a list', () => {
    fails('a.b = anyof (x', "expected a ')' token", 14);
  });

  test('nesting deeper than the limit', () => {
    fails(`${'('.repeat(300)}a.b = 1${')'.repeat(300)}`, 'exceeded max depth limit of 1000', 200);
    assert.throws(() => parseCondition('(((a.b = 1)))', { maxDepth: 10 }), {
      message: 'exceeded max depth limit of 10',
    });
    assert.doesNotThrow(() => parseCondition(`${'('.repeat(150)}a.b = 1${')'.repeat(150)}`));
  });

  test('positions count lines and columns', () => {
    fails('a.b = 1 and\n  c.d', `expected a valid check operator: one of ${OPS}`, 17, 2, 6);
  });
});
