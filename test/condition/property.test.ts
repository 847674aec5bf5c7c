// Property-based tests: whatever the input, parsing and compiling either succeed or fail with
// a positioned ConditionSyntaxError / ConditionCompileError, and compiled conditions evaluate to
// a boolean on any event. Formatting a parsed tree reads back to the same tree.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Pos } from '../../src/condition/ast.js';
import {
  ConditionCompileError,
  type ConditionNode,
  ConditionSyntaxError,
  compileCondition,
  eventTypesOf,
  formatCondition,
  parseCondition,
} from '../../src/condition/index.js';
import { shape } from './helpers/ast.js';
import { OFFICIAL_RULES_FILES, readRulesFile } from './helpers/corpus.js';
import { objectSource, TEST_FIELDS, type TestEvent } from './helpers/objectSource.js';

const source = objectSource();

function assertPos(pos: Pos, text: string): void {
  assert.ok(pos.offset >= 0 && pos.offset <= text.length, `offset ${pos.offset} in ${text.length}`);
  assert.ok(pos.line >= 1 && pos.col >= 1);
}

/** Parses, and compiles what parses; asserts that failures are the documented errors. */
function parseAndCompile(text: string): ((evt: TestEvent) => boolean) | undefined {
  let ast: ConditionNode;
  try {
    ast = parseCondition(text);
  } catch (e) {
    assert.ok(e instanceof ConditionSyntaxError, `parse of ${JSON.stringify(text)} threw ${e}`);
    assertPos(e.pos, text);
    return undefined;
  }
  try {
    eventTypesOf(ast);
  } catch (e) {
    assert.ok(e instanceof ConditionCompileError, `event types of ${JSON.stringify(text)} threw ${e}`);
  }
  try {
    return compileCondition(ast, source);
  } catch (e) {
    assert.ok(e instanceof ConditionCompileError, `compile of ${JSON.stringify(text)} threw ${e}`);
    assertPos(e.pos, text);
    return undefined;
  }
}

const TOKENS = [
  'and',
  'or',
  'not',
  'not(',
  '(',
  ')',
  ',',
  ' ',
  ' ',
  '\n',
  '=',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'contains',
  'icontains',
  'bcontains',
  'startswith',
  'bstartswith',
  'endswith',
  'glob',
  'iglob',
  'regex',
  'in',
  'intersects',
  'pmatch',
  'exists',
  'oneof',
  'anyof',
  'allof',
  'val(',
  'tolower(',
  'toupper(',
  'b64(',
  'basename(',
  'len(',
  'join(',
  'concat(',
  'getopt(',
  '[',
  ']',
  '"',
  "'",
  '\\',
  'proc.name',
  'proc.args',
  'proc.pid',
  'fd.name',
  'fd.sip',
  'fd.net',
  'evt.type',
  'evt.buffer',
  'evt.is_open_read',
  'proc.aname[2]',
  'x',
  '1',
  '0x1f',
  '-3',
  '1.5',
  '/etc',
  '*',
  'a.b',
  'my_macro',
  '10.0.0.0/8',
  '::1',
  'true',
  'abc',
  '.*',
  '[a-z]',
];
const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map((t) => t.join(' '));
const tightTokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map((t) => t.join(''));

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
  fc.boolean(),
  fc.double(),
  fc.uint8Array({ maxLength: 8 }),
  fc.constantFrom('10.0.0.1', '::1', '/etc/passwd', 'bash', ''),
);
const fieldValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.constant(undefined));
const event: fc.Arbitrary<TestEvent> = fc.dictionary(
  fc.constantFrom(...TEST_FIELDS.map((f) => f.name), 'proc.aname[2]', 'ka.uri.param[x]'),
  fieldValue,
  { maxKeys: 6 },
);

