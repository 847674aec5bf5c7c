// `glob` and `iglob`: libsinsp calls fnmatch(pattern, value, 0) (FNM_CASEFOLD for iglob). So
// `*` and `?` also match '/', a leading '.' is not special, a backslash escapes the next
// character, a trailing backslash never matches, and an unclosed '[' is a literal. Patterns are
// translated once into an anchored RegExp.

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

const NEVER = /(?!)/;

function escapeOutside(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

function escapeInside(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c;
}

interface Bracket {
  source: string;
  end: number;
}

/** Translates the bracket expression starting at pattern[start] === '['; undefined if unclosed. */
function bracket(pattern: string, start: number): Bracket | undefined {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let items = '';
  let first = true;
  while (i < pattern.length) {
    let c = pattern[i];
    if (c === ']' && !first) return { source: `[${negate ? '^' : ''}${items}]`, end: i + 1 };
    first = false;
    if (c === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      if (close < 0) return undefined;
      const cls = CLASSES[pattern.slice(i + 2, close)];
      // an unknown class makes the whole pattern fail to match, like fnmatch's error return
      if (cls === undefined) return { source: NEVER.source, end: pattern.length };
      items += cls;
      i = close + 2;
      continue;
    }
    if (c === '[' && (pattern[i + 1] === '=' || pattern[i + 1] === '.')) {
      const kind = pattern[i + 1];
      const close = pattern.indexOf(`${kind}]`, i + 2);
      if (close < 0) return undefined;
      items += escapeInside(pattern.slice(i + 2, close));
      i = close + 2;
      continue;
    }
    if (c === '\\') {
      i++;
      if (i >= pattern.length) return undefined;
      c = pattern[i];
    }
    i++;
    if (pattern[i] === '-' && i + 1 < pattern.length && pattern[i + 1] !== ']') {
      let hi = pattern[i + 1];
      i += 2;
      if (hi === '\\') {
        if (i >= pattern.length) return undefined;
        hi = pattern[i];
        i++;
      }
      // a reversed range matches nothing
      if (c <= hi) items += `${escapeInside(c)}-${escapeInside(hi)}`;
      continue;
    }
    items += escapeInside(c);
  }
  return undefined;
}

/** Compiles a glob pattern to an anchored RegExp. */
export function compileGlob(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === '*') {
      source += '[\\s\\S]*';
      while (pattern[i] === '*') i++;
      continue;
    }
    if (c === '?') {
      source += '[\\s\\S]';
      i++;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= pattern.length) return NEVER;
      source += escapeOutside(pattern[i + 1]);
      i += 2;
      continue;
    }
    if (c === '[') {
      const b = bracket(pattern, i);
      if (b !== undefined) {
        if (b.source === NEVER.source) return NEVER;
        source += b.source;
        i = b.end;
        continue;
      }
    }
    source += escapeOutside(c);
    i++;
  }
  return new RegExp(`^(?:${source})$`, caseInsensitive ? 'i' : '');
}

/** A matcher for patterns that change per event (glob against another field), caching the last one. */
export function cachedGlob(caseInsensitive: boolean): (pattern: string, value: string) => boolean {
  let lastPattern: string | undefined;
  let lastRe = NEVER;
  return (pattern, value) => {
    if (pattern !== lastPattern) {
      lastPattern = pattern;
      lastRe = compileGlob(pattern, caseInsensitive);
    }
    return lastRe.test(value);
  };
}
