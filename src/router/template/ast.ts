// The parsed template tree the evaluator walks; built once at compile.

export type Operand =
  | { readonly kind: 'field'; readonly pos: number; readonly chain: readonly string[] }
  | { readonly kind: 'var'; readonly pos: number; readonly name: string; readonly chain: readonly string[] }
  | { readonly kind: 'dot'; readonly pos: number }
  | { readonly kind: 'ident'; readonly pos: number; readonly name: string }
  | { readonly kind: 'string'; readonly pos: number; readonly value: string }
  | { readonly kind: 'number'; readonly pos: number; readonly value: number | bigint }
  | { readonly kind: 'bool'; readonly pos: number; readonly value: boolean }
  | { readonly kind: 'nil'; readonly pos: number }
  | { readonly kind: 'paren'; readonly pos: number; readonly pipe: Pipe; readonly chain: readonly string[] };

export interface Command {
  readonly pos: number;
  /** The command's source text, for execution errors (Go names the failing action the same way). */
  readonly text: string;
  readonly args: readonly Operand[];
}

export interface Pipe {
  readonly pos: number;
  readonly decl: readonly string[];
  /** `$x = …` assigns an existing variable; `$x := …` declares one. */
  readonly isAssign: boolean;
  readonly cmds: readonly Command[];
}

export interface ControlNode {
  readonly kind: 'if' | 'with' | 'range';
  readonly pos: number;
  readonly pipe: Pipe;
  readonly list: readonly Node[];
  readonly elseList?: readonly Node[];
}

export type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly pipe: Pipe }
  | ControlNode
  | { readonly kind: 'break' | 'continue'; readonly pos: number };
