// The parsed form of a Falco condition. The parser produces it, the rules loader expands
// macro and list references in it, and compileCondition turns it into a function.

/** Where a node starts inside the condition text (0-based offset, 1-based line and column). */
export interface Pos {
  offset: number;
  line: number;
  col: number;
}

export type BinaryOp =
  | '='
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'contains'
  | 'icontains'
  | 'bcontains'
  | 'startswith'
  | 'bstartswith'
  | 'endswith'
  | 'glob'
  | 'iglob'
  | 'regex'
  | 'in'
  | 'intersects'
  | 'pmatch';

export type UnaryOp = 'exists';

/**
 * libsinsp's comparison modifiers, written between a string operator and a list of values:
 * `proc.name startswith anyof (a, b)` holds when at least one value satisfies the operator,
 * `oneof` when exactly one does, `allof` when all do (an empty list never matches).
 */
export type ListModifier = 'oneof' | 'anyof' | 'allof';

export type Transformer = 'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'join' | 'concat' | 'getopt';

/** A field, or a transformer applied to fields (`tolower(proc.name)`, `join(",", ...)`). */
export type FieldExpr = FieldNode | TransformerNode;

export interface FieldNode {
  kind: 'field';
  name: string;
  /** Argument as written inside brackets or after the dot, unquoted. */
  arg?: string;
  pos: Pos;
}

export interface TransformerNode {
  kind: 'transformer';
  name: Transformer;
  /** Fields, literals (e.g. the separator of `join`) and parenthesised argument lists. */
  args: Array<FieldExpr | ValueNode | TransformerListNode>;
  /** Selector written after the closing parenthesis, e.g. `t` in `getopt(proc.args, "t:")[t]`. */
  arg?: string;
  pos: Pos;
}

/** `(proc.name, "x")` as a transformer argument: several values handed over as one list. */
export interface TransformerListNode {
  kind: 'transformerlist';
  items: Array<FieldExpr | ValueNode>;
  pos: Pos;
}

/** A literal operand. `quoted` tells whether it was written in quotes. */
export interface ValueNode {
  kind: 'value';
  value: string;
  quoted: boolean;
  pos: Pos;
}

/** `(a, b, c)`: items are literals; the loader replaces names of lists by their items. */
export interface ListNode {
  kind: 'list';
  items: ValueNode[];
  pos: Pos;
}

/**
 * A field on the right-hand side: `val(field)` (then `field` is a FieldNode) or a transformer
 * written directly (`tolower(proc.pname)`, then `field` is a TransformerNode).
 */
export interface FieldValueNode {
  kind: 'fieldvalue';
  field: FieldExpr;
  pos: Pos;
}

export type Operand = ValueNode | ListNode | FieldValueNode;

export interface AndNode {
  kind: 'and';
  children: ConditionNode[];
  pos: Pos;
}

export interface OrNode {
  kind: 'or';
  children: ConditionNode[];
  pos: Pos;
}

export interface NotNode {
  kind: 'not';
  child: ConditionNode;
  pos: Pos;
}

/** A bare identifier: a macro reference, expanded by the loader before compilation. */
export interface IdentifierNode {
  kind: 'identifier';
  name: string;
  pos: Pos;
}

export interface UnaryCheckNode {
  kind: 'unary';
  field: FieldExpr;
  op: UnaryOp;
  pos: Pos;
}

export interface BinaryCheckNode {
  kind: 'binary';
  field: FieldExpr;
  modifier?: ListModifier;
  op: BinaryOp;
  value: Operand;
  pos: Pos;
}

export type ConditionNode = AndNode | OrNode | NotNode | IdentifierNode | UnaryCheckNode | BinaryCheckNode;
