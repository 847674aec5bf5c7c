// List substitution and exception clauses are built as text before parsing, like Falco does.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildExceptionCondition } from '../../src/rules/exceptionCondition.js';
import { LoadContext } from '../../src/rules/index.js';
import type { ExceptionEntry, ExceptionInfo } from '../../src/rules/infos.js';
import { type CompiledList, expandLists, resolveList } from '../../src/rules/listExpansion.js';

const list = (name: string, items: string[]): CompiledList => ({ name, items, used: false });
const s = (item: string): ExceptionEntry => ({ isList: false, item });
const l = (...items: ExceptionEntry[]): ExceptionEntry => ({ isList: true, items });
const ctx = LoadContext.forContent('t.yaml');

describe('list substitution', () => {
  const cat = list('cat_binaries', ['cat']);

  test('inside parentheses, at any place', () => {
    assert.equal(resolveList('proc.name in (cat_binaries, ps)', cat), 'proc.name in ( cat , ps)');
    assert.equal(resolveList('proc.name in (ls, cat_binaries)', cat), 'proc.name in (ls, cat )');
    assert.equal(resolveList('proc.name in (ls, cat_binaries, ps)', cat), 'proc.name in (ls, cat , ps)');
  });

  test('as a bare value, with or without blanks', () => {
    assert.equal(resolveList('proc.name=cat_binaries', cat), 'proc.name= cat ');
    assert.equal(resolveList('proc.name= cat_binaries or proc.name=nopey', cat), 'proc.name= cat or proc.name=nopey');
  });

  test('not inside a longer word', () => {
    assert.equal(resolveList('fd.name in (file_my_list)', list('my_list', ['"one string"'])), undefined);
  });

  test('items with spaces are quoted', () => {
    assert.equal(resolveList('x in (l)', list('l', ['a b', '"c d"'])), 'x in ( "a b", "c d" )');
  });

  test('an empty list drops a neighbouring comma', () => {
    assert.equal(resolveList('x in (a, l)', list('l', [])), 'x in (a  )');
    assert.equal(resolveList('x in (l, a)', list('l', [])), 'x in (   a)');
  });

  test('lists are applied in definition order and marked used', () => {
    const lists = new Map([
      ['a', list('a', ['1'])],
      ['b', list('b', ['2'])],
      ['c', list('c', ['3'])],
    ]);
    assert.equal(expandLists('x in (a, b)', lists), 'x in ( 1 , 2 )');
    assert.deepEqual(
      [...lists.values()].map((x) => x.used),
      [true, true, false],
    );
  });
});

describe('exception clauses', () => {
  const ex = (fields: ExceptionEntry, comps: ExceptionEntry | undefined, values: ExceptionEntry[]): ExceptionInfo => ({
    context: ctx,
    name: 'e',
    fields,
    comps,
    values,
  });

  test('single field', () => {
    const fields = new Set<string>();
    const out = buildExceptionCondition(
      'evt.type=open',
      [ex(s('proc.cmdline'), s('in'), [s('cat /dev/zero'), s('x')])],
      fields,
    );
    assert.equal(out, '(evt.type=open) and not (proc.cmdline in ("cat /dev/zero", x))');
    assert.deepEqual([...fields], ['proc.cmdline']);
  });

  test('tuples with default comparisons', () => {
    const out = buildExceptionCondition(
      'c',
      [
        ex(l(s('proc.name'), s('proc.cmdline')), l(s('='), s('=')), [
          l(s('cat'), s('cat /dev/null')),
          l(s('a'), s('b')),
        ]),
      ],
      new Set(),
    );
    assert.equal(
      out,
      '(c) and not (( proc.name = cat and  proc.cmdline = "cat /dev/null") or ( proc.name = a and  proc.cmdline = b))',
    );
  });

  test('list values and list operators', () => {
    const out = buildExceptionCondition(
      'c',
      [
        ex(l(s('proc.name'), s('proc.cmdline')), l(s('='), s('in')), [l(s('cat'), l(s('cat /dev/zero'), s('x')))]),
        ex(l(s('proc.name'), s('proc.cmdline')), l(s('='), s('in')), [l(s('cat'), s('cat_cmdlines'))]),
      ],
      new Set(),
    );
    assert.equal(
      out,
      '(c) and not (( proc.name = cat and  proc.cmdline in ("cat /dev/zero", x))) and not (( proc.name = cat and  proc.cmdline in (cat_cmdlines)))',
    );
  });

  test('exceptions without values add nothing', () => {
    assert.equal(buildExceptionCondition('c', [ex(l(s('proc.name')), l(s('=')), [])], new Set()), '(c)');
    assert.equal(buildExceptionCondition('c', [ex(s('proc.name'), s('in'), [])], new Set()), '(c)');
  });

  test('mismatched tuple lengths', () => {
    assert.throws(
      () => buildExceptionCondition('c', [ex(l(s('a'), s('b')), l(s('='), s('=')), [l(s('x'))])], new Set()),
      /Fields and values lists must have equal length/,
    );
  });
});
