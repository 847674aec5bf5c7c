// Which event types a condition can match, as libsinsp computes it to index rules (and to warn
// about rules that match too many): an `and` intersects its children's sets, an `or` unites
// them, `evt.type` (or `syscall.type`) checks with =, ==, != and `in` select event codes, every
// other check is neutral (all codes). Negations are pushed down to the leaves (De Morgan), where
// they complement the sets of evt.type checks and leave neutral checks neutral; so
// `not proc.name=foo and evt.type=open` still selects only `open`. `evt.num` checks that can
// never (or always) hold select no (or every) code.
//
// Sets are computed over event codes, like libsinsp: a name selects every code bearing it (all
// versions, both directions); a syscall name without its own event selects the generic events;
// unknown names select nothing.

import { allEventIds, EVENT_IDS_BY_NAME, EVENT_NAMES_BY_ID, eventIdsForNames } from '../events/eventTypes.js';
import type { ConditionNode, FieldExpr, Operand, TransformerListNode, ValueNode } from './ast.js';
import { ConditionCompileError } from './errors.js';
import { parseCInteger } from './eval/numbers.js';

/** The event codes conditions are resolved against, with their names. */
export interface EventTypeUniverse {
  /** Every event code. */
  readonly allCodes: ReadonlySet<number>;
  /** The codes `evt.type` values select (libsinsp's names_to_event_set). */
  codesForValues(names: Iterable<string>): Set<number>;
  /** The name of a code. */
  nameOf(code: number): string;
  /** Every code bearing a name. */
  codesNamed(name: string): readonly number[];
}

/** The syscall source's event table (with libsinsp's generic-event handling). */
export const SYSCALL_EVENT_UNIVERSE: EventTypeUniverse = {
  allCodes: allEventIds(),
  codesForValues: (names) => eventIdsForNames(names),
  nameOf: (code) => EVENT_NAMES_BY_ID[code] ?? '',
  codesNamed: (name) => EVENT_IDS_BY_NAME.get(name) ?? [],
};

/** A universe where each name is one event type (for name lists that are not the event table). */
export function universeOfNames(names: Iterable<string>): EventTypeUniverse {
  const list = [...new Set(names)];
  const index = new Map(list.map((n, i) => [n, i]));
  return {
    allCodes: new Set(list.map((_, i) => i)),
    codesForValues: (values) => {
      const out = new Set<number>();
      for (const v of values) {
        const code = index.get(v);
        if (code !== undefined) out.add(code);
      }
      return out;
    },
    nameOf: (code) => list[code],
    codesNamed: (name) => {
      const code = index.get(name);
      return code === undefined ? [] : [code];
    },
  };
}

function toUniverse(u: ReadonlySet<string> | EventTypeUniverse): EventTypeUniverse {
  return 'allCodes' in u ? (u as EventTypeUniverse) : universeOfNames(u as ReadonlySet<string>);
}

const EVTTYPE_OPS = new Set(['==', '=', '!=', 'in']);

function isEvtTypeField(expr: FieldExpr | ValueNode | TransformerListNode): boolean {
  return expr.kind === 'field' && (expr.name === 'evt.type' || expr.name === 'syscall.type') && expr.arg === undefined;
}

/** libsinsp refuses transformers over evt.type when resolving event codes. */
function rejectTransformedEvtType(expr: FieldExpr | ValueNode | TransformerListNode): void {
  if (expr.kind === 'transformer') {
    for (const a of expr.args) {
      if (isEvtTypeField(a)) {
        throw new ConditionCompileError(
          'event code search does not support `evt.type` checks with transformers',
          expr.pos,
        );
      }
      rejectTransformedEvtType(a);
    }
  } else if (expr.kind === 'transformerlist') {
    for (const i of expr.items) rejectTransformedEvtType(i);
  }
}

type Invariant = 'empty' | 'all' | undefined;

const U64 = { bits: 64, signed: false, scanBits: 64 } as const;

function u64(text: string): bigint | undefined {
  try {
    return parseCInteger(text, U64);
  } catch {
    return undefined;
  }
}

/** evt.num starts at 1, so some checks on it are decided statically. */
function evtNumInvariant(field: FieldExpr, op: string, value: Operand): Invariant {
  if (field.kind !== 'field' || field.name !== 'evt.num' || field.arg !== undefined) return undefined;
  if (op === 'in') {
    if (value.kind !== 'list') return undefined;
    if (value.items.length === 0) return 'empty';
    return value.items.every((i) => u64(i.value) === 0n) ? 'empty' : undefined;
  }
  if (value.kind !== 'value') return undefined;
  const n = u64(value.value);
  if (n === undefined) return undefined;
  switch (op) {
    case '=':
    case '==':
      return n === 0n ? 'empty' : undefined;
    case '!=':
      return n === 0n ? 'all' : undefined;
    case '<':
      return n <= 1n ? 'empty' : undefined;
    case '<=':
      return n === 0n ? 'empty' : undefined;
    case '>':
      return n === 0n ? 'all' : undefined;
    case '>=':
      return n <= 1n ? 'all' : undefined;
    default:
      return undefined;
  }
}

