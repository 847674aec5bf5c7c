// AST helpers for tests: position-free copies for deep comparison.

import type { ConditionNode } from '../../../src/condition/ast.js';

/** A deep copy without `pos` keys, for comparing trees regardless of where nodes were written. */
export function withoutPos(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPos);
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'pos') out[k] = withoutPos(v);
    return out;
  }
  return node;
}

export function shape(ast: ConditionNode): unknown {
  return withoutPos(ast);
}
