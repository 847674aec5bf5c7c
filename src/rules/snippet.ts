// The "context" excerpt Falco prints under a load error or warning: the line holding the
// position, capped at a width, with a caret under the position.

const DEFAULT_WIDTH = 160;

/**
 * Builds the excerpt for a byte position in `content` (a string holding one character per
 * byte, see toByteString). Mirrors Falco's walk: back off positions past the end or on a
 * newline, then extend to the surrounding newlines at most width/2 each way.
 */
export function snippetAt(content: string, position: number, width = DEFAULT_WIDTH): string {
  if (content.length === 0) return '<No context available>\n';
  const half = Math.floor(width / 2);
  let pos = position;
  while (pos > 0 && (pos >= content.length || content[pos] === '\n')) pos--;

  let from = pos;
  while (from > 0 && content[from] !== '\n' && pos - from < half) from--;
  let to = pos;
  while (to < content.length - 1 && content[to] !== '\n' && to - pos < half) to++;

  if (from < content.length && content[from] === '\n') from++;
  if (to < content.length && content[to] === '\n') to--;

  let ret = to >= from ? content.slice(from, to + 1) : '';
  if (ret.length === 0) return '<No context available>\n';

  if (pos - from >= half) ret = `...${ret.slice(3)}`;
  if (to - pos >= half) ret = `${ret.slice(0, ret.length - 3)}...`;
  ret += '\n';
  // Falco compares unsigned values here: a position before `from` never gets a caret line.
  if (pos >= from && pos - from <= ret.length - 1) ret += `${' '.repeat(pos - from)}^\n`;
  return ret;
}

/** One character per UTF-8 byte, so offsets match Falco's byte offsets. */
export function toByteString(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

/** Back from a byte string to text; broken multi-byte sequences become U+FFFD as Falco's JSON dump does. */
export function fromByteString(bytes: string): string {
  return /^[\x00-\x7f]*$/.test(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
}
