import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCondition } from '../../src/condition/index.js';
import { shape } from './helpers/ast.js';

const f = (name: string, arg?: string) => (arg === undefined ? { kind: 'field', name } : { kind: 'field', name, arg });
const v = (value: string, quoted = false) => ({ kind: 'value', value, quoted });
const bin = (field: unknown, op: string, value: unknown) => ({ kind: 'binary', field, op, value });
const p = (text: string) => shape(parseCondition(text));

describe('parseCondition: boolean structure', () => {
  test('a single check', () => {
    assert.deepEqual(p('proc.name = bash'), bin(f('proc.name'), '=', v('bash')));
  });

  test('and binds tighter than or; same operators flatten', () => {
    assert.deepEqual(p('a.b = 1 and c.d = 2 or e.f = 3 or g.h = 4'), {
      kind: 'or',
      children: [
        { kind: 'and', children: [bin(f('a.b'), '=', v('1')), bin(f('c.d'), '=', v('2'))] },
        bin(f('e.f'), '=', v('3')),
        bin(f('g.h'), '=', v('4')),
      ],
    });
  });

  test('parentheses group and keep their own node', () => {
    assert.deepEqual(p('(a.b = 1 or c.d = 2) and e.f = 3'), {
      kind: 'and',
      children: [
        { kind: 'or', children: [bin(f('a.b'), '=', v('1')), bin(f('c.d'), '=', v('2'))] },
        bin(f('e.f'), '=', v('3')),
      ],
    });
  });

  test('and( / or( / not( need no blank', () => {
    assert.deepEqual(p('a.b = 1 and(c.d = 2)'), {
      kind: 'and',
      children: [bin(f('a.b'), '=', v('1')), bin(f('c.d'), '=', v('2'))],
    });
    assert.deepEqual(p('a.b = 1 or(c.d = 2)'), {
      kind: 'or',
      children: [bin(f('a.b'), '=', v('1')), bin(f('c.d'), '=', v('2'))],
    });
    assert.deepEqual(p('not(a.b = 1)'), { kind: 'not', child: bin(f('a.b'), '=', v('1')) });
  });

  test('not negates; a double not cancels out', () => {
    assert.deepEqual(p('not a.b = 1'), { kind: 'not', child: bin(f('a.b'), '=', v('1')) });
    assert.deepEqual(p('not not a.b = 1'), bin(f('a.b'), '=', v('1')));
    assert.deepEqual(p('not\tnot\nnot a.b exists'), {
      kind: 'not',
      child: { kind: 'unary', field: f('a.b'), op: 'exists' },
    });
  });

  test('identifiers are macro references', () => {
    assert.deepEqual(p('spawned_process and not shell_procs'), {
      kind: 'and',
      children: [
        { kind: 'identifier', name: 'spawned_process' },
        { kind: 'not', child: { kind: 'identifier', name: 'shell_procs' } },
      ],
    });
  });

  test('keywords are lower-case only: an upper-case AND is not an operator', () => {
    assert.throws(() => parseCondition('a.b = 1 AND c.d = 2'), {
      name: 'ConditionSyntaxError',
      message: "unexpected token after '1', expecting 'or', 'and'",
    });
  });

  test('blanks include tabs, CR, LF and backspace', () => {
    assert.deepEqual(p('\t a.b\n=\r1 \b'), bin(f('a.b'), '=', v('1')));
  });
});

describe('parseCondition: operators', () => {
  for (const op of ['=', '==', '!=', '<', '<=', '>', '>=']) {
    test(`symbol operator ${op} needs no blanks`, () => {
      assert.deepEqual(p(`a.b${op}5`), bin(f('a.b'), op, v('5')));
    });
  }

  for (const op of [
    'contains',
    'icontains',
    'bcontains',
    'startswith',
    'bstartswith',
    'endswith',
    'glob',
    'iglob',
    'regex',
  ]) {
    test(`word operator ${op}`, () => {
      assert.deepEqual(p(`a.b ${op} xyz`), bin(f('a.b'), op, v('xyz')));
    });
  }

  for (const op of ['in', 'intersects', 'pmatch']) {
    test(`list operator ${op}`, () => {
      assert.deepEqual(p(`a.b ${op} (x, y)`), bin(f('a.b'), op, { kind: 'list', items: [v('x'), v('y')] }));
      assert.deepEqual(p(`a.b ${op}(x)`), bin(f('a.b'), op, { kind: 'list', items: [v('x')] }));
    });
  }

  test('exists is unary', () => {
    assert.deepEqual(p('k8s.ns.name exists'), { kind: 'unary', field: f('k8s.ns.name'), op: 'exists' });
  });

  test('numbers after numeric operators, including hex, signs and exponents', () => {
    assert.deepEqual(p('a.b > 0x1F'), bin(f('a.b'), '>', v('0x1F')));
    assert.deepEqual(p('a.b < -5'), bin(f('a.b'), '<', v('-5')));
    assert.deepEqual(p('a.b >= 1.5e+3'), bin(f('a.b'), '>=', v('1.5e+3')));
  });

  test('list items: bare, both quote kinds, empty list', () => {
    assert.deepEqual(
      p(`a.b in (x, 'c d', "e,f", /g/h)`),
      bin(f('a.b'), 'in', { kind: 'list', items: [v('x'), v('c d', true), v('e,f', true), v('/g/h')] }),
    );
    assert.deepEqual(p('a.b in ()'), bin(f('a.b'), 'in', { kind: 'list', items: [] }));
    assert.deepEqual(p('a.b in ( )'), bin(f('a.b'), 'in', { kind: 'list', items: [] }));
  });

  test('a bare identifier after a list operator names a list', () => {
    assert.deepEqual(p('proc.name in shell_binaries'), bin(f('proc.name'), 'in', v('shell_binaries')));
  });

  test('bare values stop at blanks, parentheses, commas, = and quotes', () => {
    assert.deepEqual(p('a.b = /usr/bin/x-y_z.1!<>'), bin(f('a.b'), '=', v('/usr/bin/x-y_z.1!<>')));
    assert.deepEqual(p('(a.b = x)'), bin(f('a.b'), '=', v('x')));
  });
});

