// Recursive-descent parser for Falco conditions, following libsinsp's grammar:
//
//   Expr        ::= OrExpr
//   OrExpr      ::= AndExpr ('or' (' ' AndExpr | '(' Expr ')'))*
//   AndExpr     ::= NotExpr ('and' (' ' NotExpr | '(' Expr ')'))*
//   NotExpr     ::= ('not' blank+)* ('not(' Expr ')' | Check)
//   Check       ::= '(' Expr ')' | Field Condition | Transformer Condition | Identifier
//   Condition   ::= 'exists'
//                 | NumOp (Number | RhsField) | StrOp [Modifier List] (String | RhsField)
//                 | ListOp (List | Identifier | RhsField)
//   RhsField    ::= 'val(' Field ')' | Transformer
//   Transformer ::= Name '(' Arg (',' Arg)* ')' ['[' FieldArg ']']
//
// Keywords and operators are case-sensitive. Error messages are libsinsp's, and the position of
// an error is where the parser stood when it gave up, as in libsinsp.

import type {
  BinaryOp,
  ConditionNode,
  FieldExpr,
  FieldNode,
  ListModifier,
  ListNode,
  Operand,
  Pos,
  Transformer,
  TransformerListNode,
  TransformerNode,
  ValueNode,
} from './ast.js';
import { ConditionSyntaxError } from './errors.js';
import {
  ALL_OPERATORS,
  LIST_OPS,
  NUMERIC_OPS,
  quotedList,
  RE_BARE_STRING,
  RE_FIELD_ARG_BARE,
  RE_FIELD_NAME,
  RE_HEX_NUMBER,
  RE_IDENTIFIER,
  RE_MODIFIER,
  RE_NOT_BLANK,
  RE_NUMBER,
  STRING_OPS,
  TRANSFORMERS,
  UNARY_OPS,
} from './grammar.js';
import { Scanner } from './scanner.js';

export interface ParseOptions {
  /** Maximum recursion depth; Falco's rules loader uses 1000 (libsinsp's own default is 100). */
  maxDepth?: number;
}

const TRANSFORMER_OPENERS = TRANSFORMERS.map((t) => `${t}(`);
const TRANSFORMERS_WITH_VAL = quotedList(['val', ...TRANSFORMERS]);

/** Parses a condition into its AST. Throws ConditionSyntaxError with libsinsp's message and position. */
export function parseCondition(text: string, options: ParseOptions = {}): ConditionNode {
  return new Parser(text, options.maxDepth ?? 1000).parse();
}

class Parser {
  private readonly s: Scanner;
  private depth = 0;

  constructor(
    text: string,
    private readonly maxDepth: number,
  ) {
    this.s = new Scanner(text);
  }

  private fail(message: string): never {
    throw new ConditionSyntaxError(message, this.s.pos());
  }

  /** libsinsp caps its recursion; every production below counts one level. */
  private nested<T>(fn: () => T): T {
    this.depth++;
    try {
      if (this.depth >= this.maxDepth) this.fail(`exceeded max depth limit of ${this.maxDepth}`);
      return fn();
    } finally {
      this.depth--;
    }
  }

  parse(): ConditionNode {
    if (this.s.input.length === 0) this.fail('filter input string is empty');
    const res = this.parseOr();
    if (!this.s.atEnd()) this.fail(`unexpected token after '${this.s.lastToken}', expecting 'or', 'and'`);
    return res;
  }

  private parseOr(): ConditionNode {
    return this.nested(() => {
      const pos = this.s.pos();
      const children: ConditionNode[] = [];
      this.s.blank();
      children.push(this.parseAnd());
      this.s.blank();
      while (this.s.literal('or')) {
        if (!this.s.blank()) {
          if (this.s.literal('(')) children.push(this.parseEmbeddedRemainder());
          else this.fail("expected blank or '(' after 'or'");
        } else {
          children.push(this.parseAnd());
        }
        this.s.blank();
      }
      return children.length > 1 ? { kind: 'or', children, pos } : children[0];
    });
  }

