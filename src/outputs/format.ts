// Compiles a rule's output format (`"File opened (file=%fd.name user=%user.name)"`) once, into
// something that renders an event to text and to JSON output fields. Token rules follow libsinsp's
// event formatter:
//
// - `%` starts a token; optional decimal digits right after it set a width (`%12proc.name` pads
//   or cuts the value to exactly 12 bytes);
// - the token is the longest text that parses and binds as a field (`proc.name`,
//   `proc.aname[2]`, `jevt.value[/a/b]`, `evt.arg.flags`) or as a transformer
//   (`tolower(proc.name)`); whatever follows is literal text (`%proc.namex` is `proc.name` + `x`);
// - a leading `*` is dropped (Falco always renders rule outputs as if it were there: values that
//   are not available print as `<NA>`);
// - JSON output fields hold every field token under its name as written, typed as libsinsp types
//   them; transformer tokens are left out there, but the fields inside them are included;
// - there is no `%(field)` form: libsinsp 0.44 only accepts a field or a transformer after `%`.
//
// When nothing after `%` is a field, the error is `invalid formatting token <rest of the format>`,
// the wording the legacy suite and Falco's tooling expect (`invalid formatting token
// not_a_real_field`).

import type { FieldExpr, TransformerNode } from '../condition/ast.js';
import { compileFieldExpr } from '../condition/eval/fieldExpr.js';
import { formatFieldExpr, parseCondition } from '../condition/index.js';
import type { OutputFieldValue, OutputFormat, RenderedOutput } from '../engine/types.js';
import type { EventSource } from '../events/source.js';
import type { FieldValue } from '../fields/types.js';
import { type BoundField, bindOutputField } from './fieldBinding.js';
import { TIMESTAMP_JSON_FIELDS } from './genericTimeFields.js';
import { valueJson } from './valueJson.js';
import { fitWidth, valueText } from './valueText.js';

/** A format string that cannot be compiled; the message is Falco's wording. */
export class OutputFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFormatError';
  }
}

export interface OutputFormatOptions<E> {
  /**
   * Binds a transformer token (`%tolower(proc.name)`). By default transformers are compiled as
   * conditions compile them, so they give the same values in outputs as in conditions.
   */
  bindTransformer?: (node: TransformerNode, source: EventSource<E>) => BoundField<E>;
}

function bindTransformerAsConditions<E>(node: TransformerNode, source: EventSource<E>): BoundField<E> {
  const compiled = compileFieldExpr(node, source);
  return { extract: compiled.extract, type: compiled.type, isList: compiled.isList };
}

/** libsinsp's field name pattern: dotted words, each starting with a letter. */
const FIELD_NAME = /[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+/y;
const FIELD_NAME_FULL = /^[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+$/;
/** A bare field argument: anything but brackets, quotes and blanks. */
const BARE_ARG = /[^\][\\"'\s]+/y;
const TRANSFORMER_START = /(tolower|toupper|b64|basename|len|join|concat|getopt)\(/y;
/** Widths beyond this would only pad lines with megabytes of blanks; refuse them. */
const MAX_WIDTH = 65_536;

interface Token<E> {
  /** Name as written (`proc.aname[2]`, `tolower(proc.name)`). */
  key: string;
  bound: BoundField<E>;
  /** How the token appears in JSON output fields. */
  json: 'value' | 'timestamp' | 'hidden';
}

type Part = string | { token: number; width: number };

/** An output format compiled against one event source. */
export class CompiledOutputFormat<E> implements OutputFormat<E> {
  readonly format: string;
  /** Names of the JSON output fields this format produces, in sorted order. */
  readonly fieldNames: readonly string[];
  readonly #parts: readonly Part[];
  readonly #tokens: readonly Token<E>[];
  readonly #jsonTokens: readonly number[];
  readonly #source: EventSource<E>;

  constructor(format: string, source: EventSource<E>, parts: Part[], tokens: Token<E>[]) {
    this.format = format;
    this.#source = source;
    this.#parts = parts;
    this.#tokens = tokens;
    const json = tokens
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => t.json !== 'hidden')
      .sort((a, b) => (a.t.key < b.t.key ? -1 : a.t.key > b.t.key ? 1 : 0));
    this.#jsonTokens = json.map(({ i }) => i);
    this.fieldNames = json.map(({ t }) => t.key);
  }

  render(evt: E): RenderedOutput {
    const tokens = this.#tokens;
    const values: FieldValue[] = new Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) values[i] = tokens[i].bound.extract(evt);
    const text = this.#text(values) as string;
    const fields: Record<string, OutputFieldValue> = {};
    for (const i of this.#jsonTokens) {
      const token = tokens[i];
      fields[token.key] =
        token.json === 'timestamp' ? this.#source.timestampOf(evt) : valueJson(values[i], token.bound.type);
    }
    return { text, fields };
  }

  /** The format's text from extracted values; undefined when `requireAll` and a value is missing. */
  #text(values: readonly FieldValue[], requireAll = false): string | undefined {
    const tokens = this.#tokens;
    let text = '';
    for (const part of this.#parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const v = values[part.token];
      if (v === undefined && requireAll) return undefined;
      const s = valueText(v, tokens[part.token].bound.type);
      text += part.width > 0 ? fitWidth(s, part.width) : s;
    }
    return text;
  }

  /**
   * The text alone, as sysdig's `-p` prints an event. With `requireAll` (a format not starting
   * with `*`), an event lacking any of the printed fields gives undefined: sysdig skips it.
   */
  renderText(evt: E, requireAll: boolean): string | undefined {
    const tokens = this.#tokens;
    const values: FieldValue[] = new Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) values[i] = tokens[i].bound.extract(evt);
    return this.#text(values, requireAll);
  }
}

