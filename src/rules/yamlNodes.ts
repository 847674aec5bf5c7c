// A yaml-cpp-like view of parsed YAML: scalars stay text (yaml-cpp converts on demand), null
// is told apart from empty strings the way yaml-cpp does, and every node has a mark.

import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { Position } from './context.js';
import type { PositionMapper } from './positions.js';

/** A node as yaml-cpp would see it; `null` stands for a YAML null (e.g. `key:` with no value). */
export type YNode = YAMLMap | YAMLSeq | Scalar | null;

const NULL_TEXTS = new Set(['', '~', 'null', 'Null', 'NULL']);

export class YamlView {
  private readonly doc: Document;
  private readonly positions: PositionMapper;

  constructor(doc: Document, positions: PositionMapper) {
    this.doc = doc;
    this.positions = positions;
  }

  /** The document's top node (raw; pass it to deref). */
  root(): unknown {
    return this.doc.contents;
  }

  /** Follows aliases; turns YAML nulls into `null`. */
  deref(node: unknown): YNode {
    let n = node as Node | null | undefined;
    for (let i = 0; i < 100 && isAlias(n); i++) n = (n as Alias).resolve(this.doc) as Node | undefined;
    if (n === null || n === undefined) return null;
    if (isScalar(n)) return isNullScalar(n) ? null : n;
    if (isMap(n) || isSeq(n)) return n;
    return null;
  }

  isMap(n: YNode): n is YAMLMap {
    return n !== null && isMap(n);
  }

  isSeq(n: YNode): n is YAMLSeq {
    return n !== null && isSeq(n);
  }

  isScalar(n: YNode): n is Scalar {
    return n !== null && isScalar(n);
  }

  /** `item[key]`: undefined when the key is absent, `null` when its value is null. */
  get(map: YNode, key: string): YNode | undefined {
    if (!this.isMap(map)) return undefined;
    for (const pair of map.items) {
      const k = this.deref(pair.key);
      if (k !== null && isScalar(k) && scalarText(k) === key) return this.deref(pair.value);
    }
    return undefined;
  }

  /** The mark of a value: the value node itself, or for a null value the end of its key. */
  valueMark(map: YNode, key: string): Position {
    if (!this.isMap(map)) return this.mark(map);
    for (const pair of map.items) {
      const k = this.deref(pair.key);
      if (k !== null && isScalar(k) && scalarText(k) === key) {
        const v = pair.value as Node | null;
        if (v?.range) return this.positions.at(v.range[0]);
        return this.positions.at(k.range ? k.range[1] : 0);
      }
    }
    return this.mark(map);
  }

  /** The mark of a key node (used for override keys). */
  keyMark(map: YNode, key: string): Position {
    if (this.isMap(map)) {
      for (const pair of map.items) {
        const k = this.deref(pair.key);
        if (k !== null && isScalar(k) && scalarText(k) === key && k.range) return this.positions.at(k.range[0]);
      }
    }
    return this.mark(map);
  }

  mark(n: YNode | undefined): Position {
    if (n?.range) return this.positions.at(n.range[0]);
    return this.positions.at(0);
  }

  /** Keys of a map in document order (scalar keys only, as text). */
  keys(map: YNode): Array<{ key: string; keyNode: Scalar; value: YNode; rawValue: unknown }> {
    const out: Array<{ key: string; keyNode: Scalar; value: YNode; rawValue: unknown }> = [];
    if (!this.isMap(map)) return out;
    for (const pair of map.items) {
      const k = this.deref(pair.key);
      if (k !== null && isScalar(k))
        out.push({ key: scalarText(k), keyNode: k, value: this.deref(pair.value), rawValue: pair.value });
    }
    return out;
  }

  /** Items of a sequence, dereferenced. */
  items(seq: YNode): YNode[] {
    return this.isSeq(seq) ? seq.items.map((i) => this.deref(i)) : [];
  }

  /** The mark of a sequence item (for null items, the sequence mark). */
  itemMark(seq: YNode, index: number): Position {
    if (this.isSeq(seq)) {
      const raw = seq.items[index] as Node | null;
      if (raw?.range) return this.positions.at(raw.range[0]);
    }
    return this.mark(seq);
  }
}

function isNullScalar(n: Scalar): boolean {
  if (n.value === null || n.value === undefined) return true;
  return n.type === Scalar.PLAIN && !n.tag && NULL_TEXTS.has(String(n.value));
}

/** The scalar's text as yaml-cpp keeps it (never converted to numbers or booleans). */
export function scalarText(n: Scalar): string {
  const v = n.value;
  return typeof v === 'string' ? v : String(v);
}
