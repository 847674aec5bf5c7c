// The directory a *at() path is relative to, as libsinsp's parse_dirfd: '.' for an absolute
// path, the cwd for AT_FDCWD, the dirfd's name (with a trailing '/') when known, '<UNKNOWN>'
// otherwise.

import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import type { SystemState } from '../systemState.js';

export const PPM_AT_FDCWD = -100;

export function resolveDirfd(s: SystemState, evt: SyscallEvent, name: string, dirfd: number): string {
  if (name.length > 0 && name.charCodeAt(0) === 47) return '.';
  const t = evt.thread;
  if (t === undefined) return '<UNKNOWN>';
  if (dirfd === PPM_AT_FDCWD) return t.cwd;
  const fdi = s.threads.fdTable(t, false)?.get(dirfd);
  if (fdi === undefined) return '<UNKNOWN>';
  if (fdi.name === '' || fdi.name.endsWith('/')) return fdi.name;
  return `${fdi.name}/`;
}
