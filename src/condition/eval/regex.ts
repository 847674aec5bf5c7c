// `regex`: libsinsp compiles the value with RE2 in POSIX-syntax mode and requires the whole
// value to match (RE2::ANCHOR_BOTH). Kestrel translates the pattern to a JS RegExp:
// - constructs RE2's POSIX mode refuses are refused here too (\d \s \w \b, backreferences,
//   \A \z \p, `(?...)` groups, non-greedy or stacked repetitions), with RE2's wording;
// - POSIX classes such as [[:alpha:]] become ASCII ranges, '.' does not match a newline, and
//   ^ and $ also match at line breaks (RE2's behaviour without its one_line option);
// - a full match is required: the RegExp is sticky at 0 and must reach the end of the value.
// Differences that remain: RE2 finds leftmost-longest matches (irrelevant for a yes/no full
// match) and works on UTF-8 bytes while JS works on UTF-16 code units; other malformed
// patterns are reported with the JS engine's description.

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
  word: '0-9A-Za-z_',
  ascii: '\\x00-\\x7f',
};

const REJECTED_ESCAPES = new Set(['d', 'D', 's', 'S', 'w', 'W', 'b', 'B', 'A', 'z', 'Q', 'E', 'C', 'p', 'P', 'G', 'Z']);

function invalid(detail: string): Error {
  return new Error(`invalid regex pattern: ${detail}`);
}

function isRepeat(c: string | undefined): boolean {
  return c === '*' || c === '+' || c === '?';
}

/** Translates an RE2 POSIX-syntax pattern to JS RegExp source; throws on what RE2 would refuse. */
function translate(pattern: string): string {
  let out = '';
  let i = 0;
  let lastWasRepeat = false;
  let atOperandStart = true;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) throw invalid('trailing \\');
      if (REJECTED_ESCAPES.has(e) || (e >= '1' && e <= '9')) throw invalid(`invalid escape sequence: \\${e}`);
      out += c + e;
      i += 2;
      lastWasRepeat = false;
      atOperandStart = false;
      continue;
    }
    if (c === '[') {
      const end = translateClass(pattern, i);
      out += end.source;
      i = end.next;
      lastWasRepeat = false;
      atOperandStart = false;
      continue;
    }
    if (isRepeat(c)) {
      if (atOperandStart) throw invalid(`missing argument to repetition operator: ${c}`);
      if (lastWasRepeat) throw invalid(`bad repetition operator: ${pattern[i - 1]}${c}`);
      out += c;
      i++;
      lastWasRepeat = true;
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m) {
        if (atOperandStart) throw invalid(`missing argument to repetition operator: ${m[0]}`);
        if (lastWasRepeat) throw invalid(`bad repetition operator: ${m[0]}`);
        out += m[0];
        i += m[0].length;
        lastWasRepeat = true;
        continue;
      }
      out += '\\{';
      i++;
      lastWasRepeat = false;
      atOperandStart = false;
      continue;
    }
    lastWasRepeat = false;
    if (c === '(' || c === '|') {
      out += c;
      atOperandStart = true;
    } else if (c === '.') {
      out += '[^\\n]';
      atOperandStart = false;
    } else if (c === '}') {
      out += '\\}';
      atOperandStart = false;
    } else {
      out += c;
      atOperandStart = c === '^';
    }
    i++;
  }
  return out;
}

function translateClass(pattern: string, start: number): { source: string; next: number } {
  let i = start + 1;
  let out = '[';
  if (pattern[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === ']' && !first) return { source: `${out}]`, next: i + 1 };
    first = false;
    if (c === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      const name = close < 0 ? undefined : pattern.slice(i + 2, close);
      const cls = name === undefined ? undefined : CLASSES[name.startsWith('^') ? name.slice(1) : name];
      if (name === undefined || cls === undefined || name.startsWith('^')) {
        throw invalid(`invalid character class range: ${pattern.slice(i, close < 0 ? undefined : close + 2)}`);
      }
      out += cls;
      i = close + 2;
      continue;
    }
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) throw invalid(`missing ]: ${pattern.slice(start)}`);
      if (REJECTED_ESCAPES.has(e) || (e >= '1' && e <= '9')) throw invalid(`invalid escape sequence: \\${e}`);
      out += c + e;
      i += 2;
      continue;
    }
    out += c === '[' || c === ']' ? `\\${c}` : c;
    i++;
  }
  throw invalid(`missing ]: ${pattern.slice(start)}`);
}

/** Compiles a regex value; the result must be tested through fullMatch(). */
export function compileRegex(pattern: string): RegExp {
  const source = translate(pattern);
  try {
    return new RegExp(`(?:${source})(?![\\s\\S])`, 'my');
  } catch (e) {
    throw invalid((e as Error).message);
  }
}

/** Whether the whole value matches (RE2::ANCHOR_BOTH). */
export function fullMatch(re: RegExp, value: string): boolean {
  re.lastIndex = 0;
  return re.test(value);
}
