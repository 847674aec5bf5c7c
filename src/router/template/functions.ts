// Go's predefined template functions (call excepted), over the values of values.ts. Errors
// are thrown as EvalError "error calling NAME: …", the text Go's executor reports.

import { EvalError } from './errors.js';
import { sprintf } from './printf.js';
import { formatValue, GoMap, isNil, printAction, truth, typeName, type GoValue } from './values.js';

/** [min, max] argument counts (max undefined: variadic); `and`/`or` are evaluated lazily by exec. */
export const FUNCTION_ARITY: Readonly<Record<string, readonly [number, number?]>> = {
  and: [1],
  or: [1],
  not: [1, 1],
  len: [1, 1],
  index: [1],
  slice: [1],
  print: [0],
  printf: [1],
  println: [0],
  eq: [1],
  ne: [2, 2],
  lt: [2, 2],
  le: [2, 2],
  gt: [2, 2],
  ge: [2, 2],
  html: [0],
  js: [0],
  urlquery: [0],
};

type Fn = (args: readonly GoValue[]) => GoValue;

const fail = (name: string, msg: string): never => {
  throw new EvalError(`error calling ${name}: ${msg}`);
};

/** fmt.Sprint: a space between operands when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

/** The text html, js and urlquery escape: a lone string as is, else Sprint with nil as <no value>. */
function escapeInput(args: readonly GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (isNil(a) ? printAction(a) : a)));
}

function intArg(name: string, v: GoValue): number {
  if (typeof v !== 'bigint')
    return fail(
      name,
      isNil(v) ? `cannot index slice/array with nil` : `cannot index slice/array with type ${typeName(v)}`,
    );
  return Number(v);
}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'nil' | 'other';
function kindOf(v: GoValue): Kind {
  if (isNil(v)) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    default:
      return 'other';
  }
}

function eq(name: string, a: GoValue, bs: readonly GoValue[]): boolean {
  if (bs.length === 0) return fail(name, 'missing argument for comparison');
  const ka = kindOf(a);
  for (const b of bs) {
    const kb = kindOf(b);
    if (ka !== kb) {
      // A missing value compares unequal to anything; two typed values of different kinds are an error.
      if (ka !== 'nil' && kb !== 'nil') return fail(name, 'incompatible types for comparison');
      continue;
    }
    if (ka === 'nil') return true;
    if (ka === 'other') return fail(name, `non-comparable type ${typeName(a)}`);
    if (a === b) return true;
  }
  return false;
}

function lessThan(name: string, a: GoValue, b: GoValue): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'bool' || ka === 'nil' || ka === 'other' || kb === 'bool' || kb === 'nil' || kb === 'other')
    return fail(name, 'invalid type for comparison');
  if (ka !== kb) return fail(name, 'incompatible types for comparison');
  if (ka === 'string') return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string)) < 0;
  return (a as number) < (b as number);
}

function index(args: readonly GoValue[]): GoValue {
  let item = args[0];
  if (item === undefined) return fail('index', 'index of untyped nil');
  for (const key of args.slice(1)) {
    if (item === null || item === undefined) return fail('index', 'index of nil pointer');
    if (typeof item === 'string' || Array.isArray(item)) {
      const bytes: Buffer | undefined = typeof item === 'string' ? Buffer.from(item) : undefined;
      const len = bytes ? bytes.length : (item as readonly GoValue[]).length;
      const x = intArg('index', key);
      if (x < 0 || x >= len) return fail('index', `index out of range: ${x}`);
      // Indexing a Go string yields a byte.
      item = bytes ? BigInt(bytes[x]) : (item as readonly GoValue[])[x];
    } else if (item instanceof GoMap) {
      if (typeof key !== 'string')
        return fail(
          'index',
          isNil(key) ? 'value is nil; should be of type string' : `value has type ${typeName(key)}; should be string`,
        );
      // A missing key gives the element type's zero value: a nil interface.
      const v = item.get(key);
      item = v === undefined ? null : v;
    } else return fail('index', `can't index item of type ${typeName(item)}`);
  }
  return item;
}

function slice(args: readonly GoValue[]): GoValue {
  const item = args[0];
  if (isNil(item)) return fail('slice', 'slice of untyped nil');
  const idx = args.slice(1);
  if (idx.length > 3) return fail('slice', `too many slice indexes: ${idx.length}`);
  if (typeof item !== 'string' && !Array.isArray(item))
    return fail('slice', `can't slice item of type ${typeName(item)}`);
  if (typeof item === 'string' && idx.length === 3) return fail('slice', 'cannot 3-index slice a string');
  const bytes = typeof item === 'string' ? Buffer.from(item) : undefined;
  const len = bytes ? bytes.length : (item as readonly GoValue[]).length;
  const bounds = [0, len, len];
  idx.forEach((k, i) => {
    const x = intArg('slice', k);
    if (x < 0 || x > len) fail('slice', `index out of range: ${x}`);
    bounds[i] = x;
  });
  if (bounds[0] > bounds[1]) return fail('slice', `invalid slice index: ${bounds[0]} > ${bounds[1]}`);
  if (idx.length === 3 && bounds[1] > bounds[2])
    return fail('slice', `invalid slice index: ${bounds[1]} > ${bounds[2]}`);
  if (bytes) return bytes.subarray(bounds[0], bounds[1]).toString();
  return (item as readonly GoValue[]).slice(bounds[0], bounds[1]);
}

function html(s: string): string {
  return s.replace(
    /[&<>"'\0]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '\0': '\ufffd' })[c] as string,
  );
}

function js(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '\\' || ch === "'" || ch === '"') out += `\\${ch}`;
    else if (ch === '<' || ch === '>' || ch === '&' || ch === '=')
      out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (cp < 0x20 || (cp >= 0x7f && /[\p{C}]/u.test(ch)))
      out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** url.QueryEscape: space as +, unreserved bytes kept, the rest %XX. */
function urlquery(s: string): string {
  let out = '';
  for (const b of Buffer.from(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export const FUNCTIONS: Readonly<Record<string, Fn>> = {
  not: ([a]) => !truth(a),
  len: ([a]) => {
    if (typeof a === 'string') return BigInt(Buffer.byteLength(a));
    if (Array.isArray(a)) return BigInt(a.length);
    if (a instanceof GoMap) return BigInt(Object.keys(a.entries).length);
    return fail('len', a === null || a === undefined ? 'len of nil pointer' : `len of type ${typeName(a)}`);
  },
  index,
  slice,
  print: (args) => sprint(args),
  println: (args) => `${args.map(formatValue).join(' ')}\n`,
  printf: ([format, ...rest]) => {
    if (typeof format !== 'string')
      return fail('printf', `wrong type for value; expected string; got ${typeName(format)}`);
    return sprintf(format, rest);
  },
  eq: ([a, ...bs]) => eq('eq', a, bs),
  ne: ([a, b]) => !eq('ne', a, [b]),
  lt: ([a, b]) => lessThan('lt', a, b),
  le: ([a, b]) => lessThan('le', a, b) || eq('le', a, [b]),
  gt: ([a, b]) => !lessThan('gt', a, b) && !eq('gt', a, [b]),
  ge: ([a, b]) => !lessThan('ge', a, b),
  html: (args) => html(escapeInput(args)),
  js: (args) => js(escapeInput(args)),
  urlquery: (args) => urlquery(escapeInput(args)),
};