  private parseAnd(): ConditionNode {
    return this.nested(() => {
      const pos = this.s.pos();
      const children: ConditionNode[] = [];
      this.s.blank();
      children.push(this.parseNot());
      this.s.blank();
      while (this.s.literal('and')) {
        if (!this.s.blank()) {
          if (this.s.literal('(')) children.push(this.parseEmbeddedRemainder());
          else this.fail("expected blank or '(' after 'and'");
        } else {
          children.push(this.parseNot());
        }
        this.s.blank();
      }
      return children.length > 1 ? { kind: 'and', children, pos } : children[0];
    });
  }

  private parseNot(): ConditionNode {
    return this.nested(() => {
      const pos = this.s.pos();
      let negated = false;
      this.s.blank();
      while (this.s.pattern(RE_NOT_BLANK)) negated = !negated;
      let child: ConditionNode;
      if (this.s.literal('not(')) {
        negated = !negated;
        child = this.parseEmbeddedRemainder();
      } else {
        child = this.parseCheck();
      }
      return negated ? { kind: 'not', child, pos } : child;
    });
  }

  /** The rest of a parenthesised expression, after its '('. */
  private parseEmbeddedRemainder(): ConditionNode {
    return this.nested(() => {
      this.s.blank();
      const child = this.parseOr();
      this.s.blank();
      if (!this.s.literal(')')) this.fail("expected a ')' token");
      return child;
    });
  }

  private parseCheck(): ConditionNode {
    return this.nested(() => {
      const pos = this.s.pos();
      this.s.blank();
      if (this.s.literal('(')) return this.parseEmbeddedRemainder();
      if (this.s.pattern(RE_FIELD_NAME)) {
        const field = this.parseFieldRemainder(this.s.lastToken, pos);
        return this.parseCondition(field, pos);
      }
      if (this.s.literalOf(TRANSFORMER_OPENERS)) {
        const name = this.transformerName();
        this.s.blank();
        const left = this.parseTransformerRemainder(name, pos);
        return this.parseCondition(left, pos);
      }
      if (this.s.pattern(RE_IDENTIFIER)) return { kind: 'identifier', name: this.s.lastToken, pos };
      return this.fail("expected a '(' token, a field check, or an identifier");
    });
  }

  private transformerName(): Transformer {
    return this.s.lastToken.slice(0, -1) as Transformer;
  }

  /** A field's optional `[arg]`, right after its name. */
  private parseFieldRemainder(name: string, pos: Pos): FieldNode {
    return this.nested(() => {
      const field: FieldNode = { kind: 'field', name, pos };
      const arg = this.parseBracketArg();
      if (arg !== undefined) field.arg = arg;
      return field;
    });
  }

  private parseBracketArg(): string | undefined {
    if (!this.s.literal('[')) return undefined;
    if (!this.s.quoted() && !this.s.pattern(RE_FIELD_ARG_BARE)) {
      this.fail('expected a valid field argument: a quoted string or a bare string');
    }
    const arg = this.s.lastToken;
    if (!this.s.literal(']')) this.fail("expected a ']' token");
    return arg;
  }

  /** The arguments and closing parenthesis of a transformer, after `name(`. */
  private parseTransformerRemainder(name: Transformer, pos: Pos): TransformerNode {
    return this.nested(() => {
      this.s.blank();
      const args: TransformerNode['args'] = [];
      do {
        args.push(this.parseTransformerArg());
        this.s.blank();
      } while (this.s.literal(','));
      this.s.blank();
      if (!this.s.literal(')')) this.fail("expected a ')' token closing the transformer");
      const node: TransformerNode = { kind: 'transformer', name, args, pos };
      const selector = this.parseBracketArg();
      if (selector !== undefined) node.arg = selector;
      return node;
    });
  }

