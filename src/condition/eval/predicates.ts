// Comparisons against literals, built once per check: a test for one extracted scalar value,
// specialised by value family and operator, with literals pre-parsed (sets for `in`, lower-cased
// needles for icontains, compiled globs and regexes, a prefix tree for pmatch).

import type { FieldScalar, FieldType } from '../../fields/types.js';
import type { ListModifier } from '../ast.js';
import { bytesContain, bytesEndWith, bytesEqual, bytesStartWith, isByteSource } from './bytes.js';
import { compileGlob } from './glob.js';
import { ipEquals, ipInNet } from './ip.js';
import { boolLiteral, bytesLiteral, doubleLiteral, intLiteral, ipAddrLiteral, ipNetLiteral } from './literals.js';
import { compareNumeric } from './numbers.js';
import { PathPrefixSearch } from './pathPrefix.js';
import { compileRegex, fullMatch } from './regex.js';
import { asciiLower, containsIgnoringCase } from './text.js';
import { type Family, opName } from './types.js';

export type Test = (v: FieldScalar) => boolean;

function parseAll<T>(texts: readonly string[], parse: (t: string) => T): T[] {
  return texts.map((t) => parse(t));
}

function asString(v: FieldScalar): string {
  return typeof v === 'string' ? v : String(v);
}

function asNumeric(v: FieldScalar): number | bigint | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

function asBool(v: FieldScalar): boolean {
  return typeof v === 'boolean' ? v : typeof v === 'number' || typeof v === 'bigint' ? v !== 0 && v !== 0n : false;
}

function orderTest(op: string, cmp: (v: FieldScalar) => number): Test {
  switch (op) {
    case '<':
      return (v) => cmp(v) < 0;
    case '<=':
      return (v) => cmp(v) <= 0;
    case '>':
      return (v) => cmp(v) > 0;
    default:
      return (v) => cmp(v) >= 0;
  }
}

/** The test `value <op> literal` for one literal. */
function elementTest(family: Family, type: FieldType, op: string, text: string): Test {
  switch (family) {
    case 'string':
      return stringTest(op, text);
    case 'bytes': {
      const lit = bytesLiteral(text, op);
      switch (op) {
        case '=':
          return (v) => isByteSource(v) && bytesEqual(v, lit);
        case '!=':
          return (v) => !isByteSource(v) || !bytesEqual(v, lit);
        case 'startswith':
        case 'bstartswith':
          return (v) => isByteSource(v) && bytesStartWith(v, lit);
        case 'endswith':
          return (v) => isByteSource(v) && bytesEndWith(v, lit);
        default:
          return (v) => isByteSource(v) && bytesContain(v, lit);
      }
    }
    case 'int':
    case 'double': {
      const lit = family === 'int' ? intLiteral(text, type) : doubleLiteral(text);
      const cmp = (v: FieldScalar) => {
        const n = asNumeric(v);
        return n === undefined ? Number.NaN : compareNumeric(n, lit);
      };
      if (op === '=') return (v) => v === lit || cmp(v) === 0;
      if (op === '!=') return (v) => v !== lit && cmp(v) !== 0;
      return orderTest(op, cmp);
    }
    case 'bool': {
      const lit = boolLiteral(text);
      return op === '=' ? (v) => asBool(v) === lit : (v) => asBool(v) !== lit;
    }
    case 'ipaddr': {
      const lit = ipAddrLiteral(text);
      return op === '=' ? (v) => ipEquals(v, lit) : (v) => !ipEquals(v, lit);
    }
    case 'ipnet': {
      const lit = ipNetLiteral(text);
      return op === '=' ? (v) => ipInNet(v, lit) : (v) => !ipInNet(v, lit);
    }
  }
}

function stringTest(op: string, lit: string): Test {
  switch (op) {
    case '=':
      return (v) => asString(v) === lit;
    case '!=':
      return (v) => asString(v) !== lit;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return orderTest(op, (v) => {
        const s = asString(v);
        return s < lit ? -1 : s > lit ? 1 : 0;
      });
    case 'contains':
      return (v) => asString(v).includes(lit);
    case 'icontains': {
      const needle = asciiLower(lit);
      return (v) => containsIgnoringCase(asString(v), needle);
    }
    case 'startswith':
      return (v) => asString(v).startsWith(lit);
    case 'endswith':
      return (v) => asString(v).endsWith(lit);
    case 'glob':
    case 'iglob': {
      const re = compileGlob(lit, op === 'iglob');
      return (v) => re.test(asString(v));
    }
    case 'regex': {
      const re = compileRegex(lit);
      return (v) => fullMatch(re, asString(v));
    }
    default:
      throw new Error(`invalid filter operator ${op}`);
  }
}

