import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ConditionNode,
  collectFields,
  formatCondition,
  parseCondition,
  transformCondition,
} from '../../src/condition/index.js';

describe('transformCondition', () => {
  test('replaces macro references and leaves the rest shared', () => {
    const ast = parseCondition('proc.name = a and not my_macro');
    const body = parseCondition('fd.name = x or fd.name = y');
    const out = transformCondition(ast, { identifier: (n) => (n.name === 'my_macro' ? body : undefined) });
    assert.equal(formatCondition(out), 'proc.name = a and not (fd.name = x or fd.name = y)');
    if (ast.kind !== 'and' || out.kind !== 'and') return assert.fail();
    assert.equal(out.children[0], ast.children[0]);
    assert.notEqual(out, ast);
  });

  test('returns the same tree when nothing changes', () => {
    const ast = parseCondition('a.b = 1 and (c.d in (x) or unknown_macro)');
    assert.equal(transformCondition(ast, { identifier: () => undefined, listItem: () => undefined }), ast);
  });

  test('expands list names inside inline lists, splicing their items', () => {
    const ast = parseCondition('proc.name in (shells, zsh) and fd.name pmatch (dirs)');
    const lists: Record<string, string[]> = { shells: ['bash', 'sh'], dirs: [] };
    const out = transformCondition(ast, {
      listItem: (item) => lists[item.value]?.map((value) => ({ ...item, value })),
    });
    assert.equal(formatCondition(out), 'proc.name in (bash, sh, zsh) and fd.name pmatch ()');
  });

  test('replaces a bare list name after a list operator', () => {
    const ast = parseCondition('proc.name in shells');
    const out = transformCondition(ast, {
      operand: (operand) =>
        operand.kind === 'value' && operand.value === 'shells'
          ? { kind: 'list', items: [{ ...operand, value: 'bash' }], pos: operand.pos }
          : undefined,
    });
    assert.equal(formatCondition(out), 'proc.name in (bash)');
  });

  test('hooks see the enclosing check', () => {
    const seen: string[] = [];
    transformCondition(parseCondition('a.b in (x) and c.d startswith anyof (y)'), {
      listItem: (item, check) => {
        seen.push(`${check.op}:${item.value}`);
        return undefined;
      },
    });
    assert.deepEqual(seen, ['in:x', 'startswith:y']);
  });
});

describe('collectFields', () => {
  test('lists fields in order, inside transformers, lists and val()', () => {
    const ast: ConditionNode = parseCondition(
      'a.b = 1 and tolower(c.d) exists and e.f = val(g.h) or join(",", (i.j, "x")) = y and k.l[2] in (z)',
    );
    assert.deepEqual(
      collectFields(ast).map((f) => (f.arg === undefined ? f.name : `${f.name}[${f.arg}]`)),
      ['a.b', 'c.d', 'e.f', 'g.h', 'i.j', 'k.l[2]'],
    );
  });

  test('macro references have no fields', () => {
    assert.deepEqual(collectFields(parseCondition('a_macro and not b_macro')), []);
  });
});