describe('property: never crash, never hang', () => {
  test('arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        parseAndCompile(text);
      }),
      { numRuns: 400 },
    );
  });

  test('token soup, spaced and tight', () => {
    fc.assert(
      fc.property(fc.oneof(tokenText, tightTokenText), fc.array(event, { maxLength: 3 }), (text, events) => {
        const matches = parseAndCompile(text);
        if (matches) for (const evt of events) assert.equal(typeof matches(evt), 'boolean');
      }),
      { numRuns: 1500 },
    );
  });

  test('mutations of the official rules conditions', () => {
    const conditions = OFFICIAL_RULES_FILES.flatMap((f) =>
      readRulesFile(f).flatMap((i) => (typeof i.condition === 'string' ? [i.condition] : [])),
    );
    const mutation = fc.record({
      index: fc.nat({ max: conditions.length - 1 }),
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          drop: fc.nat({ max: 3 }),
          insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 2 })),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ index, edits }) => {
        let text = conditions[index];
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.drop);
        }
        parseAndCompile(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('property: generated conditions', () => {
  const FIELDS = [
    'proc.name',
    'proc.pid',
    'proc.args',
    'fd.name',
    'fd.sip',
    'fd.net',
    'evt.buffer',
    'evt.is_open_read',
    'proc.cpu',
    'fd.sport',
    'evt.type',
  ];
  const OPS = [
    '=',
    '==',
    '!=',
    '<',
    '<=',
    '>',
    '>=',
    'contains',
    'icontains',
    'bcontains',
    'startswith',
    'bstartswith',
    'endswith',
    'glob',
    'iglob',
    'regex',
    'in',
    'intersects',
    'pmatch',
    'exists',
  ];
  const VALUES = [
    '1',
    '-1',
    '42',
    '0x10',
    'bash',
    '"a b"',
    '10.0.0.1',
    '10.0.0.0/8',
    '"::1"',
    'true',
    '41',
    '/etc',
    '"a*"',
    '".*sh"',
    'https',
    '1.5',
  ];
  const check = fc
    .record({
      transform: fc.constantFrom('', 'tolower', 'len', 'basename', 'b64'),
      field: fc.constantFrom(...FIELDS),
      op: fc.constantFrom(...OPS),
      modifier: fc.constantFrom('', 'oneof', 'anyof', 'allof'),
      values: fc.array(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 }),
      rhsField: fc.option(fc.constantFrom(...FIELDS), { nil: undefined }),
    })
    .map(({ transform, field, op, modifier, values, rhsField }) => {
      const lhs = transform ? `${transform}(${field})` : field;
      if (op === 'exists') return `${lhs} exists`;
      if (rhsField) return `${lhs} ${op} val(${rhsField})`;
      if (['in', 'intersects', 'pmatch'].includes(op)) return `${lhs} ${op} (${values.join(', ')})`;
      if (['<', '<=', '>', '>='].includes(op)) {
        const numeric = values.find((v) => /^(?:-?\d+(?:\.\d+)?|0x[0-9a-f]+)$/.test(v)) ?? '1';
        return `${lhs} ${op} ${numeric}`;
      }
      if (modifier) return `${lhs} ${op} ${modifier} (${values.join(', ')})`;
      return `${lhs} ${op} ${values[0]}`;
    });
  const condition: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      check,
      fc.tuple(tie('c'), tie('c')).map(([a, b]) => `(${a}) and (${b})`),
      fc.tuple(tie('c'), tie('c')).map(([a, b]) => `${a} or ${b}`),
      tie('c').map((a) => `not (${a})`),
    ),
  })).c;

  test('compile or fail with a positioned error; evaluation always yields a boolean', () => {
    fc.assert(
      fc.property(condition, fc.array(event, { maxLength: 4 }), (text, events) => {
        const ast = parseCondition(text);
        assert.deepEqual(shape(parseCondition(formatCondition(ast))), shape(ast));
        const matches = parseAndCompile(text);
        if (matches) for (const evt of events) assert.equal(typeof matches(evt), 'boolean');
      }),
      { numRuns: 800 },
    );
  });

  test('not c is the negation of c on every event', () => {
    fc.assert(
      fc.property(condition, event, (text, evt) => {
        const m = parseAndCompile(text);
        const n = parseAndCompile(`not (${text})`);
        if (m && n) assert.equal(n(evt), !m(evt));
      }),
      { numRuns: 400 },
    );
  });
});
