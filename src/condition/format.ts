// Writes an AST back as condition text that parses to the same tree (positions aside). Used
// for diagnostics and by the rules loader when it needs a condition as text again.

import type {
  BinaryOp,
  ConditionNode,
  FieldExpr,
  FieldNode,
  ListNode,
  Operand,
  TransformerListNode,
  TransformerNode,
  ValueNode,
} from './ast.js';
import { quote } from './escaping.js';
import { BARE_STRING_FULL, FIELD_ARG_BARE_FULL, IDENTIFIER_FULL, isListOperator, NUMBER_FULL } from './grammar.js';

export function formatCondition(node: ConditionNode): string {
  switch (node.kind) {
    case 'and':
      return node.children.map((c) => formatOperand(c)).join(' and ');
    case 'or':
      return node.children.map((c) => formatOperand(c)).join(' or ');
    case 'not':
      return `not (${formatCondition(node.child)})`;
    case 'identifier':
      return node.name;
    case 'unary':
      return `${formatFieldExpr(node.field)} exists`;
    case 'binary': {
      const modifier = node.modifier ? ` ${node.modifier}` : '';
      return `${formatFieldExpr(node.field)} ${node.op}${modifier} ${formatRhs(node.value, node.op, !!node.modifier)}`;
    }
  }
}

/** Children of and/or: nested and/or nodes keep their parentheses so the tree shape survives. */
function formatOperand(node: ConditionNode): string {
  const text = formatCondition(node);
  return node.kind === 'and' || node.kind === 'or' ? `(${text})` : text;
}

export function formatFieldExpr(expr: FieldExpr): string {
  return expr.kind === 'field' ? formatField(expr) : formatTransformer(expr);
}

function formatField(field: FieldNode): string {
  return field.arg === undefined ? field.name : `${field.name}[${formatBracketArg(field.arg)}]`;
}

function formatBracketArg(arg: string): string {
  return FIELD_ARG_BARE_FULL.test(arg) ? arg : quote(arg);
}

function formatTransformer(node: TransformerNode): string {
  const args = node.args.map((a) => formatTransformerArg(a)).join(', ');
  const selector = node.arg === undefined ? '' : `[${formatBracketArg(node.arg)}]`;
  return `${node.name}(${args})${selector}`;
}

function formatTransformerArg(arg: FieldExpr | ValueNode | TransformerListNode): string {
  if (arg.kind === 'value') return formatArgValue(arg);
  if (arg.kind === 'transformerlist') {
    return `(${arg.items.map((i) => (i.kind === 'value' ? formatArgValue(i) : formatFieldExpr(i))).join(', ')})`;
  }
  return formatFieldExpr(arg);
}

/** Transformer arguments are numbers or quoted strings. */
function formatArgValue(v: ValueNode): string {
  return !v.quoted && NUMBER_FULL.test(v.value) ? v.value : quote(v.value);
}

function formatRhs(value: Operand, op: BinaryOp, modifier: boolean): string {
  switch (value.kind) {
    case 'list':
      return formatList(value);
    case 'fieldvalue':
      return value.field.kind === 'field' ? `val(${formatField(value.field)})` : formatTransformer(value.field);
    case 'value':
      if (modifier || isListOperator(op)) {
        // a bare identifier here names a list
        return !value.quoted && IDENTIFIER_FULL.test(value.value)
          ? value.value
          : formatList({ ...value, kind: 'list', items: [value] });
      }
      return formatScalar(value, op);
  }
}

function formatList(list: ListNode): string {
  return `(${list.items.map((i) => formatListItem(i)).join(', ')})`;
}

function formatListItem(v: ValueNode): string {
  return !v.quoted && BARE_STRING_FULL.test(v.value) ? v.value : quote(v.value);
}

function formatScalar(v: ValueNode, op: BinaryOp): string {
  if (op === '<' || op === '<=' || op === '>' || op === '>=') return v.value;
  return v.quoted || !BARE_STRING_FULL.test(v.value) ? quote(v.value) : v.value;
}
