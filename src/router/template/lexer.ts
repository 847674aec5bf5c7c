// Lexer for Go's text/template: literal text and the tokens inside {{ }} actions. Trim
// markers are applied here (they only ever remove whitespace from neighbouring text) and
// comments are dropped, so the parser only sees text and action tokens.

import { lineCol, TemplateSyntaxError } from './errors.js';

export type TokenKind =
  | 'text'
  | 'open'
  | 'close'
  | 'space'
  | 'ident'
  | 'keyword'
  | 'field'
  | 'var'
  | 'dot'
  | 'string'
  | 'number'
  | 'char'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'declare'
  | 'assign'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Decoded text: the name for ident/field/var (field without its dot), string contents, number text. */
  readonly value: string;
  readonly pos: number;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);
// Go's template whitespace, the set trim markers remove.
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{Nd}_]/u.test(c);

export function lex(source: string): Token[] {
  const tokens: Token[] = [];
  const fail = (pos: number, msg: string): never => {
    throw new TemplateSyntaxError(lineCol(source, pos), msg);
  };
  let at = 0;
  let trimLeading = false;
  while (at <= source.length) {
    const open = source.indexOf('{{', at);
    let text = open < 0 ? source.slice(at) : source.slice(at, open);
    if (trimLeading) text = text.replace(/^[ \t\r\n]+/, '');
    trimLeading = false;
    if (open < 0) {
      if (text !== '') tokens.push({ kind: 'text', value: text, pos: at });
      break;
    }
    let p = open + 2;
    // A left trim marker is "-" followed by whitespace; "{{-3}}" is the number -3.
    if (source[p] === '-' && isSpace(source[p + 1])) {
      text = text.replace(/[ \t\r\n]+$/, '');
      p += 2;
    }
    if (text !== '') tokens.push({ kind: 'text', value: text, pos: at });
    while (isSpace(source[p])) p++;
    if (source.startsWith('/*', p)) {
      const end = source.indexOf('*/', p + 2);
      if (end < 0) fail(open, 'unclosed comment');
      p = end + 2;
      if (isSpace(source[p]) && source.startsWith('-}}', p + 1)) {
        trimLeading = true;
        at = p + 4;
      } else if (source.startsWith('}}', p)) at = p + 2;
      else fail(p, 'comment ends before closing delimiter');
      continue;
    }
    tokens.push({ kind: 'open', value: '{{', pos: open });
    at = lexAction(source, p, open, tokens, fail);
    const close = tokens[tokens.length - 1];
    trimLeading = close.value === '-}}';
  }
  tokens.push({ kind: 'eof', value: '', pos: source.length });
  return tokens;
}

/** Tokens of one action from `p` (just after "{{" and any trim "-"); returns the offset after "}}". */
function lexAction(
  source: string,
  start: number,
  open: number,
  tokens: Token[],
  fail: (pos: number, msg: string) => never,
): number {
  let p = start;
  let parens = 0;
  const push = (kind: TokenKind, value: string, pos: number) => tokens.push({ kind, value, pos });
  for (;;) {
    const c = source[p];
    if (c === undefined) fail(open, 'unclosed action');
    const trimClose = isSpace(c) && source.startsWith('-}}', p + 1);
    if (source.startsWith('}}', p) || trimClose) {
      if (parens > 0) fail(p, 'unclosed left paren');
      if (trimClose) {
        push('close', '-}}', p);
        return p + 4;
      }
      push('close', '}}', p);
      return p + 2;
    }
    if (isSpace(c)) {
      const s = p;
      while (isSpace(source[p]) && !source.startsWith('-}}', p + 1)) p++;
      if (p > s) push('space', ' ', s);
      continue;
    }
    if (c === '|') push('pipe', c, p++);
    else if (c === ',') push('comma', c, p++);
    else if (c === '(') {
      parens++;
      push('lparen', c, p++);
    } else if (c === ')') {
      if (--parens < 0) fail(p, 'unexpected right paren');
      push('rparen', c, p++);
    } else if (c === ':') {
      if (source[p + 1] !== '=') fail(p, 'expected :=');
      push('declare', ':=', p);
      p += 2;
    } else if (c === '=') push('assign', c, p++);
    else if (c === '"') p = lexQuoted(source, p, push, fail);
    else if (c === '`') {
      const end = source.indexOf('`', p + 1);
      if (end < 0) fail(p, 'unterminated raw quoted string');
      push('string', source.slice(p + 1, end), p);
      p = end + 1;
    } else if (c === "'") p = lexChar(source, p, push, fail);
    else if (c === '.' && /[0-9]/.test(source[p + 1] ?? '')) p = lexNumber(source, p, push, fail);
    else if (c === '.' || c === '$') {
      const s = p++;
      while (isAlnum(source[p])) p++;
      const name = source.slice(s + 1, p);
      if (c === '.') push(name === '' ? 'dot' : 'field', name, s);
      else push('var', `$${name}`, s);
      checkTerminator(source, p, fail);
    } else if (c === '+' || c === '-' || /[0-9]/.test(c)) p = lexNumber(source, p, push, fail);
    else if (isAlnum(c)) {
      const s = p;
      while (isAlnum(source[p])) p++;
      const word = source.slice(s, p);
      checkTerminator(source, p, fail);
      if (KEYWORDS.has(word)) push('keyword', word, s);
      else if (word === 'true' || word === 'false') push('bool', word, s);
      else if (word === 'nil') push('nil', word, s);
      else push('ident', word, s);
    } else fail(p, `unrecognized character in action: ${JSON.stringify(c)}`);
  }
}

