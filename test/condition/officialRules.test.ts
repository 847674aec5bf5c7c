// Every condition of the official rules files parses; with macros and lists expanded through
// transformCondition (as the rules loader does), every rule resolves its event types.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ConditionNode,
  eventTypesOf,
  formatCondition,
  isTooManyEventTypes,
  parseCondition,
  transformCondition,
  type ValueNode,
} from '../../src/condition/index.js';
import { shape } from './helpers/ast.js';
import { OFFICIAL_RULES_FILES, type RulesItem, readRulesFile } from './helpers/corpus.js';

function expander(items: RulesItem[]) {
  const lists = new Map<string, string[]>();
  for (const i of items) {
    if (i.list === undefined) continue;
    const values = (i.items ?? []).map(String).flatMap((v) => lists.get(v) ?? [v]);
    lists.set(i.list, [...(lists.get(i.list) ?? []), ...values]);
  }
  const macros = new Map<string, ConditionNode>();
  const toValues = (names: string[], like: ValueNode): ValueNode[] =>
    names.map((value) => ({ kind: 'value', value, quoted: false, pos: like.pos }));
  const expand = (ast: ConditionNode): ConditionNode =>
    transformCondition(ast, {
      identifier: (node) => {
        const body = macros.get(node.name);
        return body === undefined ? undefined : expand(body);
      },
      listItem: (item) => {
        const values = lists.get(item.value);
        return values === undefined ? undefined : toValues(values, item);
      },
      operand: (operand) => {
        if (operand.kind !== 'value' || operand.quoted) return undefined;
        const values = lists.get(operand.value);
        return values === undefined ? undefined : { kind: 'list', items: toValues(values, operand), pos: operand.pos };
      },
    });
  for (const i of items) {
    if (i.macro !== undefined && typeof i.condition === 'string') macros.set(i.macro, parseCondition(i.condition));
  }
  return expand;
}

describe('official rules', () => {
  for (const file of OFFICIAL_RULES_FILES) {
    const items = readRulesFile(file);
    test(`${file}: every macro and rule condition parses and formats back to the same tree`, () => {
      let count = 0;
      for (const item of items) {
        if (typeof item.condition !== 'string') continue;
        const ast = parseCondition(item.condition);
        assert.deepEqual(shape(parseCondition(formatCondition(ast))), shape(ast), item.rule ?? item.macro);
        count++;
      }
      assert.ok(count > 0);
    });

    test(`${file}: every list item is a valid list value`, () => {
      for (const item of items) {
        if (item.list === undefined) continue;
        for (const v of item.items ?? []) {
          const text = String(v);
          const written = /^[^()"' \t\n\v\f\r=,]+$/.test(text) ? text : JSON.stringify(text);
          assert.doesNotThrow(() => parseCondition(`a.b in (${written})`), `${item.list}: ${text}`);
        }
      }
    });

    test(`${file}: expanded rules resolve their event types`, () => {
      const expand = expander(items);
      for (const item of items) {
        if (item.rule === undefined || typeof item.condition !== 'string') continue;
        const ast = expand(parseCondition(item.condition));
        const types = eventTypesOf(ast);
        // Falco's default rules load without LOAD_NO_EVTTYPE warnings (builtin_rules_no_warnings)
        if (file.endsWith('/falco_rules.yaml')) assert.equal(isTooManyEventTypes(types), false, item.rule);
      }
    });
  }
});
