// Path resolution as libsinsp does it for fd names, cwd and exepath: a relative path is appended
// to a base that ends with '/', then the result is normalised lexically ('//' collapsed, '.'
// dropped, '..' removes the previous component, the trailing '/' dropped). Symlinks are not
// followed: the state never looks at the filesystem.

/** libsinsp's placeholder when the joined path exceeds its buffer (SCAP_MAX_PATH_SIZE). */
export const PATH_TOO_LONG = '/DIR_TOO_LONG/FILENAME_TOO_LONG';
const MAX_PATH = 1024;

/** Lexical normalisation of a path (absolute or relative). */
export function normalizePath(p: string): string {
  if (p === '') return '';
  const absolute = p.charCodeAt(0) === 47;
  // Fast path: already normal (no '//', no '/./', no '/../', no trailing '/').
  if (!/\/\/|(^|\/)\.\.?(\/|$)|.\/$/.test(p)) return p;
  const parts = p.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined;
}

/**
 * Joins `base` (expected to end with '/', e.g. a cwd) and `path` as libsinsp's
 * concatenate_paths: an absolute `path` ignores `base`.
 */
export function concatenatePaths(base: string, path: string): string {
  if (path.length > 0 && path.charCodeAt(0) === 47) return normalizePath(path);
  if (base.length + path.length >= MAX_PATH) return PATH_TOO_LONG;
  const joined = normalizePath(base + path);
  // libsinsp: '..' past the start of a relative path yields ''.
  const escapes = joined === '..' || joined.startsWith('../');
  return escapes && !base.startsWith('..') ? '' : joined;
}

/** A cwd as libsinsp keeps it: resolved against the previous one, always ending with '/'. */
export function resolveCwd(current: string, path: string): string {
  const resolved = concatenatePaths(current, path);
  return resolved.endsWith('/') ? resolved : `${resolved}/`;
}