/** What a `%` token resolved to: its length in the format and the token it prints. */
interface Resolved {
  length: number;
  /** Index, in `tokens`, of the token whose value is printed. */
  printed: number;
}

class FormatCompiler<E> {
  readonly tokens: Token<E>[] = [];
  readonly #byKey = new Map<string, number>();

  constructor(
    readonly source: EventSource<E>,
    readonly options: OutputFormatOptions<E>,
  ) {}

  /** Registers a token once per name; repeated uses share it. */
  register(key: string, bound: BoundField<E>, json: Token<E>['json']): number {
    const existing = this.#byKey.get(key);
    if (existing !== undefined) return existing;
    const index = this.tokens.length;
    this.tokens.push({ key, bound, json });
    this.#byKey.set(key, index);
    return index;
  }

  registerField(key: string, bound: BoundField<E>, name: string): number {
    return this.register(key, bound, TIMESTAMP_JSON_FIELDS.has(name) ? 'timestamp' : 'value');
  }

  /** Resolves the token starting at `pos` (just after `%` and any width digits). */
  resolve(fmt: string, pos: number): Resolved {
    TRANSFORMER_START.lastIndex = pos;
    if (TRANSFORMER_START.test(fmt)) return this.resolveTransformer(fmt, pos);
    return this.resolveField(fmt, pos);
  }

  resolveField(fmt: string, pos: number): Resolved {
    FIELD_NAME.lastIndex = pos;
    const m = FIELD_NAME.exec(fmt);
    if (m !== null) {
      const name = m[0];
      const bracket = parseBracketArg(fmt, pos + name.length);
      if (bracket !== undefined) {
        const bound = bindOutputField(this.source, name, bracket.arg);
        if (bound !== undefined) {
          const key = fmt.slice(pos, bracket.end);
          return { length: bracket.end - pos, printed: this.registerField(key, bound, name) };
        }
      }
      // The longest prefix that still names a field wins; the rest of the text is literal.
      for (let len = name.length; len > 0; len--) {
        const candidate = name.slice(0, len);
        if (!FIELD_NAME_FULL.test(candidate)) continue;
        const bound = bindOutputField(this.source, candidate, undefined);
        if (bound !== undefined) return { length: len, printed: this.registerField(candidate, bound, candidate) };
      }
    }
    throw new OutputFormatError(`invalid formatting token ${fmt.slice(pos)}`);
  }

  resolveTransformer(fmt: string, pos: number): Resolved {
    const end = transformerEnd(fmt, pos);
    const text = fmt.slice(pos, end);
    let node: FieldExpr;
    try {
      const parsed = parseCondition(`${text} exists`);
      if (parsed.kind !== 'unary' || parsed.field.kind !== 'transformer') throw new Error('not a transformer');
      node = parsed.field;
    } catch (e) {
      const detail = e instanceof Error ? `: ${e.message}` : '';
      throw new OutputFormatError(`invalid formatting syntax: cannot parse transformer ${text}${detail}`);
    }
    // libsinsp lists the fields inside a transformer among the output fields, not the transformer.
    this.registerInnerFields(node);
    let bound: BoundField<E>;
    try {
      bound = (this.options.bindTransformer ?? bindTransformerAsConditions)(node, this.source);
    } catch (e) {
      const detail = e instanceof Error ? `: ${e.message}` : '';
      throw new OutputFormatError(`invalid formatting token ${text}${detail}`);
    }
    return { length: end - pos, printed: this.register(formatFieldExpr(node), bound, 'hidden') };
  }

