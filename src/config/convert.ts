// Scalar text to typed values, with the spellings yaml-cpp (and so Falco) accepts.

const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);

export function toBool(text: string): boolean | undefined {
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return undefined;
}

/** Decimal, `0x` hexadecimal or `0o` octal integers with an optional sign. */
export function toInteger(text: string): number | undefined {
  const m = /^([-+]?)(?:0x([0-9a-fA-F]+)|0o([0-7]+)|([0-9]+))$/.exec(text.trim());
  if (m === null) return undefined;
  const magnitude =
    m[2] !== undefined ? Number.parseInt(m[2], 16) : m[3] !== undefined ? Number.parseInt(m[3], 8) : Number(m[4]);
  if (!Number.isSafeInteger(magnitude)) return undefined;
  return m[1] === '-' ? -magnitude : magnitude;
}

/** Decimal numbers (`.1`, `1.`, `1e3`) and YAML's `.inf`, `-.inf`, `.nan`. */
export function toDouble(text: string): number | undefined {
  const t = text.trim();
  if (/^[-+]?(?:\.inf|\.Inf|\.INF)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^(?:\.nan|\.NaN|\.NAN)$/.test(t)) return Number.NaN;
  if (!/^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(t)) return undefined;
  return Number(t);
}
