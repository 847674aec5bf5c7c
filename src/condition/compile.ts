// Compiles a condition AST into a predicate over events. Every field is bound once through the
// event source; literals are parsed and checked against the field's type at compile time; the
// resulting closures do no parsing and, for plain comparisons, no allocation per event.
//
// Semantics follow libsinsp: a value that cannot be extracted makes its check false (`!=`
// included); list fields support only `in`, `intersects` and `exists`; operators are checked
// against the field type (after transformers) with libsinsp's messages.

import type { EventSource } from '../events/source.js';
import { FieldError, type FieldScalar, type FieldValue } from '../fields/types.js';
import type { BinaryCheckNode, ConditionNode, FieldExpr, ListNode, Operand, Pos, ValueNode } from './ast.js';
import { ConditionCompileError, type ConditionWarning } from './errors.js';
import { incompatibility } from './eval/comparable.js';
import { pairTest } from './eval/dynamic.js';
import { compileFieldExpr, resolveFieldDef } from './eval/fieldExpr.js';
import { listTest, literalTest, type Test } from './eval/predicates.js';
import { familyOf, opName, type TypedExpr } from './eval/types.js';
import { literalWarnings } from './eval/warnings.js';
import { acceptsModifier, FIELD_NAME_FULL, isListOperator } from './grammar.js';

export type CompiledCondition<E> = (evt: E) => boolean;

export interface CompileOptions {
  /** Receives libsinsp's compile-time remarks about suspicious literals. */
  onWarning?: (warning: ConditionWarning) => void;
}

/**
 * Compiles an expanded condition (no macro references left) for an event source. Throws
 * ConditionCompileError with Falco's message and the offending node's position.
 */
export function compileCondition<E>(
  ast: ConditionNode,
  source: EventSource<E>,
  options: CompileOptions = {},
): CompiledCondition<E> {
  return new Compiler(source, options).node(ast);
}

class Compiler<E> {
  constructor(
    private readonly source: EventSource<E>,
    private readonly options: CompileOptions,
  ) {}

  node(node: ConditionNode): CompiledCondition<E> {
    switch (node.kind) {
      case 'and':
        return allOf(node.children.map((c) => this.node(c)));
      case 'or':
        return anyOf(node.children.map((c) => this.node(c)));
      case 'not': {
        const child = this.node(node.child);
        return (evt) => !child(evt);
      }
      case 'identifier':
        throw new ConditionCompileError(`Undefined macro '${node.name}' used in filter.`, node.pos);
      case 'unary': {
        const extract = compileFieldExpr(node.field, this.source).extract;
        return (evt) => extract(evt) !== undefined;
      }
      case 'binary':
        return this.check(node);
    }
  }

  private check(node: BinaryCheckNode): CompiledCondition<E> {
    const lhs = compileFieldExpr(node.field, this.source);
    const op = opName(node.op);
    if (node.modifier !== undefined && !acceptsModifier(node.op)) {
      throw new ConditionCompileError(`filter error: operator '${op}' does not support modifiers`, node.pos);
    }
    const problem = incompatibility(op, lhs.type, lhs.isList);
    if (problem !== undefined) throw new ConditionCompileError(`filter error: ${problem}`, lhs.pos);
    if (node.value.kind === 'fieldvalue') return this.fieldComparison(node, lhs);
    return this.literalComparison(node, lhs, node.value);
  }

  private literalComparison(
    node: BinaryCheckNode,
    lhs: TypedExpr<E>,
    value: ValueNode | ListNode,
  ): CompiledCondition<E> {
    const op = opName(node.op);
    const items = value.kind === 'list' ? value.items : [value];
    if (value.kind === 'list' && !isListOperator(node.op) && node.modifier === undefined) {
      throw new ConditionCompileError(`filter error: operator '${op}' expects a single value, not a list`, value.pos);
    }
    this.checkLiterals(node.field, op, items, value.pos);
    let test: Test;
    try {
      test = literalTest(
        familyOf(lhs.type),
        lhs.type,
        op,
        items.map((i) => i.value),
        node.modifier,
      );
    } catch (e) {
      // libsinsp reports the position of the value, or of the list holding it
      throw new ConditionCompileError((e as Error).message, value.pos, { cause: e });
    }
    return lhs.isList ? listCheck(lhs.extract, op, test) : scalarCheck(lhs.extract, test);
  }

