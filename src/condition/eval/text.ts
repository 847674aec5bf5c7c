// String helpers with C-library semantics: ASCII-only case folding (tolower/strcasestr in the
// C locale) and allocation-free case-insensitive search.

/** ASCII lower-casing; other characters are left as they are. */
export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/** ASCII upper-casing; other characters are left as they are. */
export function asciiUpper(s: string): string {
  return /[a-z]/.test(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s;
}

function foldCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** strcasestr: whether `hay` contains `needleLower` (already ASCII-lowered), ignoring ASCII case. */
export function containsIgnoringCase(hay: string, needleLower: string): boolean {
  const n = needleLower.length;
  if (n === 0) return true;
  const first = needleLower.charCodeAt(0);
  const last = hay.length - n;
  outer: for (let i = 0; i <= last; i++) {
    if (foldCode(hay.charCodeAt(i)) !== first) continue;
    for (let j = 1; j < n; j++) {
      if (foldCode(hay.charCodeAt(i + j)) !== needleLower.charCodeAt(j)) continue outer;
    }
    return true;
  }
  return false;
}

/** strcmp-style ordering of two strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