describe('parseCondition: quoted strings', () => {
  test('both quote kinds, with the other kind inside', () => {
    assert.deepEqual(p(`a.b = "it's"`), bin(f('a.b'), '=', v("it's", true)));
    assert.deepEqual(p(`a.b = 'say "x"'`), bin(f('a.b'), '=', v('say "x"', true)));
  });

  test('escapes: \\b \\f \\n \\r \\t \\\\ \\/ and the own delimiter', () => {
    assert.deepEqual(p(String.raw`a.b = "\b\f\n\r\t\\\/\""`), bin(f('a.b'), '=', v('\b\f\n\r\t\\/"', true)));
    assert.deepEqual(p(String.raw`a.b = '\''`), bin(f('a.b'), '=', v("'", true)));
  });

  test('a backslash-space decodes to a backslash (kept by libsinsp for old rules)', () => {
    assert.deepEqual(p(String.raw`a.b = "C:\ x"`), bin(f('a.b'), '=', v('C:\\x', true)));
  });

  test('an empty quoted string', () => {
    assert.deepEqual(p('a.b = ""'), bin(f('a.b'), '=', v('', true)));
  });
});

describe('parseCondition: fields and arguments', () => {
  test('bracket arguments: index, key, path, quoted', () => {
    assert.deepEqual(p('proc.aname[2] = bash'), bin(f('proc.aname', '2'), '=', v('bash')));
    assert.deepEqual(p('ka.uri.param[x] = 1'), bin(f('ka.uri.param', 'x'), '=', v('1')));
    assert.deepEqual(p('jevt.value[/a/b] = c'), bin(f('jevt.value', '/a/b'), '=', v('c')));
    assert.deepEqual(p('container.mount.dest[/path] exists'), {
      kind: 'unary',
      field: f('container.mount.dest', '/path'),
      op: 'exists',
    });
    assert.deepEqual(p('evt.arg[0] = x'), bin(f('evt.arg', '0'), '=', v('x')));
    assert.deepEqual(p(`jevt.value["/a b"] = c`), bin(f('jevt.value', '/a b'), '=', v('c')));
  });

  test('dotted arguments stay part of the field name (the source resolves them)', () => {
    assert.deepEqual(p('evt.arg.name = x'), bin(f('evt.arg.name'), '=', v('x')));
  });
});

