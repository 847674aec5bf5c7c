// Parser for Go's text/template actions into the tree of ast.ts. It checks at compile what Go
// checks when parsing (unknown functions, undefined variables, unbalanced blocks, break outside
// range) and, because no value here has methods, also what Go would only find when executing:
// arguments given to a field or a literal, wrong argument counts of fixed-arity functions, and
// (when the caller knows the shape of the data) unknown fields of the root.

import type { Command, Node, Operand, Pipe } from './ast.js';
import { lineCol, TemplateSyntaxError } from './errors.js';
import { FUNCTION_ARITY } from './functions.js';
import { lex, type Token } from './lexer.js';

export interface ParseOptions {
  /** Field names of the root value, when it is a struct: `.Nope` at the root is then a compile error. */
  readonly rootFields?: readonly string[];
}

type End = 'end' | 'else' | 'eof';

export function parse(source: string, options: ParseOptions = {}): Node[] {
  return new Parser(source, lex(source), options).parseTemplate();
}

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  /** Whether dot is the root value here (false inside with and range bodies). */
  private dotIsRoot = true;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {}

  parseTemplate(): Node[] {
    const [list, end] = this.parseList();
    if (end.kind !== 'eof') this.fail(end.pos, `unexpected {{${end.kind}}}`);
    return list;
  }

  private fail(pos: number, msg: string): never {
    throw new TemplateSyntaxError(lineCol(this.source, pos), msg);
  }

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private peekNonSpace(): Token {
    while (this.peek().kind === 'space') this.i++;
    return this.peek();
  }
  private nextNonSpace(): Token {
    this.peekNonSpace();
    return this.next();
  }
  private expectClose(context: string): void {
    const t = this.nextNonSpace();
    if (t.kind !== 'close') this.fail(t.pos, `unexpected ${describe(t)} in ${context}`);
  }

  /** Nodes up to {{end}}, {{else}} or the end of the source; the terminator is consumed. */
  private parseList(): [Node[], { kind: End; pos: number }] {
    const list: Node[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') return [list, { kind: 'eof', pos: t.pos }];
      if (t.kind === 'text') {
        list.push({ kind: 'text', text: t.value });
        continue;
      }
      // t is "{{"
      const k = this.peekNonSpace();
      if (k.kind === 'keyword') {
        this.next();
        switch (k.value) {
          case 'end':
            this.expectClose('end');
            return [list, { kind: 'end', pos: k.pos }];
          case 'else':
            // "else if" / "else with" stay on the token stream for the caller; plain else is closed here.
            if (this.peekNonSpace().kind === 'close') this.next();
            return [list, { kind: 'else', pos: k.pos }];
          case 'if':
          case 'with':
          case 'range':
            list.push(this.parseControl(k.value, k.pos));
            continue;
          case 'break':
          case 'continue':
            if (this.rangeDepth === 0) this.fail(k.pos, `{{${k.value}}} outside {{range}}`);
            this.expectClose(k.value);
            list.push({ kind: k.value, pos: k.pos });
            continue;
          default:
            this.fail(k.pos, `{{${k.value}}} is not supported (define, template and block are refused)`);
        }
      }
      const pipe = this.parsePipe('command', false);
      list.push({ kind: 'action', pipe });
    }
  }

  private parseControl(kind: 'if' | 'with' | 'range', pos: number): Node {
    const mark = this.vars.length;
    const outerRoot = this.dotIsRoot;
    const pipe = this.parsePipe(kind, kind === 'range');
    if (kind === 'range') this.rangeDepth++;
    if (kind !== 'if') this.dotIsRoot = false;
    const [list, end] = this.parseList();
    if (kind === 'range') this.rangeDepth--;
    this.dotIsRoot = outerRoot;
    let elseList: Node[] | undefined;
    if (end.kind === 'eof')
      this.fail(end.pos, `unexpected EOF: {{${kind}}} at ${lineCol(this.source, pos)} has no {{end}}`);
    if (end.kind === 'else') {
      const chained = this.peekNonSpace();
      if (chained.kind === 'keyword' && (chained.value === 'if' || chained.value === 'with')) {
        // {{else if x}} is {{else}}{{if x}}…{{end}}{{end}} sharing the outer {{end}}.
        if (kind !== chained.value && !(kind === 'if' && chained.value === 'if'))
          this.fail(chained.pos, `{{else ${chained.value}}} inside {{${kind}}}`);
        this.next();
        elseList = [this.parseControl(chained.value, chained.pos)];
      } else {
        if (this.tokens[this.i - 1].kind !== 'close') this.fail(chained.pos, `unexpected ${describe(chained)} in else`);
        const [list2, end2] = this.parseList();
        if (end2.kind !== 'end')
          this.fail(
            end2.pos,
            end2.kind === 'else'
              ? 'expected end; found {{else}}'
              : `unexpected EOF: {{${kind}}} at ${lineCol(this.source, pos)} has no {{end}}`,
          );
        elseList = list2;
      }
    }
    this.vars.length = mark;
    return { kind, pos, pipe, list, ...(elseList ? { elseList } : {}) };
  }

  /** A pipeline up to "}}" (consumed) or ")" (left for the caller when `inParen`). */
  private parsePipe(context: string, isRange: boolean, inParen = false): Pipe {
    const start = this.peekNonSpace().pos;
    const decl: string[] = [];
    let isAssign = false;
    const v = this.peek();
    if (v.kind === 'var') {
      const save = this.i;
      this.next();
      const after = this.peekNonSpace();
      if (after.kind === 'declare' || after.kind === 'assign' || (after.kind === 'comma' && isRange)) {
        decl.push(v.value);
        if (after.kind === 'comma') {
          this.next();
          const second = this.nextNonSpace();
          if (second.kind !== 'var') this.fail(second.pos, `range can only initialize variables`);
          decl.push(second.value);
        }
        const op = this.nextNonSpace();
        if (op.kind !== 'declare' && op.kind !== 'assign') this.fail(op.pos, `expected := or = in ${context}`);
        isAssign = op.kind === 'assign';
        if (isAssign)
          for (const name of decl) if (!this.vars.includes(name)) this.fail(v.pos, `undefined variable "${name}"`);
      } else if (after.kind === 'comma') this.fail(after.pos, `too many declarations in ${context}`);
      else this.i = save;
    }
    const cmds: Command[] = [];
    for (;;) {
      const t = this.peekNonSpace();
      if (t.kind === 'close' || (inParen && t.kind === 'rparen')) {
        if (cmds.length === 0) this.fail(t.pos, `missing value for ${context}`);
        if (!inParen) this.next();
        break;
      }
      if (t.kind === 'pipe') {
        if (cmds.length === 0) this.fail(t.pos, `missing value for command`);
        this.next();
        this.peekNonSpace();
      }
      cmds.push(this.parseCommand(cmds.length, inParen));
    }
    // Declared after the pipeline is parsed: "$x := $x" does not see the new $x, as in Go.
    if (!isAssign) this.vars.push(...decl);
    return { pos: start, decl, isAssign, cmds };
  }

  private parseCommand(stage: number, inParen: boolean): Command {
    const start = this.peekNonSpace().pos;
    const args: Operand[] = [];
    for (;;) {
      const t = this.peekNonSpace();
      if (t.kind === 'close' || t.kind === 'pipe' || (inParen && t.kind === 'rparen')) break;
      args.push(this.parseOperand());
      const after = this.peek();
      if (
        after.kind !== 'space' &&
        after.kind !== 'close' &&
        after.kind !== 'pipe' &&
        !(inParen && after.kind === 'rparen')
      )
        this.fail(after.pos, `unexpected ${describe(after)} in operand`);
    }
    if (args.length === 0) this.fail(start, 'missing value for command');
    const end = this.peek().pos;
    const text = this.source.slice(start, end).trim();
    this.checkCommand(args, stage, start);
    return { pos: start, text, args };
  }

  private checkCommand(args: Operand[], stage: number, pos: number): void {
    const piped = stage > 0;
    const first = args[0];
    const given = args.length - 1 + (piped ? 1 : 0);
    // A function as an argument is called with no arguments, as in Go.
    for (const a of args.slice(1))
      if (a.kind === 'ident' && FUNCTION_ARITY[a.name][0] > 0)
        this.fail(a.pos, `wrong number of args for ${a.name}: want at least ${FUNCTION_ARITY[a.name][0]} got 0`);
    if (first.kind === 'ident') {
      const arity = FUNCTION_ARITY[first.name];
      if (arity === undefined) this.fail(first.pos, `function "${first.name}" not defined`);
      const [min, max] = arity;
      if (given < min || (max !== undefined && given > max))
        this.fail(
          first.pos,
          `wrong number of args for ${first.name}: want ${max === min ? min : max === undefined ? `at least ${min}` : `${min} to ${max}`} got ${given}`,
        );
      return;
    }
    if (piped && ['string', 'number', 'bool', 'nil', 'dot'].includes(first.kind))
      this.fail(pos, `non executable command in pipeline stage ${stage + 1}`);
    if (first.kind === 'nil' && args.length === 1 && !piped) this.fail(first.pos, 'nil is not a command');
    if (given > 0) {
      const what = first.kind === 'field' || first.kind === 'var' ? (first.chain.at(-1) ?? first.kind) : first.kind;
      this.fail(first.pos, `can't give argument to non-function ${what}`);
    }
  }

  private parseOperand(): Operand {
    const t = this.next();
    let op: Operand;
    switch (t.kind) {
      case 'field':
        op = { kind: 'field', pos: t.pos, chain: [t.value, ...this.chain()] };
        if (this.dotIsRoot) this.checkRootField(op.chain[0], t.pos);
        return op;
      case 'var':
        if (!this.vars.includes(t.value)) this.fail(t.pos, `undefined variable "${t.value}"`);
        op = { kind: 'var', pos: t.pos, name: t.value, chain: this.chain() };
        if (t.value === '$' && op.chain.length > 0) this.checkRootField(op.chain[0], t.pos);
        return op;
      case 'dot':
        if (this.peek().kind === 'field') this.fail(t.pos, 'unexpected . after term');
        return { kind: 'dot', pos: t.pos };
      case 'ident':
        if (this.peek().kind === 'field') this.fail(t.pos, `unexpected . after function ${t.value}`);
        if (FUNCTION_ARITY[t.value] === undefined) this.fail(t.pos, `function "${t.value}" not defined`);
        return { kind: 'ident', pos: t.pos, name: t.value };
      case 'string':
        this.noChain(t);
        return { kind: 'string', pos: t.pos, value: t.value };
      case 'char':
        this.noChain(t);
        return { kind: 'number', pos: t.pos, value: BigInt(t.value) };
      case 'number':
        this.noChain(t);
        return { kind: 'number', pos: t.pos, value: this.number(t) };
      case 'bool':
        this.noChain(t);
        return { kind: 'bool', pos: t.pos, value: t.value === 'true' };
      case 'nil':
        this.noChain(t);
        return { kind: 'nil', pos: t.pos };
      case 'lparen': {
        const pipe = this.parsePipe('parenthesized pipeline', false, true);
        const r = this.next();
        if (r.kind !== 'rparen') this.fail(r.pos, 'unclosed left paren');
        if (pipe.decl.length > 0) this.fail(t.pos, 'a declaration is not allowed inside parentheses');
        return { kind: 'paren', pos: t.pos, pipe, chain: this.chain() };
      }
      default:
        return this.fail(t.pos, `unexpected ${describe(t)} in operand`);
    }
  }

  private chain(): string[] {
    const names: string[] = [];
    while (this.peek().kind === 'field') names.push(this.next().value);
    return names;
  }

  private noChain(t: Token): void {
    if (this.peek().kind === 'field') this.fail(this.peek().pos, `unexpected . after term ${describe(t)}`);
  }

  private checkRootField(name: string, pos: number): void {
    const fields = this.options.rootFields;
    if (fields && !fields.includes(name)) this.fail(pos, `unknown field .${name} (known: ${fields.join(', ')})`);
  }

  /** Go's ideal constants: an integer literal is an int, one with a point or exponent a float64. */
  private number(t: Token): number | bigint {
    const text = t.value.replace(/_/g, '');
    if (text.endsWith('i')) this.fail(t.pos, `complex number ${t.value} is not supported`);
    const sign = text.startsWith('-') ? -1n : 1n;
    const body = text.replace(/^[+-]/, '');
    const isHex = /^0[xX]/.test(body);
    if ((!isHex && /[.eE]/.test(body)) || (isHex && /[.pP]/.test(body))) {
      const f = isHex ? hexFloat(body) : Number(body);
      if (!Number.isFinite(f)) this.fail(t.pos, `number ${t.value} overflows float64`);
      return sign < 0n ? -f : f;
    }
    let digits = body;
    if (/^0[oO]/.test(body)) digits = `0o${body.slice(2)}`;
    else if (/^0[0-7]+$/.test(body))
      digits = `0o${body.slice(1)}`; // a leading 0 is octal, as in Go
    else if (/^0[0-9]+$/.test(body)) this.fail(t.pos, `bad number syntax: ${t.value}`);
    const n = sign * BigInt(digits);
    if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) this.fail(t.pos, `number ${t.value} overflows int`);
    return n;
  }
}

function hexFloat(body: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(body);
  if (!m) return NaN;
  const frac = m[2] ?? '';
  const mant = parseInt(`${m[1]}${frac}` || '0', 16);
  return mant * 2 ** (Number(m[3]) - 4 * frac.length);
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'EOF';
    case 'close':
      return `"${t.value}"`;
    case 'string':
      return JSON.stringify(t.value);
    case 'field':
      return `.${t.value}`;
    default:
      return `"${t.value}"`;
  }
}
