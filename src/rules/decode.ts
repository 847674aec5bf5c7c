// Typed reads of item keys with yaml-cpp's conversion rules and Falco's messages for missing,
// empty or mistyped values.

import type { LoadContext } from './context.js';
import { yamlValidateError } from './loadError.js';
import { scalarText, type YamlView, type YNode } from './yamlNodes.js';

export type Converter<T> = (text: string) => T | undefined;

export const asString: Converter<string> = (t) => t;

const TRUE_WORDS = ['y', 'yes', 'true', 'on'];
const FALSE_WORDS = ['n', 'no', 'false', 'off'];

/** yaml-cpp accepts these words in lower, UPPER or Capitalized case only. */
function flexibleCase(text: string): string | undefined {
  if (text.length === 0) return text;
  const lower = text.toLowerCase();
  if (text === lower || text === text.toUpperCase()) return lower;
  if (text[0] === text[0].toUpperCase() && text.slice(1) === text.slice(1).toLowerCase()) return lower;
  return undefined;
}

export const asBool: Converter<boolean> = (t) => {
  const w = flexibleCase(t);
  if (w === undefined) return undefined;
  if (TRUE_WORDS.includes(w)) return true;
  if (FALSE_WORDS.includes(w)) return false;
  return undefined;
};

/** An unsigned 32-bit integer read as a C++ stream with automatic base (0x.., 0..). */
export const asUint32: Converter<number> = (t) => {
  if (t.startsWith('-')) return undefined;
  const m = /^\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\s*$/.exec(t);
  if (!m) return undefined;
  const digits = m[1];
  let n: number;
  if (/^0[xX]/.test(digits)) n = Number.parseInt(digits.slice(2), 16);
  else if (digits.length > 1 && digits[0] === '0') n = Number.parseInt(digits.slice(1), 8);
  else n = Number(digits);
  return Number.isSafeInteger(n) && n <= 0xffffffff ? n : undefined;
};

export class Decoder {
  readonly view: YamlView;

  constructor(view: YamlView) {
    this.view = view;
  }

  /** A required scalar value. */
  required<T>(item: YNode, key: string, convert: Converter<T>, ctx: LoadContext): T {
    return this.decode(item, key, convert, ctx, false) as T;
  }

  /** An optional scalar value: undefined when the key is absent. */
  optional<T>(item: YNode, key: string, convert: Converter<T>, ctx: LoadContext): T | undefined {
    return this.decode(item, key, convert, ctx, true);
  }

  private decode<T>(
    item: YNode,
    key: string,
    convert: Converter<T>,
    ctx: LoadContext,
    optional: boolean,
  ): T | undefined {
    const val = this.view.get(item, key);
    if (val === undefined && optional) return undefined;
    if (val === undefined) throw yamlValidateError(`Item has no mapping for key '${key}'`, ctx);
    if (val === null) throw yamlValidateError(`Mapping for key '${key}' is empty`, ctx);
    const valctx = ctx.child(this.view.mark(val), 'value for', key);
    if (!this.view.isScalar(val)) throw yamlValidateError('Value is not a scalar value', valctx);
    const text = scalarText(val);
    if (text.length === 0) throw yamlValidateError('Value must be non-empty', valctx);
    const out = convert(text);
    if (out === undefined) throw yamlValidateError("Can't decode YAML scalar value", valctx);
    return out;
  }

  /** A sequence of scalars (list items, rule tags). Undefined when optional and absent. */
  sequence(item: YNode, key: string, ctx: LoadContext, optional: boolean): string[] | undefined {
    const val = this.view.get(item, key);
    if (val === undefined && optional) return undefined;
    if (val === undefined) throw yamlValidateError(`Item has no mapping for key '${key}'`, ctx);
    const valctx = ctx.child(this.view.valueMark(item, key), 'value for', key);
    if (!this.view.isSeq(val)) throw yamlValidateError('Value is not a sequence', valctx);
    const out: string[] = [];
    this.view.items(val).forEach((v, i) => {
      const ictx = valctx.child(this.view.itemMark(val, i), 'list item', '');
      if (!this.view.isScalar(v)) throw yamlValidateError('sequence value is not scalar', ictx);
      out.push(scalarText(v));
    });
    return out;
  }
}