describe('parseCondition: transformers and right-hand fields', () => {
  test('transformers on the left, nested', () => {
    assert.deepEqual(
      p('tolower(proc.name) = bash'),
      bin({ kind: 'transformer', name: 'tolower', args: [f('proc.name')] }, '=', v('bash')),
    );
    assert.deepEqual(
      p('toupper( basename(fd.name) ) = X'),
      bin(
        {
          kind: 'transformer',
          name: 'toupper',
          args: [{ kind: 'transformer', name: 'basename', args: [f('fd.name')] }],
        },
        '=',
        v('X'),
      ),
    );
    for (const t of ['b64', 'len']) {
      assert.deepEqual(p(`${t}(proc.name) exists`), {
        kind: 'unary',
        field: { kind: 'transformer', name: t, args: [f('proc.name')] },
        op: 'exists',
      });
    }
  });

  test('multi-argument transformers take fields, quoted strings, numbers and argument lists', () => {
    assert.deepEqual(
      p(`join(",", proc.args) = "a,b"`),
      bin({ kind: 'transformer', name: 'join', args: [v(',', true), f('proc.args')] }, '=', v('a,b', true)),
    );
    assert.deepEqual(
      p('concat(proc.name, "-", 1) = x'),
      bin({ kind: 'transformer', name: 'concat', args: [f('proc.name'), v('-', true), v('1')] }, '=', v('x')),
    );
    assert.deepEqual(
      p(`join(',', (proc.name, "x", 2, tolower(proc.pname))) = y`),
      bin(
        {
          kind: 'transformer',
          name: 'join',
          args: [
            v(',', true),
            {
              kind: 'transformerlist',
              items: [
                f('proc.name'),
                v('x', true),
                v('2'),
                { kind: 'transformer', name: 'tolower', args: [f('proc.pname')] },
              ],
            },
          ],
        },
        '=',
        v('y'),
      ),
    );
    assert.deepEqual(
      p('join(",", ()) = ""'),
      bin(
        { kind: 'transformer', name: 'join', args: [v(',', true), { kind: 'transformerlist', items: [] }] },
        '=',
        v('', true),
      ),
    );
  });

  test('getopt with a selector argument', () => {
    assert.deepEqual(
      p(`getopt(proc.args, "nt:")[t] = foo`),
      bin({ kind: 'transformer', name: 'getopt', args: [f('proc.args'), v('nt:', true)], arg: 't' }, '=', v('foo')),
    );
  });

  test('val() and bare transformers on the right-hand side', () => {
    assert.deepEqual(
      p('proc.name = val(proc.pname)'),
      bin(f('proc.name'), '=', { kind: 'fieldvalue', field: f('proc.pname') }),
    );
    assert.deepEqual(
      p('proc.name = val( proc.aname[1] )'),
      bin(f('proc.name'), '=', { kind: 'fieldvalue', field: f('proc.aname', '1') }),
    );
    assert.deepEqual(
      p('proc.name = tolower(proc.pname)'),
      bin(f('proc.name'), '=', {
        kind: 'fieldvalue',
        field: { kind: 'transformer', name: 'tolower', args: [f('proc.pname')] },
      }),
    );
    assert.deepEqual(
      p('proc.pid > val(proc.vpid)'),
      bin(f('proc.pid'), '>', { kind: 'fieldvalue', field: f('proc.vpid') }),
    );
    assert.deepEqual(
      p('proc.args in val(proc.env)'),
      bin(f('proc.args'), 'in', { kind: 'fieldvalue', field: f('proc.env') }),
    );
  });

  test('a transformer name without parenthesis is a plain value or identifier', () => {
    assert.deepEqual(p('proc.name = tolower'), bin(f('proc.name'), '=', v('tolower')));
    assert.deepEqual(p('val'), { kind: 'identifier', name: 'val' });
  });
});

describe('parseCondition: comparison modifiers', () => {
  for (const m of ['oneof', 'anyof', 'allof']) {
    test(`${m} after a string operator takes a list`, () => {
      assert.deepEqual(p(`proc.name startswith ${m} (a, b)`), {
        kind: 'binary',
        field: f('proc.name'),
        op: 'startswith',
        modifier: m,
        value: { kind: 'list', items: [v('a'), v('b')] },
      });
    });
  }

  test('a modifier may name a list, and may directly precede the parenthesis', () => {
    assert.deepEqual(p('proc.name == anyof shells'), {
      kind: 'binary',
      field: f('proc.name'),
      op: '==',
      modifier: 'anyof',
      value: v('shells'),
    });
    assert.deepEqual(p('proc.name != allof(a)'), {
      kind: 'binary',
      field: f('proc.name'),
      op: '!=',
      modifier: 'allof',
      value: { kind: 'list', items: [v('a')] },
    });
  });

  test('without a list after it the word is an ordinary value', () => {
    assert.deepEqual(p('proc.name = anyof'), bin(f('proc.name'), '=', v('anyof')));
    assert.deepEqual(p('proc.name = anyof and a.b = 1'), {
      kind: 'and',
      children: [bin(f('proc.name'), '=', v('anyof')), bin(f('a.b'), '=', v('1'))],
    });
    assert.deepEqual(p('proc.name = oneofx'), bin(f('proc.name'), '=', v('oneofx')));
  });
});

describe('parseCondition: positions', () => {
  test('offset, line and column of nodes', () => {
    const ast = parseCondition('a.b = 1 and\n  not c.d = "x"');
    assert.equal(ast.kind, 'and');
    if (ast.kind !== 'and') return;
    assert.deepEqual(ast.children[0].pos, { offset: 0, line: 1, col: 1 });
    const negation = ast.children[1];
    assert.deepEqual(negation.pos, { offset: 14, line: 2, col: 3 });
    if (negation.kind !== 'not' || negation.child.kind !== 'binary') return assert.fail('expected not(binary)');
    assert.deepEqual(negation.child.pos, { offset: 18, line: 2, col: 7 });
    assert.deepEqual(negation.child.value.pos, { offset: 24, line: 2, col: 13 });
  });

  test('a CR and a LF both start a new line (as libsinsp counts)', () => {
    const ast = parseCondition('a.b = 1 or\r\nc.d = 2');
    if (ast.kind !== 'or') return assert.fail('expected or');
    assert.deepEqual(ast.children[1].pos, { offset: 12, line: 3, col: 1 });
  });
});