  private parseTransformerArg(): FieldExpr | ValueNode | TransformerListNode {
    return this.nested(() => {
      this.s.blank();
      const pos = this.s.pos();
      if (this.s.pattern(RE_HEX_NUMBER) || this.s.pattern(RE_NUMBER)) return this.value(pos, false);
      if (this.s.quoted()) return this.value(pos, true);
      if (this.s.literal('(')) return this.parseTransformerList(pos);
      if (this.s.literalOf(TRANSFORMER_OPENERS)) return this.parseTransformerRemainder(this.transformerName(), pos);
      if (this.s.pattern(RE_FIELD_NAME)) return this.parseFieldRemainder(this.s.lastToken, pos);
      return this.fail(
        'expected field transformer argument: field, transformer, quoted string, number, or transformer list',
      );
    });
  }

  /** `(a, b, ...)` as a transformer argument, after its '('. */
  private parseTransformerList(pos: Pos): TransformerListNode {
    const items: TransformerListNode['items'] = [];
    this.s.blank();
    if (this.s.literal(')')) return { kind: 'transformerlist', items, pos };
    items.push(this.parseTransformerListItem());
    this.s.blank();
    while (this.s.literal(',')) {
      this.s.blank();
      items.push(this.parseTransformerListItem());
      this.s.blank();
    }
    if (!this.s.literal(')')) this.fail("expected ')'");
    return { kind: 'transformerlist', items, pos };
  }

  private parseTransformerListItem(): FieldExpr | ValueNode {
    const pos = this.s.pos();
    if (this.s.pattern(RE_FIELD_NAME)) return this.parseFieldRemainder(this.s.lastToken, pos);
    if (this.s.literalOf(TRANSFORMER_OPENERS)) {
      const name = this.transformerName();
      this.s.blank();
      return this.parseTransformerRemainder(name, pos);
    }
    if (this.s.quoted()) return this.value(pos, true);
    if (this.s.pattern(RE_HEX_NUMBER) || this.s.pattern(RE_NUMBER)) return this.value(pos, false);
    return this.fail('expected transformer list argument: field, transformer, quoted string, or number');
  }

  private value(pos: Pos, quoted: boolean): ValueNode {
    return { kind: 'value', value: this.s.lastToken, quoted, pos };
  }

  private parseCondition(field: FieldExpr, pos: Pos): ConditionNode {
    return this.nested((): ConditionNode => {
      this.s.blank();
      if (this.s.operator(UNARY_OPS)) return { kind: 'unary', field, op: 'exists', pos };
      this.s.blank();
      let op: BinaryOp;
      let value: Operand;
      let modifier: ListModifier | undefined;
      if (this.s.operator(NUMERIC_OPS)) {
        op = this.s.lastToken as BinaryOp;
        value = this.parseNumValueOrTransformer();
      } else if (this.s.operator(STRING_OPS)) {
        op = this.s.lastToken as BinaryOp;
        modifier = this.lexModifier();
        value = modifier ? this.parseModifierList() : this.parseStrValueOrTransformer(false);
      } else if (this.s.operator(LIST_OPS)) {
        op = this.s.lastToken as BinaryOp;
        value = this.parseListValueOrTransformer();
      } else {
        return this.fail(`expected a valid check operator: one of ${quotedList(ALL_OPERATORS)}`);
      }
      return modifier ? { kind: 'binary', field, op, modifier, value, pos } : { kind: 'binary', field, op, value, pos };
    });
  }

  /**
   * `oneof`/`anyof`/`allof` after a string operator. It is a modifier only when a list follows
   * (`(` or a list name); otherwise the word is an ordinary value (`proc.name = anyof`).
   */
  private lexModifier(): ListModifier | undefined {
    const start = this.s.pos();
    const lastToken = this.s.lastToken;
    this.s.blank();
    if (this.s.pattern(RE_MODIFIER)) {
      const modifier = this.s.lastToken as ListModifier;
      const hadBlank = this.s.blank();
      if (this.s.peek() === '(') return modifier;
      if (hadBlank) {
        const afterBlank = this.s.pos();
        if (this.s.pattern(RE_IDENTIFIER) && this.s.lastToken !== 'and' && this.s.lastToken !== 'or') {
          this.s.restore(afterBlank, modifier);
          return modifier;
        }
      }
    }
    this.s.restore(start, lastToken);
    return undefined;
  }

