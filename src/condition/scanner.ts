// The lexer: a cursor over the condition text with libsinsp's token helpers. Positions advance
// the way libsinsp counts them (a '\r' or '\n' starts a new line at column 1). Offsets and
// columns count UTF-16 code units.

import type { Pos } from './ast.js';
import { unescapeQuoted } from './escaping.js';
import { OPS_NEEDING_BLANK } from './grammar.js';

export class Scanner {
  readonly input: string;
  private offset = 0;
  private line = 1;
  private col = 1;
  /** The text of the last token lexed (libsinsp's "last token", used in error messages). */
  lastToken = '';

  constructor(input: string) {
    this.input = input;
  }

  pos(): Pos {
    return { offset: this.offset, line: this.line, col: this.col };
  }

  restore(pos: Pos, lastToken: string): void {
    this.offset = pos.offset;
    this.line = pos.line;
    this.col = pos.col;
    this.lastToken = lastToken;
  }

  atEnd(): boolean {
    return this.offset >= this.input.length;
  }

  peek(): string {
    return this.input[this.offset] ?? '';
  }

  private advance(count: number): void {
    const end = this.offset + count;
    for (let i = this.offset; i < end; i++) {
      const c = this.input.charCodeAt(i);
      this.col++;
      if (c === 13 || c === 10) {
        this.col = 1;
        this.line++;
      }
    }
    this.offset = end;
  }

  /** Skips spaces, tabs, backspaces, CRs and LFs; tells whether any were skipped. */
  blank(): boolean {
    const start = this.offset;
    let end = start;
    for (;;) {
      const c = this.input.charCodeAt(end);
      if (c === 32 || c === 9 || c === 8 || c === 13 || c === 10) end++;
      else break;
    }
    if (end === start) return false;
    this.advance(end - start);
    return true;
  }

  /** Consumes `text` if the input continues with it. */
  literal(text: string): boolean {
    if (!this.input.startsWith(text, this.offset)) return false;
    this.lastToken = text;
    this.advance(text.length);
    return true;
  }

  /** Consumes the first of `texts` the input continues with. */
  literalOf(texts: readonly string[]): boolean {
    for (const t of texts) if (this.literal(t)) return true;
    return false;
  }

  /** Consumes a match of a sticky pattern at the cursor. */
  pattern(re: RegExp): boolean {
    re.lastIndex = this.offset;
    const m = re.exec(this.input);
    if (m === null || m[0].length === 0) return false;
    this.lastToken = m[0];
    this.advance(m[0].length);
    return true;
  }

  /**
   * Consumes an operator from `ops`. A word operator must be followed by a blank; as in
   * libsinsp, when the word matches but no blank follows, the word stays consumed and the
   * lookup fails.
   */
  operator(ops: readonly string[]): boolean {
    for (const op of ops) {
      if (!OPS_NEEDING_BLANK.has(op)) {
        if (this.literal(op)) return true;
        continue;
      }
      if (this.literal(op)) return this.blank();
    }
    return false;
  }

  /**
   * Consumes a '...' or "..." string and leaves its decoded value in lastToken. A delimiter
   * preceded by a backslash does not close the string (even an escaped backslash). An
   * unterminated string consumes nothing.
   */
  quoted(): boolean {
    const delimiter = this.peek();
    if (delimiter !== '"' && delimiter !== "'") return false;
    const input = this.input;
    let prev = '\\';
    for (let i = this.offset; i < input.length; i++) {
      const c = input[i];
      if (c === '\0') break; // libsinsp reads a C string: a NUL ends the input
      if (c === delimiter && prev !== '\\') {
        const token = input.slice(this.offset, i + 1);
        this.advance(i + 1 - this.offset);
        this.lastToken = unescapeQuoted(token, this.pos());
        return true;
      }
      prev = c;
    }
    // libsinsp leaves the partial text as its last token
    const nul = input.indexOf('\0', this.offset);
    this.lastToken = input.slice(this.offset, nul < 0 ? input.length : nul);
    return false;
  }
}
