// Working directory and root: chdir, fchdir, getcwd, chroot.

import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import { concatenatePaths, resolveCwd } from '../paths.js';
import type { SystemState } from '../systemState.js';
import { anyStr, result } from './params.js';

export function parseChdirExit(_s: SystemState, evt: SyscallEvent): void {
  const res = result(evt);
  const t = evt.thread;
  if (res === undefined || res < 0 || t === undefined) return;
  const path = anyStr(evt, 'path');
  if (path !== undefined) t.cwd = resolveCwd(t.cwd, path);
}

export function parseFchdirExit(_s: SystemState, evt: SyscallEvent): void {
  const res = result(evt);
  const t = evt.thread;
  if (res === undefined || res < 0 || t === undefined || evt.fdInfo === undefined) return;
  t.cwd = resolveCwd(t.cwd, evt.fdInfo.name);
}

export function parseGetcwdExit(_s: SystemState, evt: SyscallEvent): void {
  const res = result(evt);
  const t = evt.thread;
  if (res === undefined || res < 0 || t === undefined) return;
  const path = anyStr(evt, 'path');
  if (path !== undefined) t.cwd = resolveCwd(t.cwd, path);
}

export function parseChrootExit(_s: SystemState, evt: SyscallEvent): void {
  const t = evt.thread;
  if (result(evt) !== 0 || t === undefined) return;
  const path = anyStr(evt, 'path');
  if (path !== undefined) t.root = concatenatePaths(t.cwd, path);
}
