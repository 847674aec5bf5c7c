// Load-time warnings about a rule's expanded condition: `<NA>` compared with fields of the
// Kubernetes audit/JSON sources (unsafe), and fields deprecated since enter events were dropped.

import type { ConditionNode, FieldExpr, Operand } from '../condition/ast.js';
import type { LoadContext } from './context.js';
import type { LoadResult } from './result.js';

/** Deprecated fields, in Falco's order, with the text of their warnings. */
const LATENCY = 'field is not available due to the drop of enter events.';
export const DEPRECATED_FIELDS: ReadonlyArray<readonly [string, string]> = [
  [
    'evt.dir',
    "due to the drop of enter events, 'evt.dir = <' always evaluates to true, and 'evt.dir = >' always evaluates " +
      "to false. The rule expression can be simplified by removing the condition on 'evt.dir'",
  ],
  ['evt.latency', LATENCY],
  ['evt.latency.s', LATENCY],
  ['evt.latency.ns', LATENCY],
  ['evt.latency.human', LATENCY],
  ['evt.wait_latency', LATENCY],
];

const EQUALITY_OPS = new Set(['==', '=', '!=', 'in', 'intersects', 'pmatch']);
const NA = '<NA>';

const isUnsafeField = (name: string): boolean => name.startsWith('ka.') || name.startsWith('jevt.');

export function checkConditionWarnings(ast: ConditionNode, ctx: LoadContext, res: LoadResult): void {
  let unsafeNa = false;
  const deprecated = new Set<string>();

  /** Visits a field expression; returns whether the last field met is an unsafe one. */
  const visitField = (f: FieldExpr): boolean => {
    if (f.kind === 'field') {
      if (DEPRECATED_FIELDS.some(([n]) => n === f.name)) deprecated.add(f.name);
      return isUnsafeField(f.name);
    }
    let last = false;
    for (const a of f.args) {
      if (a.kind === 'transformerlist') {
        for (const i of a.items) if (i.kind !== 'value') last = visitField(i);
      } else if (a.kind !== 'value') {
        last = visitField(a);
      }
    }
    return last;
  };

  const operandHasNa = (v: Operand): boolean => {
    if (v.kind === 'value') return v.value === NA;
    if (v.kind === 'list') return v.items.some((i) => i.value === NA);
    return false;
  };

  const visit = (n: ConditionNode): void => {
    switch (n.kind) {
      case 'and':
      case 'or':
        n.children.forEach(visit);
        break;
      case 'not':
        visit(n.child);
        break;
      case 'unary':
        visitField(n.field);
        break;
      case 'binary': {
        const unsafe = visitField(n.field);
        if (n.value.kind === 'fieldvalue') visitField(n.value.field);
        if (unsafe && EQUALITY_OPS.has(n.op) && operandHasNa(n.value)) unsafeNa = true;
        break;
      }
      default:
        break;
    }
  };
  visit(ast);

  if (unsafeNa) res.addWarning('LOAD_UNSAFE_NA_CHECK', '', ctx);
  for (const [name, message] of DEPRECATED_FIELDS) {
    if (deprecated.has(name)) res.addWarning('LOAD_DEPRECATED_ITEM', message, ctx);
  }
}

/** Warnings for deprecated fields named in an output format (plain text search, as Falco does). */
export function checkOutputDeprecations(format: string, ctx: LoadContext, res: LoadResult): void {
  for (const [name] of DEPRECATED_FIELDS) {
    if (format.includes(name)) {
      res.addWarning(
        'LOAD_DEPRECATED_ITEM',
        `usage of deprecated field '${name}' has been detected in the rule output`,
        ctx,
      );
    }
  }
}