  registerInnerFields(expr: FieldExpr): void {
    if (expr.kind === 'field') {
      const bound = bindOutputField(this.source, expr.name, expr.arg);
      if (bound === undefined) throw new OutputFormatError(`invalid formatting token ${formatFieldExpr(expr)}`);
      this.registerField(formatFieldExpr(expr), bound, expr.name);
      return;
    }
    for (const arg of expr.args) {
      if (arg.kind === 'field' || arg.kind === 'transformer') this.registerInnerFields(arg);
      else if (arg.kind === 'transformerlist') {
        for (const item of arg.items) if (item.kind !== 'value') this.registerInnerFields(item);
      }
    }
  }
}

/** `[arg]` right after a field name: a quoted or bare argument. Undefined when there is none. */
function parseBracketArg(fmt: string, pos: number): { arg: string | undefined; end: number } | undefined {
  if (fmt[pos] !== '[') return { arg: undefined, end: pos };
  const quote = fmt[pos + 1];
  if (quote === '"' || quote === "'") {
    let arg = '';
    for (let i = pos + 2; i < fmt.length; i++) {
      const c = fmt[i];
      if (c === '\\' && i + 1 < fmt.length) {
        arg += fmt[++i];
        continue;
      }
      if (c === quote) return fmt[i + 1] === ']' ? { arg, end: i + 2 } : undefined;
      arg += c;
    }
    return undefined;
  }
  BARE_ARG.lastIndex = pos + 1;
  const m = BARE_ARG.exec(fmt);
  if (m === null || fmt[pos + 1 + m[0].length] !== ']') return undefined;
  return { arg: m[0], end: pos + 2 + m[0].length };
}

/** End of a transformer token: its balanced parentheses (quotes respected) and any `[selector]`. */
function transformerEnd(fmt: string, pos: number): number {
  let depth = 0;
  let quote = '';
  let i = pos;
  for (; i < fmt.length; i++) {
    const c = fmt[i];
    if (quote !== '') {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      i++;
      break;
    }
  }
  if (depth !== 0) return fmt.length;
  const selector = parseBracketArg(fmt, i);
  return selector?.end ?? i;
}

/**
 * Compiles `format` against `source`. Throws OutputFormatError with Falco's message when a token
 * is not a field the source knows (`invalid formatting token not_a_real_field`) or the syntax is
 * broken (a trailing `%` or width).
 */
export function compileOutputFormat<E>(
  format: string,
  source: EventSource<E>,
  options: OutputFormatOptions<E> = {},
): CompiledOutputFormat<E> {
  if (format.length === 0) throw new OutputFormatError('empty formatting token');
  const fmt = format.startsWith('*') ? format.slice(1) : format;
  const compiler = new FormatCompiler(source, options);
  const parts: Part[] = [];
  let literalStart = 0;
  let j = 0;
  while (j < fmt.length) {
    if (fmt[j] !== '%') {
      j++;
      continue;
    }
    if (j > literalStart) parts.push(fmt.slice(literalStart, j));
    if (j === fmt.length - 1) {
      throw new OutputFormatError('invalid formatting syntax: formatting cannot end with a %');
    }
    let start = j + 1;
    let width = 0;
    while (start < fmt.length && fmt[start] >= '0' && fmt[start] <= '9') {
      width = width * 10 + (fmt.charCodeAt(start) - 48);
      start++;
    }
    if (start === fmt.length) {
      throw new OutputFormatError('invalid formatting syntax: formatting cannot end with a number');
    }
    if (width > MAX_WIDTH) {
      throw new OutputFormatError(`invalid formatting syntax: width ${fmt.slice(j + 1, start)} is too large`);
    }
    const resolved = compiler.resolve(fmt, start);
    parts.push({ token: resolved.printed, width });
    j = start + resolved.length;
    literalStart = j;
  }
  if (literalStart < fmt.length) parts.push(fmt.slice(literalStart));
  return new CompiledOutputFormat(format, source, parts, compiler.tokens);
}