// Go requires a word to end at a space, a delimiter or punctuation: ".Rule%" is an error.
function checkTerminator(source: string, p: number, fail: (pos: number, msg: string) => never): void {
  const c = source[p];
  if (c === undefined || isSpace(c) || '.,|:)('.includes(c) || source.startsWith('}}', p)) return;
  fail(p, `bad character ${JSON.stringify(c)}`);
}

const ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** One escape sequence at `p` (the backslash), Go's rules; returns [text, next offset]. */
function unescape(source: string, p: number, fail: (pos: number, msg: string) => never): [string, number] {
  const e = source[p + 1];
  if (e !== undefined && e in ESCAPES) return [ESCAPES[e], p + 2];
  const hex = (n: number): [string, number] => {
    const digits = source.slice(p + 2, p + 2 + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) fail(p, 'invalid escape in quoted string');
    const cp = parseInt(digits, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) fail(p, 'escape is not a valid Unicode code point');
    return [String.fromCodePoint(cp), p + 2 + n];
  };
  if (e === 'x') return hex(2);
  if (e === 'u') return hex(4);
  if (e === 'U') return hex(8);
  if (e !== undefined && /[0-7]/.test(e)) {
    const digits = source.slice(p + 1, p + 4);
    if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255) fail(p, 'invalid octal escape in quoted string');
    return [String.fromCharCode(parseInt(digits, 8)), p + 4];
  }
  return fail(p, 'invalid escape in quoted string');
}

function lexQuoted(
  source: string,
  start: number,
  push: (k: TokenKind, v: string, pos: number) => void,
  fail: (pos: number, msg: string) => never,
): number {
  let p = start + 1;
  let value = '';
  for (;;) {
    const c = source[p];
    if (c === undefined || c === '\n') fail(start, 'unterminated quoted string');
    if (c === '"') break;
    if (c === '\\') {
      const [t, next] = unescape(source, p, fail);
      value += t;
      p = next;
    } else {
      value += c;
      p++;
    }
  }
  push('string', value, start);
  return p + 1;
}

function lexChar(
  source: string,
  start: number,
  push: (k: TokenKind, v: string, pos: number) => void,
  fail: (pos: number, msg: string) => never,
): number {
  let p = start + 1;
  let ch: string;
  if (source[p] === '\\') [ch, p] = unescape(source, p, fail);
  else {
    const cp = source.codePointAt(p);
    if (cp === undefined || source[p] === '\n' || source[p] === "'") fail(start, 'malformed character constant');
    ch = String.fromCodePoint(cp as number);
    p += ch.length;
  }
  if (source[p] !== "'") fail(start, 'malformed character constant');
  push('char', String(ch.codePointAt(0)), start);
  return p + 1;
}

function lexNumber(
  source: string,
  start: number,
  push: (k: TokenKind, v: string, pos: number) => void,
  fail: (pos: number, msg: string) => never,
): number {
  const m =
    /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[oObB][0-7_]+|[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)i?/.exec(
      source.slice(start),
    );
  const text = m ? m[0] : '';
  const end = start + text.length;
  if (!/[0-9]/.test(text) || isAlnum(source[end]) || source[end] === '.')
    fail(start, `bad number syntax: ${JSON.stringify(source.slice(start, end + 1))}`);
  push('number', text, start);
  return end;
}
