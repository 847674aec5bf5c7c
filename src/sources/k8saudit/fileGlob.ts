// File patterns for the audit follower: a directory plus a file-name pattern with shell
// wildcards (`*`, `?`, `[abc]`, `[!abc]`), e.g. `/var/log/audit/kube/*.log`. Wildcards are only
// allowed in the file name, which is how audit logs are laid out (one directory, rotated names).

import { basename, dirname, resolve } from 'node:path';

export interface FilePattern {
  /** The pattern as given. */
  pattern: string;
  /** Absolute directory to list. */
  dir: string;
  /** Tests a file name (not a path) inside `dir`. */
  matches(name: string): boolean;
}

const WILDCARD = /[*?[]/;

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Parses a path or pattern; throws when a wildcard appears outside the file name. */
export function parseFilePattern(pattern: string): FilePattern {
  const abs = resolve(pattern);
  const dir = dirname(abs);
  const name = basename(abs);
  if (WILDCARD.test(dir)) {
    throw new Error(`audit file pattern '${pattern}': wildcards are only supported in the file name`);
  }
  if (!WILDCARD.test(name)) return { pattern, dir, matches: (n) => n === name };
  const re = globToRegExp(name);
  // As in shells, a wildcard does not match a leading dot unless the pattern starts with one.
  const hidden = name.startsWith('.');
  return { pattern, dir, matches: (n) => (hidden || !n.startsWith('.')) && re.test(n) };
}