class Resolver {
  constructor(private readonly u: EventTypeUniverse) {}

  private all(): Set<number> {
    return new Set(this.u.allCodes);
  }

  private complement(codes: ReadonlySet<number>): Set<number> {
    const out = new Set<number>();
    for (const c of this.u.allCodes) if (!codes.has(c)) out.add(c);
    return out;
  }

  private selected(codes: Set<number>, negated: boolean): Set<number> {
    return negated ? this.complement(codes) : codes;
  }

  resolve(node: ConditionNode, negated: boolean): Set<number> {
    switch (node.kind) {
      case 'and':
      case 'or': {
        // under a negation, De Morgan turns an `and` into an `or` and vice versa
        const intersect = (node.kind === 'and') !== negated;
        const acc: Set<number> = intersect ? this.all() : new Set();
        for (const child of node.children) {
          const codes = this.resolve(child, negated);
          if (intersect) {
            for (const c of acc) if (!codes.has(c)) acc.delete(c);
          } else {
            for (const c of codes) acc.add(c);
          }
        }
        return acc;
      }
      case 'not':
        return this.resolve(node.child, !negated);
      case 'identifier':
        return this.all();
      case 'unary':
        rejectTransformedEvtType(node.field);
        // `evt.type exists` holds for every event, so its negation holds for none
        return isEvtTypeField(node.field) ? this.selected(this.all(), negated) : this.all();
      case 'binary': {
        const invariant = evtNumInvariant(node.field, node.op, node.value);
        if (invariant !== undefined) return this.selected(invariant === 'all' ? this.all() : new Set(), negated);
        if (!EVTTYPE_OPS.has(node.op) || node.modifier !== undefined) return this.all();
        rejectTransformedEvtType(node.field);
        if (!isEvtTypeField(node.field)) return this.all();
        if (node.value.kind === 'fieldvalue') {
          throw new ConditionCompileError(
            'right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search',
            node.value.pos,
          );
        }
        const names = node.value.kind === 'list' ? node.value.items.map((i) => i.value) : [node.value.value];
        const codes = this.selected(this.u.codesForValues(names), negated);
        return node.op === '!=' ? this.complement(codes) : codes;
      }
    }
  }
}

/** The event codes a condition can match (libsinsp's ppm_event_codes). */
export function eventCodesOf(ast: ConditionNode, universe: EventTypeUniverse = SYSCALL_EVENT_UNIVERSE): Set<number> {
  return new Resolver(universe).resolve(ast, false);
}

/**
 * The `evt.type` names a condition can match, or null when it can match every event type.
 * Names are those of the matched codes: syscalls reached through the generic events appear as
 * `syscall`, so map names back to codes by exact name (EVENT_IDS_BY_NAME).
 */
export function eventTypesOf(
  ast: ConditionNode,
  universe: ReadonlySet<string> | EventTypeUniverse = SYSCALL_EVENT_UNIVERSE,
): Set<string> | null {
  const u = toUniverse(universe);
  const codes = eventCodesOf(ast, u);
  if (codes.size === u.allCodes.size) return null;
  const names = new Set<string>();
  for (const c of codes) names.add(u.nameOf(c));
  return names;
}

/** Above this many event codes Falco warns that a rule matches too many event types. */
export const MAX_RULE_EVENT_CODES = 100;

/** Falco's LOAD_NO_EVTTYPE criterion on a set of event codes: none at all, or more than 100. */
export function isTooManyEventCodes(codes: ReadonlySet<number>): boolean {
  return codes.size === 0 || codes.size > MAX_RULE_EVENT_CODES;
}

/**
 * Falco's LOAD_NO_EVTTYPE criterion applied to eventTypesOf's result (null means every code).
 * Names count as the number of codes bearing them.
 */
export function isTooManyEventTypes(
  types: ReadonlySet<string> | null,
  universe: ReadonlySet<string> | EventTypeUniverse = SYSCALL_EVENT_UNIVERSE,
): boolean {
  const u = toUniverse(universe);
  if (types === null) return isTooManyEventCodes(u.allCodes);
  const codes = new Set<number>();
  for (const name of types) for (const c of u.codesNamed(name)) codes.add(c);
  return isTooManyEventCodes(codes);
}
