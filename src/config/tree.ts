// The configuration as a plain tree of maps, sequences and scalars, each remembering where it came
// from. YAML is read with the failsafe schema, so every scalar keeps its text and is converted only
// when a key's type is known (as yaml-cpp does for Falco): `yes` is a boolean for a boolean key and
// a string for a string key. A plain `~`, `null` or empty value is null. Environment variables are
// expanded in every scalar read from a file: `${NAME}` becomes its value (empty when unset) and
// `$${...}` stands for a literal `${...}`.

import { readFileSync } from 'node:fs';
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, Scalar } from 'yaml';
import { ConfigError } from './errors.js';

export type Origin =
  | { kind: 'file'; file: string; line: number; col: number }
  | { kind: 'override'; option: string }
  | { kind: 'default' };

export interface ScalarNode {
  kind: 'scalar';
  value: string;
  origin: Origin;
}
export interface NullNode {
  kind: 'null';
  origin: Origin;
}
export interface SeqNode {
  kind: 'seq';
  items: CNode[];
  origin: Origin;
}
export interface MapEntry {
  keyOrigin: Origin;
  value: CNode;
}
export interface MapNode {
  kind: 'map';
  entries: Map<string, MapEntry>;
  origin: Origin;
}
export type CNode = ScalarNode | NullNode | SeqNode | MapNode;

const NULL_WORDS = new Set(['~', 'null', 'Null', 'NULL', '']);

/** Expands `${NAME}` from the environment and turns `$${...}` into a literal `${...}`. */
export function expandEnvVars(value: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = value;
  let start = out.indexOf('$');
  while (start !== -1) {
    const rest = out.slice(start);
    if (rest.startsWith('${')) {
      const end = rest.indexOf('}');
      if (end === -1) break;
      const name = rest.slice(2, end);
      const replacement = env[name] ?? '';
      out = out.slice(0, start) + replacement + out.slice(start + end + 1);
      start = out.indexOf('$', start + replacement.length);
    } else if (rest.startsWith('$${')) {
      if (rest.indexOf('}') === -1) break;
      out = out.slice(0, start) + out.slice(start + 1);
      start = out.indexOf('$', start + 2);
    } else {
      start = out.indexOf('$', start + 1);
    }
  }
  return out;
}

interface BuildContext {
  file: string;
  doc: Document;
  lines: LineCounter;
  expandEnv: boolean;
  env: NodeJS.ProcessEnv;
}

function originOf(ctx: BuildContext, node: Node | null | undefined): Origin {
  const offset = node?.range?.[0] ?? 0;
  const pos = ctx.lines.linePos(offset);
  return { kind: 'file', file: ctx.file, line: pos.line, col: pos.col };
}

function build(ctx: BuildContext, node: unknown, depth: number): CNode {
  if (depth > 64) throw new ConfigError('the YAML nesting is too deep', '', originOf(ctx, node as Node));
  if (isAlias(node)) return build(ctx, node.resolve(ctx.doc), depth + 1);
  if (node === null || node === undefined) return { kind: 'null', origin: originOf(ctx, null) };
  const origin = originOf(ctx, node as Node);
  if (isScalar(node)) {
    const text = String(node.value ?? '');
    const plain = node.type === Scalar.PLAIN || node.type === undefined;
    if (plain && NULL_WORDS.has(text)) return { kind: 'null', origin };
    return { kind: 'scalar', value: ctx.expandEnv ? expandEnvVars(text, ctx.env) : text, origin };
  }
  if (isSeq(node)) return { kind: 'seq', items: node.items.map((i) => build(ctx, i, depth + 1)), origin };
  if (isMap(node)) {
    const entries = new Map<string, MapEntry>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value ?? '') : undefined;
      if (key === undefined) {
        throw new ConfigError('mapping keys must be plain strings', '', originOf(ctx, pair.key as Node));
      }
      entries.set(key, { keyOrigin: originOf(ctx, pair.key as Node), value: build(ctx, pair.value, depth + 1) });
    }
    return { kind: 'map', entries, origin };
  }
  throw new ConfigError('unsupported YAML value', '', origin);
}

/** Parses YAML text into a tree. `file` names it in positions and errors. */
export function parseConfigText(
  text: string,
  file: string,
  options: { expandEnv?: boolean; env?: NodeJS.ProcessEnv } = {},
): CNode {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, schema: 'failsafe', uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    const firstLine = error.message.split('\n')[0];
    throw new ConfigError(`invalid YAML: ${firstLine}`, '', { kind: 'file', file, line: pos.line, col: pos.col });
  }
  const ctx: BuildContext = { file, doc, lines, expandEnv: options.expandEnv ?? true, env: options.env ?? process.env };
  return build(ctx, doc.contents, 0);
}

/** Reads and parses a configuration file. */
export function readConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): CNode {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ConfigError(`Cannot read config file (${path}): ${reason}`);
  }
  return parseConfigText(text, path, { env });
}

/** A short description of a node's kind for error messages. */
export function kindName(node: CNode): string {
  switch (node.kind) {
    case 'scalar':
      return `"${node.value}"`;
    case 'null':
      return 'an empty value';
    case 'seq':
      return 'a list';
    case 'map':
      return 'a mapping';
  }
}
