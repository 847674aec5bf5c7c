// Events that describe the system rather than a syscall: containers (older captures carry
// them), users and groups added or removed.

import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import type { SystemState } from '../systemState.js';
import { exitStr, exitUint } from './params.js';

export function parseContainerEvent(s: SystemState, evt: SyscallEvent): void {
  const id = exitStr(evt, 'id');
  if (id === undefined) return;
  s.containers.addFromContainerEvent(
    id,
    exitUint(evt, 'type') ?? 0,
    exitStr(evt, 'name') ?? '',
    exitStr(evt, 'image') ?? '',
  );
}

export function parseContainerJsonEvent(s: SystemState, evt: SyscallEvent): void {
  const json = exitStr(evt, 'json');
  if (json === undefined) return;
  s.containers.addFromJson(json);
}

export function parseUserAdded(s: SystemState, evt: SyscallEvent): void {
  s.addUser({
    uid: exitUint(evt, 'uid') ?? 0,
    gid: exitUint(evt, 'gid') ?? 0,
    name: exitStr(evt, 'name') ?? '',
    homedir: exitStr(evt, 'home') ?? '',
    shell: exitStr(evt, 'shell') ?? '',
    container: exitStr(evt, 'container_id') ?? '',
  });
}

export function parseUserDeleted(s: SystemState, evt: SyscallEvent): void {
  s.users.removeUser(exitStr(evt, 'container_id') ?? '', exitUint(evt, 'uid') ?? 0);
}

export function parseGroupAdded(s: SystemState, evt: SyscallEvent): void {
  s.addGroup({
    gid: exitUint(evt, 'gid') ?? 0,
    name: exitStr(evt, 'name') ?? '',
    container: exitStr(evt, 'container_id') ?? '',
  });
}

export function parseGroupDeleted(s: SystemState, evt: SyscallEvent): void {
  s.users.removeGroup(exitStr(evt, 'container_id') ?? '', exitUint(evt, 'gid') ?? 0);
}
