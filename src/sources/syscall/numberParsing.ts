// Number parsing with the acceptance rules of libsinsp's sinsp_numparser (sscanf "%d%c"): optional
// leading blanks and sign, then digits, then nothing else. Out-of-range values saturate.

const INTEGER = /^[ \t\n\v\f\r]*[+-]?\d+$/;

function clamp(v: bigint, min: bigint, max: bigint): bigint {
  return v < min ? min : v > max ? max : v;
}

/** Signed 32-bit parse; undefined when the text is not a number. */
export function parseInt32(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined;
  return Number(clamp(BigInt(text.trim()), -(2n ** 31n), 2n ** 31n - 1n));
}

/** Signed 64-bit parse; undefined when the text is not a number. */
export function parseInt64(text: string): bigint | undefined {
  if (!INTEGER.test(text)) return undefined;
  return clamp(BigInt(text.trim()), -(2n ** 63n), 2n ** 63n - 1n);
}

/** Unsigned 64-bit parse; a leading minus wraps around as strtoull does. */
export function parseUint64(text: string): bigint | undefined {
  if (!INTEGER.test(text)) return undefined;
  const v = clamp(BigInt(text.trim()), -(2n ** 64n - 1n), 2n ** 64n - 1n);
  return v < 0n ? 2n ** 64n + v : v;
}

/** Unsigned 32-bit parse; undefined when the text is not a number or does not fit. */
export function parseUint32(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined;
  const v = BigInt(text.trim());
  return v < 0n || v > 2n ** 32n - 1n ? undefined : Number(v);
}
