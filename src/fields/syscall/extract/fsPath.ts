// `fs.path.*` extraction: the paths of calls that act on files by name (mkdir, unlink, rename...),
// as passed (`*raw`) or made absolute against the thread's cwd or the call's directory fd.

import { EVENT_TABLE, PPM_EVENT_MAX } from '../../../events/eventTable.js';
import type { SyscallEvent } from '../../../sources/syscall/syscallEvent.js';
import { concatenatePaths } from './fdText.js';
import type { FieldRequest, SyscallExtractor } from './types.js';

/** A path parameter and the directory-fd parameter it is relative to (if any). */
type PathSpec = readonly [path: string, dirfd?: string];

interface EventPaths {
  name?: PathSpec;
  source?: PathSpec;
  target?: PathSpec;
}

const PATHS_BY_EVENT: Readonly<Record<string, EventPaths>> = {
  mkdir: { name: ['path'] },
  mkdirat: { name: ['path', 'dirfd'] },
  rmdir: { name: ['path'] },
  unlink: { name: ['path'] },
  unlinkat: { name: ['name', 'dirfd'] },
  rename: { source: ['oldpath'], target: ['newpath'] },
  renameat: { source: ['oldpath', 'olddirfd'], target: ['newpath', 'newdirfd'] },
  renameat2: { source: ['oldpath', 'olddirfd'], target: ['newpath', 'newdirfd'] },
  link: { source: ['oldpath'], target: ['newpath'] },
  linkat: { source: ['oldpath', 'olddir'], target: ['newpath', 'newdir'] },
  symlink: { source: ['target'], target: ['linkpath'] },
  symlinkat: { source: ['target'], target: ['linkpath', 'linkdirfd'] },
};

type Which = keyof EventPaths;

/** Per event id: [path index, dirfd index] of the chosen path, -1 when the event has none. */
function indexesFor(which: Which): Int16Array {
  const out = new Int16Array(PPM_EVENT_MAX * 2).fill(-1);
  for (const e of EVENT_TABLE) {
    const spec = PATHS_BY_EVENT[e.name]?.[which];
    if (!spec) continue;
    out[2 * e.id] = e.params.findIndex((p) => p.name === spec[0]);
    if (spec[1] !== undefined) out[2 * e.id + 1] = e.params.findIndex((p) => p.name === spec[1]);
  }
  return out;
}

function pathField(which: Which, absolute: boolean): SyscallExtractor {
  const idx = indexesFor(which);
  return (evt: SyscallEvent) => {
    if (evt.type >= PPM_EVENT_MAX) return undefined;
    const pi = idx[2 * evt.type];
    if (pi < 0 || evt.paramLength(pi) <= 0) return undefined;
    const path = evt.paramString(pi) ?? '';
    if (!absolute) return path;
    if (path.startsWith('/')) return concatenatePaths('', path);
    const t = evt.thread;
    if (!t) return undefined;
    const di = idx[2 * evt.type + 1];
    const dirfd = di < 0 ? -100 : (evt.paramInt(di) ?? -100);
    if (dirfd === -100) return concatenatePaths(t.cwd, path);
    const dir = evt.state?.fdTable(t)?.get(dirfd);
    return dir ? concatenatePaths(dir.name, path) : undefined;
  };
}

export function bindFsPathField(req: FieldRequest): SyscallExtractor | undefined {
  switch (req.name) {
    case 'fs.path.name':
      return pathField('name', true);
    case 'fs.path.nameraw':
      return pathField('name', false);
    case 'fs.path.source':
      return pathField('source', true);
    case 'fs.path.sourceraw':
      return pathField('source', false);
    case 'fs.path.target':
      return pathField('target', true);
    case 'fs.path.targetraw':
      return pathField('target', false);
    default:
      return undefined;
  }
}
