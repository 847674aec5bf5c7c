// Number literals as libsinsp reads them: sscanf("%d"/"%u" and a trailing "%c") into a 32- or
// 64-bit integer, then narrowed to the field's width. So "-1" against an unsigned field wraps,
// out-of-range values saturate at the 64-bit scan, and anything but optional leading blanks,
// a sign and decimal digits is rejected (hex included).

import type { IntSpec } from './types.js';

const C_INTEGER = /^[ \t\n\v\f\r]*[+-]?[0-9]+$/;
const C_DOUBLE = /^[ \t\n\v\f\r]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

export function notANumber(text: string): Error {
  return new Error(`${text} is not a valid number`);
}

/** Reads an integer literal for a field of the given width and signedness. */
export function parseCInteger(text: string, spec: IntSpec): bigint {
  if (!C_INTEGER.test(text)) throw notANumber(text);
  const raw = BigInt(text.trim());
  // strtol / strtoul saturate on overflow; strtoul negates negative input modulo 2^64
  let scanned: bigint;
  if (spec.signed) {
    scanned = raw < I64_MIN ? I64_MIN : raw > I64_MAX ? I64_MAX : raw;
  } else {
    const magnitude = raw < 0n ? -raw : raw;
    const clamped = magnitude > U64_MAX ? U64_MAX : magnitude;
    scanned = raw < 0n ? BigInt.asUintN(64, -clamped) : clamped;
  }
  if (spec.scanBits === 32) scanned = spec.signed ? BigInt.asIntN(32, scanned) : BigInt.asUintN(32, scanned);
  return spec.signed ? BigInt.asIntN(spec.bits, scanned) : BigInt.asUintN(spec.bits, scanned);
}

/** Reads a floating-point literal (strtod's decimal forms). */
export function parseCDouble(text: string): number {
  if (!C_DOUBLE.test(text)) throw notANumber(text);
  return Number(text.trim());
}

/** The value as a JS number when that is exact, else the bigint itself. */
export function normalizeInteger(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/**
 * Compares two numeric values that may be numbers or bigints, without allocating:
 * negative when a < b, zero when equal, positive when a > b; NaN when unordered.
 */
export function compareNumeric(a: number | bigint, b: number | bigint): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.NaN;
  // mixed number/bigint comparisons are exact in JS
  return a < b ? -1 : a > b ? 1 : Number.isNaN(a as number) ? Number.NaN : 0;
}
