// open/openat/openat2/creat/open_by_handle_at exits: a file or directory fd named by its path
// resolved against the cwd or the dirfd. The enter event's name and flags win when present
// (they are what the process asked for), keeping flags only the exit adds (created, overlay
// layer), as libsinsp does.

import { EVENT_CODES as C } from '../../events/eventTable.js';
import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import { concatenatePaths } from '../paths.js';
import type { SystemState } from '../systemState.js';
import type { FdInfo } from '../types.js';
import { resolveDirfd } from './dirfd.js';
import { enterInt, enterStr, enterUint, exitInt, exitStr, exitUint, result } from './params.js';

export const PPM_O = {
  DIRECTORY: 1024,
  CLOEXEC: 4096,
  F_CREATED: 16384,
  FD_UPPER_LAYER: 32768,
  FD_LOWER_LAYER: 65536,
} as const;
const EXIT_ADDED_FLAGS = ~(PPM_O.F_CREATED - 1);
const CREAT_UPPER = 1;
const CREAT_LOWER = 2;

export function parseOpenExit(s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  if (t === undefined) return;
  const fd = result(evt);
  let name = '<NA>';
  let flags = 0;
  let sdir = '';
  const dev = exitUint(evt, 'dev');
  const ino = exitUint(evt, 'ino');
  const enterName = enterStr(evt, 'name');
  const useEnter = enterName !== undefined && enterName !== '<NA>';
  switch (evt.type) {
    case C.PPME_SYSCALL_OPEN_X: {
      name = exitStr(evt, 'name') ?? '<NA>';
      flags = exitUint(evt, 'flags') ?? 0;
      if (useEnter) {
        name = enterName;
        flags = (enterUint(evt, 'flags') ?? 0) | (flags & EXIT_ADDED_FLAGS);
      }
      sdir = t.cwd;
      break;
    }
    case C.PPME_SYSCALL_CREAT_X: {
      name = exitStr(evt, 'name') ?? '<NA>';
      const creat = exitUint(evt, 'creat_flags') ?? 0;
      if (creat & CREAT_UPPER) flags |= PPM_O.FD_UPPER_LAYER;
      else if (creat & CREAT_LOWER) flags |= PPM_O.FD_LOWER_LAYER;
      if (useEnter) name = enterName;
      sdir = t.cwd;
      break;
    }
    case C.PPME_SYSCALL_OPENAT_X:
    case C.PPME_SYSCALL_OPENAT_2_X:
    case C.PPME_SYSCALL_OPENAT2_X: {
      name = exitStr(evt, 'name') ?? '<NA>';
      flags = exitUint(evt, 'flags') ?? 0;
      let dirfd = exitInt(evt, 'dirfd');
      if (useEnter) {
        name = enterName;
        flags = (enterUint(evt, 'flags') ?? 0) | (flags & EXIT_ADDED_FLAGS);
        dirfd = enterInt(evt, 'dirfd');
      }
      if (dirfd !== undefined) sdir = resolveDirfd(s, evt, name, dirfd);
      break;
    }
    case C.PPME_SYSCALL_OPEN_BY_HANDLE_AT_X:
      // The driver sends the absolute path it resolved from the handle.
      flags = exitUint(evt, 'flags') ?? 0;
      name = exitStr(evt, 'path') ?? '<NA>';
      break;
    default:
      return;
  }
  if (fd === undefined || fd < 0) return;
  const fdi: FdInfo = {
    fd,
    type: flags & PPM_O.DIRECTORY ? 'directory' : 'file',
    name: concatenatePaths(sdir, name),
    nameRaw: name,
    openFlags: flags,
    mountId: 0,
    dev: dev ?? 0,
    ino: ino ?? 0,
    createdTs: evt.ts,
  };
  if (flags & PPM_O.FD_UPPER_LAYER) fdi.upperLayer = true;
  if (flags & PPM_O.FD_LOWER_LAYER) fdi.lowerLayer = true;
  s.attachNewFd(evt, t, fdi);
}
