// Reads one query parameter of a request URI with the rules of Go's net/url (url.Parse, then
// url.ParseQuery), which is what the k8saudit plugin uses for ka.uri.param: a URI or query that
// Go rejects (bad %-escape, `;` separator, control character) yields no value at all.

const CONTROL = /[\x00-\x1f\x7f]/;
const HEX = /^[0-9a-fA-F]{2}$/;

/** Whether every `%` starts a valid two-digit hex escape. */
function escapesValid(text: string): boolean {
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', i + 1)) {
    if (!HEX.test(text.slice(i + 1, i + 3))) return false;
  }
  return true;
}

/** Go's QueryUnescape: `+` is a space, `%XX` a byte; undefined when an escape is malformed. */
function queryUnescape(text: string): string | undefined {
  if (!text.includes('%') && !text.includes('+')) return text;
  // Work on UTF-8 bytes, as Go does: escapes produce bytes, other characters keep theirs.
  const src = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i];
    if (b === 0x2b) out[n++] = 0x20;
    else if (b === 0x25) {
      const hex = src.toString('latin1', i + 1, i + 3);
      if (!HEX.test(hex)) return undefined;
      out[n++] = Number.parseInt(hex, 16);
      i += 2;
    } else out[n++] = b;
  }
  return out.toString('utf8', 0, n);
}

/** The first value of query parameter `name` in `uri`, or undefined (absent, or URI rejected). */
export function uriQueryParam(uri: string, name: string): string | undefined {
  if (CONTROL.test(uri)) return undefined;
  let rest = uri;
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    if (!escapesValid(rest.slice(hash + 1))) return undefined;
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  if (!escapesValid(path)) return undefined;
  if (q === -1) return undefined;

  let found: string | undefined;
  for (const part of rest.slice(q + 1).split('&')) {
    // Go rejects `;` separators, which fails the whole query (the plugin then extracts nothing).
    if (part.includes(';')) return undefined;
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = queryUnescape(eq === -1 ? part : part.slice(0, eq));
    const value = queryUnescape(eq === -1 ? '' : part.slice(eq + 1));
    if (key === undefined || value === undefined) return undefined;
    if (found === undefined && key === name) found = value;
  }
  return found;
}
