// The vocabulary of the condition language as libsinsp's parser defines it: operators in the
// order the lexer tries them, transformer names, and the token patterns.

import type { BinaryOp, ListModifier, Transformer } from './ast.js';

/** Unary operators. */
export const UNARY_OPS = ['exists'] as const;

/** Operators taking a number (or a field) on the right. Longer spellings first. */
export const NUMERIC_OPS = ['<=', '<', '>=', '>'] as const;

/**
 * Operators taking a string (or a field) on the right. Word operators must be followed by a
 * blank; the symbols need not be.
 */
export const STRING_OPS = [
  '==',
  '=',
  '!=',
  'glob',
  'iglob',
  'contains',
  'icontains',
  'bcontains',
  'startswith',
  'bstartswith',
  'endswith',
  'regex',
] as const;

/** Operators taking a list (or a list name, or a field) on the right. */
export const LIST_OPS = ['intersects', 'in', 'pmatch'] as const;

/** Operators that need a blank right after them. */
export const OPS_NEEDING_BLANK: ReadonlySet<string> = new Set([
  'glob',
  'iglob',
  'contains',
  'icontains',
  'bcontains',
  'startswith',
  'bstartswith',
  'endswith',
  'regex',
]);

export const LIST_MODIFIERS: readonly ListModifier[] = ['oneof', 'anyof', 'allof'];

/** Transformers, in the order libsinsp lists them. `val` only appears on right-hand sides. */
export const TRANSFORMERS: readonly Transformer[] = [
  'tolower',
  'toupper',
  'b64',
  'basename',
  'len',
  'join',
  'concat',
  'getopt',
];

/** Transformers that take several arguments and combine them (libsinsp's multivalue transformers). */
export const MULTIVALUE_TRANSFORMERS: ReadonlySet<string> = new Set(['join', 'concat', 'getopt']);

/** Every operator, as libsinsp lists them in its error messages. */
export const ALL_OPERATORS: readonly string[] = [...UNARY_OPS, ...NUMERIC_OPS, ...STRING_OPS, ...LIST_OPS];

export function isListOperator(op: BinaryOp): boolean {
  return op === 'in' || op === 'intersects' || op === 'pmatch';
}

/** Operators after which a modifier may appear (libsinsp's string operators). */
export function acceptsModifier(op: BinaryOp): boolean {
  return (STRING_OPS as readonly string[]).includes(op);
}

/** `'a', 'b', 'c'`: how libsinsp lists alternatives in messages. */
export function quotedList(items: readonly string[]): string {
  return items.map((i) => `'${i}'`).join(', ');
}

// Token patterns (sticky, so they match exactly at the scanner's offset). [[:space:]] in
// libsinsp's POSIX classes is space, \t, \n, \v, \f, \r.
export const RE_NOT_BLANK = /not[ \t\n\v\f\r]+/y;
export const RE_IDENTIFIER = /[a-zA-Z]+[a-zA-Z0-9_]*/y;
export const RE_FIELD_NAME = /[a-zA-Z]+[a-zA-Z0-9_]*(?:\.[a-zA-Z]+[a-zA-Z0-9_]*)+/y;
export const RE_FIELD_ARG_BARE = /[^\]["' \t\n\v\f\r]+/y;
export const RE_HEX_NUMBER = /0[xX][0-9a-fA-F]+/y;
export const RE_NUMBER = /[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?/y;
export const RE_BARE_STRING = /[^()"' \t\n\v\f\r=,]+/y;
export const RE_MODIFIER = /(?:oneof|anyof|allof)/y;

/** Whole-string versions, for deciding whether a value can be written without quotes. */
export const BARE_STRING_FULL = /^[^()"' \t\n\v\f\r=,]+$/;
export const FIELD_ARG_BARE_FULL = /^[^\]["' \t\n\v\f\r]+$/;
export const NUMBER_FULL = /^(?:0[xX][0-9a-fA-F]+|[+-]?[0-9]+\.?[0-9]*(?:[eE][+-][0-9]+)?)$/;
export const IDENTIFIER_FULL = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;
export const FIELD_NAME_FULL = /^[a-zA-Z]+[a-zA-Z0-9_]*(?:\.[a-zA-Z]+[a-zA-Z0-9_]*)+$/;