  /** Field-level validation (e.g. evt.type names) and libsinsp's warnings, per literal. */
  private checkLiterals(field: FieldExpr, op: string, items: readonly ValueNode[], at: Pos): void {
    for (const item of items) {
      if (this.options.onWarning) {
        for (const w of literalWarnings(op, item.value, item.pos, (t) => this.isFieldName(t)))
          this.options.onWarning(w);
      }
      if (field.kind !== 'field' || !this.source.checkValue) continue;
      try {
        this.source.checkValue(
          field.arg === undefined ? { name: field.name } : { name: field.name, arg: field.arg },
          item.value,
        );
      } catch (e) {
        if (e instanceof FieldError) throw new ConditionCompileError(e.message, at, { cause: e });
        throw e;
      }
    }
  }

  private isFieldName(text: string): boolean {
    const bracket = text.indexOf('[');
    const name = bracket < 0 ? text : text.slice(0, bracket);
    if (!FIELD_NAME_FULL.test(name) || (bracket >= 0 && !text.endsWith(']'))) return false;
    return resolveFieldDef(this.source as EventSource<unknown>, name) !== undefined;
  }

  private fieldComparison(node: BinaryCheckNode, lhs: TypedExpr<E>): CompiledCondition<E> {
    const value = node.value as Extract<Operand, { kind: 'fieldvalue' }>;
    const rhs = compileFieldExpr(value.field, this.source);
    const op = opName(node.op);
    // libsinsp reports these at the last node it visited: the right-hand field
    const fail = (message: string): never => {
      throw new ConditionCompileError(message, rhs.pos);
    };
    if (op === 'pmatch' || op === 'regex')
      fail(`operator '${op.toUpperCase()}' doesn't support right-hand side fields`);
    if (lhs.type === 'IPNET') fail("field type 'IPNET' doesn't support right-hand side fields");
    if (lhs.type !== rhs.type || lhs.isList !== rhs.isList) {
      fail(
        `field '${lhs.name}' has type '${lhs.type}${lhs.isList ? ' (list)' : ''}' while the right-hand side field '${
          rhs.name
        }' has incompatible type '${rhs.type}${rhs.isList ? ' (list)' : ''}'`,
      );
    }
    const pair = pairTest(familyOf(lhs.type), op);
    const left = lhs.extract;
    const right = rhs.extract;
    if (lhs.isList) {
      // both sides are lists: `in` wants every left value among the right ones, `intersects` one
      const every = op === 'in';
      return (evt) => {
        const a = left(evt);
        if (a === undefined) return false;
        const b = right(evt);
        if (b === undefined) return false;
        if (!Array.isArray(a)) return among(pair, a, b);
        for (let i = 0; i < a.length; i++) {
          const found = among(pair, a[i], b);
          if (every !== found) return found;
        }
        return every;
      };
    }
    // a right-hand field yields one value, and any modifier over one value is the operator itself
    return (evt) => {
      const a = scalarOf(left(evt));
      if (a === undefined) return false;
      const b = scalarOf(right(evt));
      if (b === undefined) return false;
      return pair(a, b);
    };
  }
}

function among(pair: (a: FieldScalar, b: FieldScalar) => boolean, x: FieldScalar, values: FieldValue): boolean {
  if (!Array.isArray(values)) return values !== undefined && pair(x, values);
  for (let i = 0; i < values.length; i++) if (pair(x, values[i])) return true;
  return false;
}

/** The single value of a non-list field; libsinsp treats "no value" as a failed extraction. */
function scalarOf(v: FieldValue): FieldScalar | undefined {
  if (!Array.isArray(v)) return v;
  return v.length === 1 ? v[0] : undefined;
}

function scalarCheck<E>(extract: (evt: E) => FieldValue, test: Test): CompiledCondition<E> {
  return (evt) => {
    const v = extract(evt);
    if (v === undefined) return false;
    if (!Array.isArray(v)) return test(v);
    // Several values of a non-list field (proc.aname, fd.ip): libsinsp matches when any does.
    for (let i = 0; i < v.length; i++) if (test(v[i])) return true;
    return false;
  };
}

function listCheck<E>(extract: (evt: E) => FieldValue, op: string, member: Test): CompiledCondition<E> {
  const test = listTest(op, member);
  return (evt) => {
    const v = extract(evt);
    if (v === undefined) return false;
    // a lone value stands for a one-element list
    return Array.isArray(v) ? test(v) : member(v);
  };
}

function allOf<E>(children: CompiledCondition<E>[]): CompiledCondition<E> {
  if (children.length === 2) {
    const [a, b] = children;
    return (evt) => a(evt) && b(evt);
  }
  return (evt) => {
    for (let i = 0; i < children.length; i++) if (!children[i](evt)) return false;
    return true;
  };
}

function anyOf<E>(children: CompiledCondition<E>[]): CompiledCondition<E> {
  if (children.length === 2) {
    const [a, b] = children;
    return (evt) => a(evt) || b(evt);
  }
  return (evt) => {
    for (let i = 0; i < children.length; i++) if (children[i](evt)) return true;
    return false;
  };
}
