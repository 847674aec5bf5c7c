// Compiles the field side of a check: binds fields through the event source (once each) and
// stacks transformers on them, checking types as libsinsp does.

import type { EventSource } from '../../events/source.js';
import { type FieldDef, FieldError } from '../../fields/types.js';
import type { FieldExpr, FieldNode, Pos, TransformerListNode, TransformerNode, ValueNode } from '../ast.js';
import { ConditionCompileError } from '../errors.js';
import { MULTIVALUE_TRANSFORMERS } from '../grammar.js';
import { concatTransformer, getoptTransformer, joinTransformer, listArgument } from './multiTransformers.js';
import { type SingleTransformer, transformedType, transformValues } from './transformers.js';
import type { TypedExpr } from './types.js';

/**
 * The definition of a field as written. A name the source does not define may still be a
 * field taking a dotted argument (`evt.arg.name`): its longest defined prefix is used.
 */
export function resolveFieldDef(source: EventSource<unknown>, name: string): FieldDef | undefined {
  const exact = source.findField(name);
  if (exact) return exact;
  for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
    const def = source.findField(name.slice(0, dot));
    if (def?.arg) return def;
  }
  return undefined;
}

export function nonexistentField(node: FieldNode): string {
  const written = node.arg !== undefined && node.arg !== '' ? `${node.name}[${node.arg}]` : node.name;
  return `filter_check called with nonexistent field ${written}`;
}

export function compileField<E>(node: FieldNode, source: EventSource<E>): TypedExpr<E> {
  let extract: TypedExpr<E>['extract'];
  try {
    extract = source.bindField(node.arg === undefined ? { name: node.name } : { name: node.name, arg: node.arg });
  } catch (e) {
    if (e instanceof FieldError) throw new ConditionCompileError(e.message, node.pos, { cause: e });
    throw e;
  }
  const def = resolveFieldDef(source as EventSource<unknown>, node.name);
  if (def === undefined) throw new ConditionCompileError(nonexistentField(node), node.pos);
  return { type: def.type, isList: def.isList === true, name: def.name, extract, pos: node.pos };
}

export function compileFieldExpr<E>(expr: FieldExpr, source: EventSource<E>): TypedExpr<E> {
  return expr.kind === 'field' ? compileField(expr, source) : compileTransformer(expr, source);
}

function literalArg<E>(node: ValueNode): TypedExpr<E> {
  const value = node.value;
  return { type: 'CHARBUF', isList: false, name: '', extract: () => value, constant: value, pos: node.pos };
}

function compileArg<E>(arg: FieldExpr | ValueNode | TransformerListNode, source: EventSource<E>): TypedExpr<E> {
  switch (arg.kind) {
    case 'value':
      return literalArg(arg);
    case 'transformerlist': {
      const items = arg.items.map((i) => (i.kind === 'value' ? literalArg<E>(i) : compileFieldExpr(i, source)));
      return { type: 'CHARBUF', isList: true, name: '', extract: listArgument(items), pos: arg.pos };
    }
    default:
      return compileFieldExpr(arg, source);
  }
}

function compileError(e: unknown, pos: Pos): never {
  if (e instanceof ConditionCompileError) throw e;
  throw new ConditionCompileError((e as Error).message, pos, { cause: e });
}

function compileTransformer<E>(node: TransformerNode, source: EventSource<E>): TypedExpr<E> {
  const args = node.args.map((a) => compileArg(a, source));
  // like libsinsp, errors about a transformer point at the last node visited: its last argument
  const lastPos = args.length > 0 ? args[args.length - 1].pos : node.pos;
  if (MULTIVALUE_TRANSFORMERS.has(node.name)) {
    try {
      switch (node.name) {
        case 'join':
        case 'concat': {
          const extract = node.name === 'join' ? joinTransformer(args) : concatTransformer(args);
          if (node.arg !== undefined) throw new Error(`transformer '${node.name}' does not support field arguments`);
          return { type: 'CHARBUF', isList: false, name: node.name, extract, pos: lastPos };
        }
        default: {
          const extract = getoptTransformer(args, node.arg);
          return { type: 'CHARBUF', isList: node.arg === undefined, name: node.name, extract, pos: lastPos };
        }
      }
    } catch (e) {
      compileError(e, lastPos);
    }
  }
  const name = node.name as SingleTransformer;
  if (args.length !== 1) {
    throw new ConditionCompileError(`filter error: transformer '${name}' expects exactly one argument`, node.pos);
  }
  if (node.arg !== undefined) {
    throw new ConditionCompileError(`transformer '${name}' does not support field arguments`, node.pos);
  }
  const inner = args[0];
  const out = transformedType(name, inner.type, inner.isList);
  if (out === undefined) {
    throw new ConditionCompileError(
      `can't add field transformer: type '${inner.type}' is not supported by '${name}' transformer applied on ${
        inner.isList ? 'list ' : ''
      }field '${inner.name}'`,
      inner.pos,
    );
  }
  const map = transformValues(name, inner.type);
  const extractInner = inner.extract;
  return {
    type: out.type,
    isList: out.isList,
    name: inner.name,
    extract: (evt) => map(extractInner(evt)),
    pos: inner.pos,
  };
}