  private parseModifierList(): ListNode | ValueNode {
    this.s.blank();
    const pos = this.s.pos();
    if (this.s.literal('(')) return this.parseListBody(pos);
    if (this.s.pattern(RE_IDENTIFIER)) return this.value(pos, false);
    return this.fail('expected a list or an identifier');
  }

  private parseNumValueOrTransformer(): ValueNode | Operand {
    return this.nested(() => {
      this.s.blank();
      const pos = this.s.pos();
      const rhs = this.tryParseTransformerOrVal();
      if (rhs) return rhs;
      if (this.s.pattern(RE_HEX_NUMBER) || this.s.pattern(RE_NUMBER)) return this.value(pos, false);
      return this.fail(`expected a number value or a field with a valid transformer: ${TRANSFORMERS_WITH_VAL}`);
    });
  }

  private parseStrValueOrTransformer(noTransformer: boolean): ValueNode | Operand {
    return this.nested(() => {
      this.s.blank();
      const pos = this.s.pos();
      if (!noTransformer) {
        const rhs = this.tryParseTransformerOrVal();
        if (rhs) return rhs;
      }
      if (this.s.quoted()) return this.value(pos, true);
      if (this.s.pattern(RE_BARE_STRING)) return this.value(pos, false);
      if (noTransformer) return this.fail('expected a string value');
      return this.fail(`expected a string value or a field with a valid transformer: ${TRANSFORMERS_WITH_VAL}`);
    });
  }

  private listItem(): ValueNode {
    return this.parseStrValueOrTransformer(true) as ValueNode;
  }

  private parseListValueOrTransformer(): Operand {
    return this.nested(() => {
      this.s.blank();
      const pos = this.s.pos();
      if (this.s.literal('(')) return this.parseListBody(pos);
      const rhs = this.tryParseTransformerOrVal();
      if (rhs) return rhs;
      if (this.s.pattern(RE_IDENTIFIER)) return this.value(pos, false);
      return this.fail(`expected a list, an identifier, or a field with a valid transformer: ${TRANSFORMERS_WITH_VAL}`);
    });
  }

  /** The items and ')' of a value list, after its '('. */
  private parseListBody(pos: Pos): ListNode {
    const items: ValueNode[] = [];
    this.s.blank();
    let empty = false;
    let first: ValueNode | undefined;
    try {
      first = this.listItem();
    } catch (e) {
      // libsinsp takes any failure on the first item to mean an empty list, and carries on
      // from wherever the failed attempt left the cursor
      if (!(e instanceof ConditionSyntaxError)) throw e;
      empty = true;
    }
    if (!empty && first) {
      items.push(first);
      this.s.blank();
      while (this.s.literal(',')) {
        items.push(this.listItem());
        this.s.blank();
      }
    }
    if (!this.s.literal(')')) this.fail("expected a ')' token");
    return { kind: 'list', items, pos };
  }

  /** `val(field)` or a transformer on the right-hand side; undefined when neither is there. */
  private tryParseTransformerOrVal(): Operand | undefined {
    return this.nested(() => {
      this.s.blank();
      const pos = this.s.pos();
      if (this.s.literal('val(')) {
        this.s.blank();
        const fieldPos = this.s.pos();
        if (!this.s.pattern(RE_FIELD_NAME)) this.fail("expected a field within 'val' transformer");
        const field = this.parseFieldRemainder(this.s.lastToken, fieldPos);
        this.s.blank();
        if (!this.s.literal(')')) this.fail("expected a ')' token closing the transformer");
        return { kind: 'fieldvalue', field, pos };
      }
      if (this.s.literalOf(TRANSFORMER_OPENERS)) {
        const name = this.transformerName();
        this.s.blank();
        return { kind: 'fieldvalue', field: this.parseTransformerRemainder(name, pos), pos };
      }
      return undefined;
    });
  }
}
