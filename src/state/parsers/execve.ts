// execve/execveat exits (versions 8..19): the thread takes the new program's identity. exepath
// comes from trusted_exepath when the driver sends it, else (older captures) from the enter
// event's filename resolved against the cwd (or execveat's dirfd), as libsinsp does.

import { EVENT_CODES as C } from '../../events/eventTable.js';
import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import { splitNulStrings } from '../decode/strings.js';
import { concatenatePaths } from '../paths.js';
import type { SystemState } from '../systemState.js';
import { PPM_CL, PPM_EXE } from '../threadInfo.js';
import { resolveDirfd } from './dirfd.js';
import {
  enterInt,
  enterStr,
  enterUint,
  exitBytes,
  exitInt,
  exitStr,
  exitU64,
  exitUint,
  hasParam,
  result,
} from './params.js';

const AT_EMPTY_PATH = 1;

export function parseExecveExit(s: SystemState, evt: SyscallEvent): void {
  const res = result(evt);
  if (res === undefined || res < 0) return;
  const t = evt.thread;
  if (t === undefined) return;
  if (t.dead) t.dead = false;

  t.exe = exitStr(evt, 'exe') ?? t.exe;
  t.lastExecTs = evt.ts;
  const comm = exitStr(evt, 'comm');
  t.comm = comm !== undefined && comm !== '' ? comm : t.exe;
  t.args = splitNulStrings(exitBytes(evt, 'args'));
  const pid = exitInt(evt, 'pid');
  if (pid !== undefined) t.pid = pid;
  if (t.incomplete) {
    const ptid = exitInt(evt, 'ptid');
    if (ptid !== undefined) t.ptid = ptid;
    if ((t.flags & PPM_CL.CHILD_IN_PIDNS) === 0) {
      t.vtid = t.tid;
      t.vpid = t.pid;
    }
    s.completeThread(t);
  } else s.threads.relink(t);

  const fdlimit = exitInt(evt, 'fdlimit');
  if (fdlimit !== undefined) t.fdlimit = fdlimit;
  if (hasParam(evt, 'vm_swap', false)) {
    t.pfMajor = exitUint(evt, 'pgft_maj') ?? 0;
    t.pfMinor = exitUint(evt, 'pgft_min') ?? 0;
    t.vmSize = exitUint(evt, 'vm_size') ?? 0;
    t.vmRss = exitUint(evt, 'vm_rss') ?? 0;
    t.vmSwap = exitUint(evt, 'vm_swap') ?? 0;
  }
  const env = exitBytes(evt, 'env');
  if (env !== undefined) t.env = splitNulStrings(env);
  const cg = exitBytes(evt, 'cgroups');
  if (cg !== undefined) s.setCgroupsFromBytes(t, cg, true);
  const tty = exitUint(evt, 'tty');
  if (tty !== undefined) t.tty = tty;

  const trusted = exitStr(evt, 'trusted_exepath');
  if (trusted !== undefined && trusted !== '') {
    t.exepath = trusted;
    t.trustedExepath = trusted;
  } else {
    const fromEnter = exepathFromEnter(s, evt);
    if (fromEnter !== undefined) t.exepath = fromEnter;
  }

  const vpgid = exitInt(evt, 'vpgid');
  if (vpgid !== undefined) t.vpgid = vpgid;
  const loginuid = exitUint(evt, 'loginuid');
  if (loginuid !== undefined) t.loginuid = loginuid;
  const exeFlags = exitUint(evt, 'flags');
  if (exeFlags !== undefined) {
    t.exeWritable = (exeFlags & PPM_EXE.WRITABLE) !== 0;
    t.exeUpperLayer = (exeFlags & PPM_EXE.UPPER_LAYER) !== 0;
    t.exeFromMemfd = (exeFlags & PPM_EXE.FROM_MEMFD) !== 0;
    t.exeLowerLayer = (exeFlags & PPM_EXE.LOWER_LAYER) !== 0;
  }
  if (hasParam(evt, 'cap_effective', false)) {
    t.capInheritable = exitU64(evt, 'cap_inheritable') ?? 0n;
    t.capPermitted = exitU64(evt, 'cap_permitted') ?? 0n;
    t.capEffective = exitU64(evt, 'cap_effective') ?? 0n;
  }
  if (hasParam(evt, 'exe_ino_mtime', false)) {
    t.exeIno = exitUint(evt, 'exe_ino');
    t.exeInoCtime = exitU64(evt, 'exe_ino_ctime');
    t.exeInoMtime = exitU64(evt, 'exe_ino_mtime');
  }
  const uid = exitUint(evt, 'uid');
  if (uid !== undefined) t.uid = uid;
  t.pgid = exitInt(evt, 'pgid') ?? -1;
  const gid = exitUint(evt, 'gid');
  if (gid !== undefined) t.gid = gid;

  // Flags reset, keeping the shell-pipe and inverted-clone markers.
  const kept = t.flags & (PPM_CL.PIPE_SRC | PPM_CL.PIPE_DST | PPM_CL.IS_MAIN_THREAD | PPM_CL.CLONE_INVERTED);
  t.flags = PPM_CL.ACTIVE | kept | PPM_CL.NAME_CHANGED;

  // execve kills every other thread of the group.
  for (const tid of [...s.threads.groupOf(t.pid)]) {
    if (tid === t.tid || tid === t.pid) continue;
    s.threads.remove(tid);
  }
}

function exepathFromEnter(s: SystemState, evt: SyscallEvent): string | undefined {
  const enter = evt.enter;
  if (enter === undefined || evt.thread === undefined) return undefined;
  if (enter.type === C.PPME_SYSCALL_EXECVEAT_E) {
    const dirfd = enterInt(evt, 'dirfd') ?? -1;
    const flags = enterUint(evt, 'flags') ?? 0;
    const pathname = enterStr(evt, 'pathname') ?? '<NA>';
    const sdir = resolveDirfd(s, evt, pathname, dirfd);
    if ((!(flags & AT_EMPTY_PATH) && pathname === '<NA>') || sdir === '<UNKNOWN>') return '<NA>';
    if (flags & AT_EMPTY_PATH) return concatenatePaths('', sdir);
    return concatenatePaths(sdir, pathname);
  }
  const filename = enterStr(evt, 'filename');
  if (filename === undefined) return undefined;
  if (filename === '<NA>') return '<NA>';
  return concatenatePaths(evt.thread.cwd, filename);
}
