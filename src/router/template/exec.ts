// Walks a parsed template over one value. Rendering never re-parses; a failure stops the
// render, as Go's Execute does, with the output so far kept on the error.

import type { Command, ControlNode, Node, Operand, Pipe } from './ast.js';
import { EvalError, lineCol, TemplateExecError } from './errors.js';
import { FUNCTIONS } from './functions.js';
import { GoMap, GoStruct, printAction, truth, typeName, type GoValue } from './values.js';

type Flow = 'break' | 'continue' | undefined;

/** Guards against a template that would loop or print without bound (Go limits depth similarly). */
const MAX_OUTPUT = 4 * 1024 * 1024;

class State {
  out = '';
  vars: Array<{ name: string; value: GoValue }>;
  at: { pos: number; text: string } = { pos: 0, text: '' };

  constructor(
    readonly source: string,
    root: GoValue,
    readonly escape: (text: string) => string,
  ) {
    this.vars = [{ name: '$', value: root }];
  }

  fail(err: unknown): never {
    const msg = err instanceof Error ? err.message : String(err);
    throw new TemplateExecError(`${lineCol(this.source, this.at.pos)}: executing <${this.at.text}>: ${msg}`, this.out);
  }

  write(text: string): void {
    this.out += text;
    if (this.out.length > MAX_OUTPUT) throw new EvalError(`output is larger than ${MAX_OUTPUT} characters`);
  }

  lookup(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    throw new EvalError(`undefined variable: ${name}`);
  }

  assign(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    throw new EvalError(`undefined variable: ${name}`);
  }
}

export function execute(
  source: string,
  tree: readonly Node[],
  root: GoValue,
  escape: (text: string) => string,
): string {
  const s = new State(source, root, escape);
  try {
    walkList(s, tree, root);
  } catch (err) {
    if (err instanceof TemplateExecError) throw err;
    s.fail(err);
  }
  return s.out;
}

function walkList(s: State, list: readonly Node[], dot: GoValue): Flow {
  for (const node of list) {
    const flow = walk(s, node, dot);
    if (flow) return flow;
  }
  return undefined;
}

function walk(s: State, node: Node, dot: GoValue): Flow {
  switch (node.kind) {
    case 'text':
      s.write(node.text);
      return undefined;
    case 'action': {
      const v = evalPipe(s, dot, node.pipe);
      // Only values printed from pipelines are escaped; the template's own text never is.
      if (node.pipe.decl.length === 0) s.write(s.escape(printAction(v)));
      return undefined;
    }
    case 'break':
    case 'continue':
      return node.kind;
    case 'range':
      return walkRange(s, node, dot);
    case 'if':
    case 'with': {
      const mark = s.vars.length;
      const v = evalPipe(s, dot, node.pipe);
      let flow: Flow;
      if (truth(v)) flow = walkList(s, node.list, node.kind === 'with' ? v : dot);
      else if (node.elseList) flow = walkList(s, node.elseList, dot);
      s.vars.length = mark;
      return flow;
    }
  }
}

function walkRange(s: State, node: ControlNode, dot: GoValue): Flow {
  const mark = s.vars.length;
  const v = evalPipe(s, dot, node.pipe);
  const items: Array<[GoValue, GoValue]> = [];
  if (Array.isArray(v)) (v as readonly GoValue[]).forEach((e, i) => items.push([BigInt(i), e]));
  else if (v instanceof GoMap) for (const k of v.sortedKeys()) items.push([k, v.get(k)]);
  else if (typeof v === 'bigint') {
    // Go 1.22 ranges over an int: 0 … n-1.
    if (node.pipe.decl.length > 1) throw new EvalError(`can't use ${v} to iterate over more than one variable`);
    for (let i = 0n; i < v; i++) items.push([i, i]);
  } else if (v !== undefined && v !== null) throw new EvalError(`range can't iterate over ${printAction(v)}`);
  const decl = node.pipe.decl;
  for (const [key, elem] of items) {
    const inner = s.vars.length;
    // With one variable it gets the element; with two, the index or key and the element.
    if (decl.length === 1) s.vars[inner - 1].value = elem;
    if (decl.length === 2) {
      s.vars[inner - 2].value = key;
      s.vars[inner - 1].value = elem;
    }
    const flow = walkList(s, node.list, elem);
    s.vars.length = inner;
    if (flow === 'break') break;
  }
  if (items.length === 0 && node.elseList) walkList(s, node.elseList, dot);
  s.vars.length = mark;
  return undefined;
}

function evalPipe(s: State, dot: GoValue, pipe: Pipe): GoValue {
  let value: GoValue;
  let piped = false;
  for (const cmd of pipe.cmds) {
    value = evalCommand(s, dot, cmd, piped ? { value } : undefined);
    piped = true;
  }
  if (pipe.isAssign) for (const name of pipe.decl) s.assign(name, value);
  else for (const name of pipe.decl) s.vars.push({ name, value });
  return value;
}

function evalCommand(s: State, dot: GoValue, cmd: Command, final: { value: GoValue } | undefined): GoValue {
  s.at = cmd;
  const [first, ...rest] = cmd.args;
  if (first.kind !== 'ident') return evalOperand(s, dot, first);
  const name = first.name;
  if (name === 'and' || name === 'or') {
    // Short-circuit, returning the deciding value itself, as Go 1.18+ does.
    const operands: Array<() => GoValue> = rest.map((a) => () => evalOperand(s, dot, a));
    if (final) operands.push(() => final.value);
    let v: GoValue;
    for (const get of operands) {
      v = get();
      s.at = cmd;
      if (truth(v) === (name === 'or')) return v;
    }
    return v;
  }
  const args = rest.map((a) => evalOperand(s, dot, a));
  if (final) args.push(final.value);
  s.at = cmd;
  return FUNCTIONS[name](args);
}

function evalOperand(s: State, dot: GoValue, op: Operand): GoValue {
  switch (op.kind) {
    case 'dot':
      return dot;
    case 'field':
      return fieldChain(dot, op.chain);
    case 'var':
      return fieldChain(s.lookup(op.name), op.chain);
    case 'paren':
      return fieldChain(evalPipe(s, dot, op.pipe), op.chain);
    case 'string':
    case 'number':
    case 'bool':
      return op.value;
    case 'nil':
      return null;
    case 'ident':
      return FUNCTIONS[op.name]([]);
  }
}

function fieldChain(receiver: GoValue, chain: readonly string[]): GoValue {
  let v = receiver;
  for (const name of chain) {
    // A missing key yields Go's invalid value, and fields of it stay invalid: <no value>.
    if (v === undefined) return undefined;
    if (v === null) throw new EvalError(`nil pointer evaluating interface {}.${name}`);
    if (v instanceof GoMap) v = v.get(name);
    else if (v instanceof GoStruct && v.has(name)) v = v.get(name);
    else throw new EvalError(`can't evaluate field ${name} in type ${typeName(v)}`);
  }
  return v;
}
