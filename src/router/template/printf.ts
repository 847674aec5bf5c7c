// fmt.Sprintf for templates: the verbs alert templates use, with Go's flags, width and
// precision, and Go's in-band error text for a wrong type (%!d(string=x)), a missing argument
// (%!d(MISSING)) or extra ones (%!(EXTRA …)). Verbs Go has but Kestrel does not implement
// (%b %o %O %U %p, %x of a float, %#v) fail the render instead of printing something else.

import { EvalError } from './errors.js';
import { formatFloat, formatValue, GoMap, isNil, typeName, type GoValue } from './values.js';

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  space: boolean;
  sharp: boolean;
  width?: number;
  prec?: number;
}

const UNSUPPORTED = new Set(['b', 'o', 'O', 'U', 'p']);

export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, zero: false, space: false, sharp: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === '0') spec.zero = true;
      else if (c === ' ') spec.space = true;
      else if (c === '#') spec.sharp = true;
      else break;
    }
    const num = () => {
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    if (format[i] === '*' || format[i] === '[')
      throw new EvalError('printf: "*" widths and [n] argument indexes are not supported');
    spec.width = num();
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') throw new EvalError('printf: "*" precisions are not supported');
      spec.prec = num() ?? 0;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) as number);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(verb, spec, args[argi++]);
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map(typedValue).join(', ')})`;
  return out;
}

function typedValue(v: GoValue): string {
  return isNil(v) ? '<nil>' : `${typeName(v)}=${formatValue(v)}`;
}

function bad(verb: string, v: GoValue): string {
  return `%!${verb}(${typedValue(v)})`;
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  const width = spec.width ?? 0;
  const len = [...text].length;
  if (len >= width) return text;
  if (spec.minus) return text + ' '.repeat(width - len);
  if (spec.zero) {
    // Zeros go after the sign of a number.
    const sign = numeric && /^[+\- ]/.test(text) ? text[0] : '';
    return sign + '0'.repeat(width - len) + text.slice(sign.length);
  }
  return ' '.repeat(width - len) + text;
}

function signed(text: string, negative: boolean, spec: Spec): string {
  if (negative) return `-${text}`;
  if (spec.plus) return `+${text}`;
  if (spec.space) return ` ${text}`;
  return text;
}

function truncate(text: string, spec: Spec): string {
  return spec.prec === undefined ? text : [...text].slice(0, spec.prec).join('');
}

function formatArg(verb: string, spec: Spec, v: GoValue): string {
  if (UNSUPPORTED.has(verb)) throw new EvalError(`printf: verb %${verb} is not supported`);
  if (verb === 'T') return pad(typeName(v), spec, false);
  if (verb === 'v' && spec.sharp) throw new EvalError('printf: %#v is not supported');
  // Slices and maps format each element with the verb, as fmt does.
  if (Array.isArray(v) && verb !== 'x' && verb !== 'X')
    return pad(
      `[${(v as readonly GoValue[]).map((e) => formatArg(verb, { ...spec, width: undefined }, e)).join(' ')}]`,
      spec,
      false,
    );
  if (v instanceof GoMap)
    return pad(
      `map[${v
        .sortedKeys()
        .map(
          (k) =>
            `${formatArg(verb, { ...spec, width: undefined }, k)}:${formatArg(verb, { ...spec, width: undefined }, v.get(k))}`,
        )
        .join(' ')}]`,
      spec,
      false,
    );
  if (isNil(v)) return verb === 'v' ? pad('<nil>', spec, false) : bad(verb, v);
  if (typeof v === 'string') {
    switch (verb) {
      case 'v':
      case 's':
        return pad(truncate(v, spec), spec, false);
      case 'q':
        return pad(goQuote(truncate(v, spec)), spec, false);
      case 'x':
      case 'X': {
        const hex = Buffer.from(v).toString('hex');
        return pad(`${spec.sharp ? '0x' : ''}${verb === 'X' ? hex.toUpperCase() : hex}`, spec, false);
      }
      default:
        return bad(verb, v);
    }
  }
  if (typeof v === 'bigint') {
    const neg = v < 0n;
    const abs = neg ? -v : v;
    const digits = (s: string) => (spec.prec !== undefined ? s.padStart(spec.prec, '0') : s);
    switch (verb) {
      case 'v':
      case 'd':
        return pad(signed(digits(abs.toString()), neg, spec), spec, spec.prec === undefined);
      case 'x':
      case 'X': {
        const hex = abs.toString(16);
        return pad(
          signed(`${spec.sharp ? '0x' : ''}${digits(verb === 'X' ? hex.toUpperCase() : hex)}`, neg, spec),
          spec,
          true,
        );
      }
      case 'c':
        return pad(codePoint(v), spec, false);
      case 'q':
        return pad(`'${goQuote(codePoint(v)).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`, spec, false);
      default:
        return bad(verb, v);
    }
  }
  if (typeof v === 'number') {
    const neg = v < 0 || Object.is(v, -0);
    const abs = Math.abs(v);
    let text: string;
    switch (verb) {
      case 'v':
      case 'g':
      case 'G':
        text = formatFloat(abs, verb === 'G' ? 'G' : 'g', spec.prec ?? -1);
        break;
      case 'f':
      case 'F':
        text = formatFloat(abs, 'f', spec.prec ?? 6);
        break;
      case 'e':
      case 'E':
        text = formatFloat(abs, verb, spec.prec ?? 6);
        break;
      case 'x':
      case 'X':
        throw new EvalError(`printf: %${verb} of a float64 is not supported`);
      default:
        return bad(verb, v);
    }
    if (Number.isNaN(v) || !Number.isFinite(v)) return pad(text, { ...spec, zero: false }, false);
    return pad(signed(text, neg, spec), spec, true);
  }
  if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), spec, false) : bad(verb, v);
  // The payload struct.
  return verb === 'v' || verb === 's' ? pad(formatValue(v), spec, false) : bad(verb, v);
}

function codePoint(v: bigint): string {
  const n = Number(v);
  return n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n < 0xe000) ? String.fromCodePoint(n) : '\ufffd';
}

/** strconv.Quote: Go escapes for control and non-printable characters, printable Unicode kept. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch))
      out += cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