/** Equality with any of the literals (`in`, `intersects`, `== anyof`). */
export function membershipTest(family: Family, type: FieldType, texts: readonly string[]): Test {
  switch (family) {
    case 'string': {
      const set = new Set(texts);
      return (v) => set.has(asString(v));
    }
    case 'int':
    case 'double': {
      const set = new Set<number | bigint>(
        parseAll(texts, (t) => (family === 'int' ? intLiteral(t, type) : doubleLiteral(t))),
      );
      return (v) => {
        const n = asNumeric(v);
        if (n === undefined) return false;
        if (typeof n === 'bigint' && n >= -9007199254740991n && n <= 9007199254740991n) return set.has(Number(n));
        return set.has(n);
      };
    }
    case 'bool': {
      const lits = parseAll(texts, boolLiteral);
      const hasTrue = lits.includes(true);
      const hasFalse = lits.includes(false);
      return (v) => (asBool(v) ? hasTrue : hasFalse);
    }
    case 'bytes': {
      const lits = parseAll(texts, (t) => bytesLiteral(t, '='));
      return (v) => isByteSource(v) && lits.some((l) => bytesEqual(v, l));
    }
    case 'ipaddr': {
      const lits = parseAll(texts, ipAddrLiteral);
      return (v) => {
        for (const l of lits) if (ipEquals(v, l)) return true;
        return false;
      };
    }
    case 'ipnet': {
      const lits = parseAll(texts, ipNetLiteral);
      return (v) => {
        for (const l of lits) if (ipInNet(v, l)) return true;
        return false;
      };
    }
  }
}

function modifierTest(modifier: ListModifier, tests: readonly Test[]): Test {
  const n = tests.length;
  if (n === 0) return () => false;
  switch (modifier) {
    case 'anyof':
      return (v) => {
        for (let i = 0; i < n; i++) if (tests[i](v)) return true;
        return false;
      };
    case 'allof':
      return (v) => {
        for (let i = 0; i < n; i++) if (!tests[i](v)) return false;
        return true;
      };
    case 'oneof':
      return (v) => {
        let hits = 0;
        for (let i = 0; i < n; i++) if (tests[i](v) && ++hits > 1) return false;
        return hits === 1;
      };
  }
}

/**
 * The test for a scalar value against the check's literals. `texts` holds one literal for
 * plain operators, the list for `in`/`intersects`/`pmatch` and for modifiers.
 */
export function literalTest(
  family: Family,
  type: FieldType,
  op: string,
  texts: readonly string[],
  modifier: ListModifier | undefined,
): Test {
  const name = opName(op);
  if (name === 'in' || name === 'intersects') return membershipTest(family, type, texts);
  if (name === 'pmatch') {
    const search = new PathPrefixSearch(texts);
    return (v) => search.matches(asString(v));
  }
  if (modifier !== undefined) {
    // equality against a set is a lookup, as libsinsp does for "== anyof" and "!= allof"
    if (texts.length > 0 && name === '=' && modifier === 'anyof') return membershipTest(family, type, texts);
    if (texts.length > 0 && name === '!=' && modifier === 'allof') {
      const member = membershipTest(family, type, texts);
      return (v) => !member(v);
    }
    return modifierTest(
      modifier,
      parseAll(texts, (t) => elementTest(family, type, name, t)),
    );
  }
  return parseAll(texts, (t) => elementTest(family, type, name, t))[0];
}

/** A list field against the literals: `in` needs every value to match, `intersects` one. */
export function listTest(op: string, member: Test): (values: readonly FieldScalar[]) => boolean {
  if (op === 'in') {
    return (values) => {
      for (let i = 0; i < values.length; i++) if (!member(values[i])) return false;
      return true;
    };
  }
  return (values) => {
    for (let i = 0; i < values.length; i++) if (member(values[i])) return true;
    return false;
  };
}
