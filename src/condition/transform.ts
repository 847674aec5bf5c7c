// Tree utilities for the rules loader: rewriting a condition (expanding macros and list names)
// and listing the fields it uses.

import type {
  BinaryCheckNode,
  ConditionNode,
  FieldExpr,
  FieldNode,
  IdentifierNode,
  ListNode,
  Operand,
  TransformerListNode,
  ValueNode,
} from './ast.js';

/** Hooks for transformCondition. Each returns a replacement, or undefined to keep the node. */
export interface ConditionTransform {
  /** A bare identifier (a macro reference). The replacement is not visited again. */
  identifier?(node: IdentifierNode): ConditionNode | undefined;
  /**
   * One item of an inline list `(a, b)`: return the items it stands for (e.g. a list name's
   * values) to splice them in its place.
   */
  listItem?(item: ValueNode, check: BinaryCheckNode): readonly ValueNode[] | undefined;
  /**
   * A binary check's right-hand operand, after its list items were handled (e.g. a bare list
   * name after `in`, which the loader turns into a ListNode).
   */
  operand?(operand: Operand, check: BinaryCheckNode): Operand | undefined;
}

/** Returns a rewritten copy of `ast`; subtrees the hooks leave alone are shared, not copied. */
export function transformCondition(ast: ConditionNode, hooks: ConditionTransform): ConditionNode {
  switch (ast.kind) {
    case 'and':
    case 'or': {
      const children = mapShared(ast.children, (c) => transformCondition(c, hooks));
      return children === ast.children ? ast : { ...ast, children };
    }
    case 'not': {
      const child = transformCondition(ast.child, hooks);
      return child === ast.child ? ast : { ...ast, child };
    }
    case 'identifier':
      return hooks.identifier?.(ast) ?? ast;
    case 'unary':
      return ast;
    case 'binary':
      return transformCheck(ast, hooks);
  }
}

function transformCheck(check: BinaryCheckNode, hooks: ConditionTransform): BinaryCheckNode {
  let value: Operand = check.value;
  if (value.kind === 'list' && hooks.listItem) value = expandListItems(value, check, hooks);
  value = hooks.operand?.(value, check) ?? value;
  return value === check.value ? check : { ...check, value };
}

function expandListItems(list: ListNode, check: BinaryCheckNode, hooks: ConditionTransform): ListNode {
  let changed = false;
  const items: ValueNode[] = [];
  for (const item of list.items) {
    const replacement = hooks.listItem?.(item, check);
    if (replacement === undefined) {
      items.push(item);
    } else {
      changed = true;
      items.push(...replacement);
    }
  }
  return changed ? { ...list, items } : list;
}

function mapShared<T>(items: T[], fn: (item: T) => T): T[] {
  let out: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const next = fn(items[i]);
    if (next !== items[i] && out === undefined) out = items.slice(0, i);
    if (out !== undefined) out.push(next);
  }
  return out ?? items;
}

/** Every field the condition reads, in order of appearance (inside transformers and val() too). */
export function collectFields(ast: ConditionNode): FieldNode[] {
  const out: FieldNode[] = [];
  visitChecks(ast, out);
  return out;
}

function visitChecks(node: ConditionNode, out: FieldNode[]): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const c of node.children) visitChecks(c, out);
      return;
    case 'not':
      visitChecks(node.child, out);
      return;
    case 'identifier':
      return;
    case 'unary':
      collectFromExpr(node.field, out);
      return;
    case 'binary':
      collectFromExpr(node.field, out);
      if (node.value.kind === 'fieldvalue') collectFromExpr(node.value.field, out);
  }
}

function collectFromExpr(expr: FieldExpr | ValueNode | TransformerListNode, out: FieldNode[]): void {
  switch (expr.kind) {
    case 'field':
      out.push(expr);
      return;
    case 'transformer':
      for (const a of expr.args) collectFromExpr(a, out);
      return;
    case 'transformerlist':
      for (const i of expr.items) collectFromExpr(i, out);
      return;
    case 'value':
      return;
  }
}
