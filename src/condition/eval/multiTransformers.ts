// Transformers over several arguments (libsinsp's multivalue transformers): join, concat and
// getopt, plus parenthesised argument lists. Argument checks and messages are libsinsp's.

import type { FieldScalar, FieldValue } from '../../fields/types.js';
import type { TypedExpr } from './types.js';

function fail(message: string): never {
  throw new Error(message);
}

function str(v: FieldScalar): string {
  return typeof v === 'string' ? v : String(v);
}

type Extract<E> = TypedExpr<E>['extract'];

export function joinTransformer<E>(args: TypedExpr<E>[]): Extract<E> {
  if (args.length !== 2) fail('join() requires exactly 2 arguments: separator and list');
  if (args[0].isList) fail('join() first argument (separator) must be a single value, not a list');
  if (!args[1].isList) fail('join() second argument must be a list');
  const [sepOf, listOf] = [args[0].extract, args[1].extract];
  return (evt) => {
    const sep = sepOf(evt);
    if (sep === undefined || Array.isArray(sep)) return undefined;
    const list = listOf(evt);
    if (list === undefined) return undefined;
    const items = Array.isArray(list) ? list : [list];
    let out = '';
    for (let i = 0; i < items.length; i++) out += i === 0 ? str(items[i]) : str(sep) + str(items[i]);
    return out;
  };
}

export function concatTransformer<E>(args: TypedExpr<E>[]): Extract<E> {
  if (args.length < 2) fail('concat() requires at least 2 arguments');
  for (const a of args) if (a.type !== 'CHARBUF' || a.isList) fail('concat() arguments must be strings');
  const parts = args.map((a) => a.extract);
  return (evt) => {
    let out = '';
    for (const part of parts) {
      const v = part(evt);
      if (v === undefined || Array.isArray(v)) return undefined;
      out += str(v);
    }
    return out;
  };
}

interface OptInfo {
  valid: Set<string>;
  withArg: Set<string>;
}

function parseOptstring(optstring: string): OptInfo {
  const info: OptInfo = { valid: new Set(), withArg: new Set() };
  for (let i = optstring.startsWith(':') ? 1 : 0; i < optstring.length; i++) {
    const opt = optstring[i];
    if (opt === ':') continue;
    info.valid.add(opt);
    if (optstring[i + 1] === ':') {
      info.withArg.add(opt);
      i++;
    }
  }
  return info;
}

/**
 * getopt(args, optstring) scans an argv-like list the way getopt(3) does: it stops at `--` or at
 * the first non-option, skips long options, splits clusters like `-nt`, and takes option
 * values attached (`-tval`) or from the next entry. Without a selector it yields the options
 * and their values in order (`?` for unknown options); with `[x]` it yields the value of the
 * last `-x` (or `x` itself when it takes no value, "" when its value is missing), and nothing
 * when `-x` is absent.
 */
export function getoptTransformer<E>(args: TypedExpr<E>[], selector: string | undefined): Extract<E> {
  if (args.length !== 2) fail('getopt() requires exactly 2 arguments: args list and optstring');
  if (!args[0].isList) fail('getopt() first argument must be a list');
  if (args[1].isList) fail('getopt() second argument (optstring) must be a single value');
  if (args[0].type !== 'CHARBUF' || args[1].type !== 'CHARBUF') fail('getopt() arguments must be strings');
  if (selector !== undefined && selector.length !== 1)
    fail('getopt() field argument must be a single option character');
  const argvOf = args[0].extract;
  const optsOf = args[1].extract;
  const constant = args[1].constant !== undefined ? parseOptstring(args[1].constant) : undefined;
  let lastOptstring: string | undefined;
  let lastInfo: OptInfo | undefined;
  return (evt) => {
    let info = constant;
    if (info === undefined) {
      const optstring = optsOf(evt);
      if (optstring === undefined || Array.isArray(optstring)) return undefined;
      const text = str(optstring);
      if (text !== lastOptstring) {
        lastOptstring = text;
        lastInfo = parseOptstring(text);
      }
      info = lastInfo as OptInfo;
    }
    const argv = argvOf(evt);
    if (argv === undefined) return undefined;
    return scan(Array.isArray(argv) ? argv.map(str) : [str(argv)], info, selector);
  };
}

function scan(values: string[], info: OptInfo, selector: string | undefined): FieldValue {
  const results: string[] = [];
  let selected: string | undefined;
  const emit = (name: string, value: string | undefined) => {
    if (selector !== undefined) selected = value ?? name;
    else {
      results.push(name);
      if (value !== undefined) results.push(value);
    }
  };
  for (let argIdx = 0; argIdx < values.length; argIdx++) {
    const arg = values[argIdx];
    if (arg === '--') break;
    if (arg.length > 2 && arg.startsWith('--')) continue;
    if (arg.length <= 1 || arg[0] !== '-') break;
    for (let i = 1; i < arg.length; i++) {
      const opt = arg[i];
      if (opt === ':' || !info.valid.has(opt)) {
        if (selector === undefined) results.push('?');
        continue;
      }
      const matches = selector === undefined || opt === selector;
      const needsValue = info.withArg.has(opt);
      if (!needsValue) {
        if (matches) emit(opt, undefined);
        continue;
      }
      let value: string | undefined;
      if (i + 1 < arg.length) value = arg.slice(i + 1);
      else if (argIdx + 1 < values.length) value = values[++argIdx];
      if (value === undefined) {
        if (matches) emit('', undefined);
        break;
      }
      if (matches) emit(opt, value);
      break;
    }
  }
  if (selector !== undefined) return selected;
  return results;
}

/** `(a, b, ...)` as an argument: the values of all items, as one list. */
export function listArgument<E>(items: TypedExpr<E>[]): Extract<E> {
  const parts = items.map((i) => i.extract);
  return (evt) => {
    const out: FieldScalar[] = [];
    for (const part of parts) {
      const v = part(evt);
      if (v === undefined) return undefined;
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out;
  };
}
