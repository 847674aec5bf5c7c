// Replaces macro references (bare identifiers under and/or/not) with copies of the macros'
// conditions, recursively, detecting reference loops. Mirrors Falco's filter_macro_resolver.

import type { ConditionNode, Pos } from '../condition/ast.js';

export interface MacroRef {
  name: string;
  pos: Pos;
}

export interface MacroResolution {
  ast: ConditionNode;
  /** Loop errors, in the order met. */
  errors: Array<{ message: string; pos: Pos }>;
  /** References to names that are not (visible) macros. */
  unknown: MacroRef[];
  /** Every macro reference that was substituted (nested ones included). */
  resolved: MacroRef[];
}

export function resolveMacros(ast: ConditionNode, macros: ReadonlyMap<string, ConditionNode>): MacroResolution {
  const out: MacroResolution = { ast, errors: [], unknown: [], resolved: [] };
  const path: string[] = [];

  const visit = (node: ConditionNode): ConditionNode | undefined => {
    switch (node.kind) {
      case 'and':
      case 'or':
        for (let i = 0; i < node.children.length; i++) {
          const sub = visit(node.children[i]);
          if (sub) node.children[i] = sub;
        }
        return undefined;
      case 'not': {
        const sub = visit(node.child);
        if (sub) node.child = sub;
        return undefined;
      }
      case 'identifier': {
        const macro = macros.get(node.name);
        if (!macro) {
          out.unknown.push({ name: node.name, pos: node.pos });
          return undefined;
        }
        if (path.includes(node.name)) {
          out.errors.push({ message: `reference loop in macro '${node.name}'`, pos: node.pos });
          out.unknown.push({ name: node.name, pos: node.pos });
          return undefined;
        }
        path.push(node.name);
        const copy = structuredClone(macro);
        const sub = visit(copy);
        out.resolved.push({ name: node.name, pos: node.pos });
        path.pop();
        return sub ?? copy;
      }
      default:
        // Checks hold no macro references.
        return undefined;
    }
  };

  const sub = visit(ast);
  if (sub) out.ast = sub;
  return out;
}
