// How quoted strings are decoded (and encoded back) in conditions, following libsinsp's rules.

import type { Pos } from './ast.js';
import { ConditionSyntaxError } from './errors.js';

/**
 * Decodes a quoted token, delimiters included. Supported escapes: \b \f \n \r \t \\ \/ and the
 * token's own delimiter; `\ ` yields a backslash (libsinsp keeps this for old rules). Anything
 * else is an error.
 */
export function unescapeQuoted(token: string, pos: Pos): string {
  const delimiter = token[0];
  let out = '';
  let escaped = false;
  for (let i = 1; i < token.length - 1; i++) {
    const c = token[i];
    if (!escaped) {
      if (c === '\\') escaped = true;
      else out += c;
      continue;
    }
    escaped = false;
    switch (c) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case ' ':
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case '"':
        if (delimiter !== '"') throw new ConditionSyntaxError(`invalid \\" escape in '-quoted string`, pos);
        out += '"';
        break;
      case "'":
        if (delimiter !== "'") throw new ConditionSyntaxError(`invalid \\' escape in "-quoted string`, pos);
        out += "'";
        break;
      default:
        throw new ConditionSyntaxError(`unsupported string escape sequence: \\${c}`, pos);
    }
  }
  return out;
}

/**
 * Encodes a value as a double-quoted token that unescapeQuoted turns back into the same value.
 * libsinsp's lexer ends a string at a delimiter not preceded by a backslash, so a backslash
 * right before the closing quote is written `\ ` (which also decodes to a backslash).
 */
export function quote(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i === value.length - 1) {
      out += '\\ ';
      continue;
    }
    switch (c) {
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      default:
        out += c;
    }
  }
  return `${out}"`;
}
