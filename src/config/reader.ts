// Typed, position-aware access to one mapping of the configuration tree. Every read names the
// key path it reads; a value of the wrong type is a ConfigError pointing at it; keys nobody reads
// can be reported as unknown (warnings). An absent or empty (null) value takes the default.

import { toBool, toDouble, toInteger } from './convert.js';
import { ConfigError, warningText } from './errors.js';
import { type CNode, kindName, type MapNode, type Origin } from './tree.js';

export interface ReadContext {
  warnings: string[];
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export class Section {
  constructor(
    readonly node: MapNode | undefined,
    readonly path: string,
    readonly ctx: ReadContext,
  ) {}

  /** The node at `key`, or undefined when absent or null. */
  get(key: string): CNode | undefined {
    const value = this.node?.entries.get(key)?.value;
    return value === undefined || value.kind === 'null' ? undefined : value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  keyPath(key: string): string {
    return join(this.path, key);
  }

  originOf(key: string): Origin | undefined {
    return this.get(key)?.origin ?? this.node?.entries.get(key)?.keyOrigin ?? this.node?.origin;
  }

  error(key: string, problem: string): ConfigError {
    return new ConfigError(problem, this.keyPath(key), this.originOf(key));
  }

  warn(key: string, problem: string): void {
    this.ctx.warnings.push(warningText(problem, this.keyPath(key), this.originOf(key)));
  }

  #scalar(key: string, expected: string): string | undefined {
    const node = this.get(key);
    if (node === undefined) return undefined;
    if (node.kind !== 'scalar') throw this.error(key, `expected ${expected}, got ${kindName(node)}`);
    return node.value;
  }

  bool(key: string, fallback: boolean): boolean {
    const text = this.#scalar(key, 'a boolean (true or false)');
    if (text === undefined) return fallback;
    const v = toBool(text);
    if (v === undefined) throw this.error(key, `expected a boolean (true or false), got "${text}"`);
    return v;
  }

  int(key: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const text = this.#scalar(key, 'an integer');
    if (text === undefined) return fallback;
    const v = toInteger(text);
    if (v === undefined) throw this.error(key, `expected an integer, got "${text}"`);
    const min = range.min ?? Number.MIN_SAFE_INTEGER;
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    if (v < min || v > max) throw this.error(key, `${v} is out of range (${min} to ${max})`);
    return v;
  }

  double(key: string, fallback: number): number {
    const text = this.#scalar(key, 'a number');
    if (text === undefined) return fallback;
    const v = toDouble(text);
    if (v === undefined) throw this.error(key, `expected a number, got "${text}"`);
    return v;
  }

  string(key: string, fallback: string): string {
    return this.#scalar(key, 'a string') ?? fallback;
  }

  /** A list of strings; a single scalar counts as a one-item list (as Falco reads sequences). */
  stringList(key: string, fallback: readonly string[]): string[] {
    const node = this.get(key);
    if (node === undefined) return [...fallback];
    if (node.kind === 'scalar') return [node.value];
    if (node.kind !== 'seq') throw this.error(key, `expected a list of strings, got ${kindName(node)}`);
    return node.items.map((item, i) => {
      if (item.kind === 'scalar') return item.value;
      throw new ConfigError(`expected a string, got ${kindName(item)}`, `${this.keyPath(key)}[${i}]`, item.origin);
    });
  }

  /** The nested mapping at `key` (empty when absent). */
  section(key: string): Section {
    const node = this.get(key);
    if (node !== undefined && node.kind !== 'map') throw this.error(key, `expected a mapping, got ${kindName(node)}`);
    return new Section(node, this.keyPath(key), this.ctx);
  }

  /** The list at `key` (empty when absent); a mapping or scalar is an error. */
  list(key: string): CNode[] {
    const node = this.get(key);
    if (node === undefined) return [];
    if (node.kind !== 'seq') throw this.error(key, `expected a list, got ${kindName(node)}`);
    return node.items;
  }

  keys(): string[] {
    return this.node === undefined ? [] : [...this.node.entries.keys()];
  }

  /** Warns about every key not in `known`. */
  warnUnknown(known: readonly string[]): void {
    for (const [key, entry] of this.node?.entries ?? []) {
      if (!known.includes(key)) {
        this.ctx.warnings.push(warningText('unknown configuration key, ignored', this.keyPath(key), entry.keyOrigin));
      }
    }
  }
}
