// Comparisons against another field of the same event (`val(field)` or a transformer on the
// right-hand side): both sides are extracted per event, so nothing can be pre-parsed except the
// operator. Globs are compiled on first use and cached while the pattern stays the same.

import type { FieldScalar } from '../../fields/types.js';
import { bytesContain, bytesEndWith, bytesEqual, bytesStartWith, isByteSource } from './bytes.js';
import { cachedGlob } from './glob.js';
import { ipValuesEqual } from './ip.js';
import { compareNumeric } from './numbers.js';
import { asciiLower, containsIgnoringCase } from './text.js';
import { type Family, opName } from './types.js';

export type PairTest = (lhs: FieldScalar, rhs: FieldScalar) => boolean;

function s(v: FieldScalar): string {
  return typeof v === 'string' ? v : String(v);
}

function num(v: FieldScalar): number | bigint {
  return typeof v === 'number' || typeof v === 'bigint' ? v : v === true ? 1 : v === false ? 0 : Number.NaN;
}

function truthy(v: FieldScalar): boolean {
  return typeof v === 'boolean' ? v : v !== 0 && v !== 0n && v !== '';
}

function stringPair(op: string): PairTest {
  switch (op) {
    case '=':
    case 'in':
    case 'intersects':
      return (a, b) => s(a) === s(b);
    case '!=':
      return (a, b) => s(a) !== s(b);
    case '<':
      return (a, b) => s(a) < s(b);
    case '<=':
      return (a, b) => s(a) <= s(b);
    case '>':
      return (a, b) => s(a) > s(b);
    case '>=':
      return (a, b) => s(a) >= s(b);
    case 'contains':
      return (a, b) => s(a).includes(s(b));
    case 'icontains':
      return (a, b) => containsIgnoringCase(s(a), asciiLower(s(b)));
    case 'startswith':
      return (a, b) => s(a).startsWith(s(b));
    case 'endswith':
      return (a, b) => s(a).endsWith(s(b));
    case 'glob':
    case 'iglob': {
      const match = cachedGlob(op === 'iglob');
      return (a, b) => match(s(b), s(a));
    }
    default:
      throw new Error(`invalid filter operator ${op}`);
  }
}

function bytesPair(op: string): PairTest {
  switch (op) {
    case '=':
    case 'in':
    case 'intersects':
      return (a, b) => isByteSource(a) && isByteSource(b) && bytesEqual(a, b);
    case '!=':
      return (a, b) => !isByteSource(a) || !isByteSource(b) || !bytesEqual(a, b);
    case 'startswith':
    case 'bstartswith':
      return (a, b) => isByteSource(a) && isByteSource(b) && bytesStartWith(a, b);
    case 'endswith':
      return (a, b) => isByteSource(a) && isByteSource(b) && bytesEndWith(a, b);
    default:
      return (a, b) => isByteSource(a) && isByteSource(b) && bytesContain(a, b);
  }
}

function numericPair(op: string): PairTest {
  switch (op) {
    case '=':
    case 'in':
    case 'intersects':
      return (a, b) => compareNumeric(num(a), num(b)) === 0;
    case '!=':
      return (a, b) => compareNumeric(num(a), num(b)) !== 0;
    case '<':
      return (a, b) => compareNumeric(num(a), num(b)) < 0;
    case '<=':
      return (a, b) => compareNumeric(num(a), num(b)) <= 0;
    case '>':
      return (a, b) => compareNumeric(num(a), num(b)) > 0;
    default:
      return (a, b) => compareNumeric(num(a), num(b)) >= 0;
  }
}

/** The test `lhs <op> rhs` for two extracted values of the same family. */
export function pairTest(family: Family, op: string): PairTest {
  const name = opName(op);
  switch (family) {
    case 'string':
      return stringPair(name);
    case 'bytes':
      return bytesPair(name);
    case 'int':
    case 'double':
      return numericPair(name);
    case 'bool':
      return name === '!=' ? (a, b) => truthy(a) !== truthy(b) : (a, b) => truthy(a) === truthy(b);
    default:
      // addresses (networks are refused as right-hand fields before this)
      return name === '!=' ? (a, b) => !ipValuesEqual(a, b) : (a, b) => ipValuesEqual(a, b);
  }
}
