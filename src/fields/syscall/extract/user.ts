// `user.*` and `group.*` extraction. Like libsinsp, an id the user and group tables do not know
// still has a name: `root` for 0, `<NA>` otherwise.

import type { GroupInfo, ThreadInfo, UserInfo } from '../../../state/types.js';
import type { SyscallEvent } from '../../../sources/syscall/syscallEvent.js';
import type { FieldRequest, SyscallExtractor } from './types.js';

const UNSET_ID = 0xffffffff;

function userOf(evt: SyscallEvent, t: ThreadInfo, uid: number): UserInfo | undefined {
  return evt.state?.user(uid, t.containerId);
}

function groupOf(evt: SyscallEvent, t: ThreadInfo): GroupInfo | undefined {
  return evt.state?.group(t.gid, t.containerId);
}

function loginuid(t: ThreadInfo): number {
  return t.loginuid === UNSET_ID || t.loginuid < 0 ? -1 : t.loginuid;
}

function userField(uidOf: (t: ThreadInfo) => number, value: (u: UserInfo | undefined, uid: number) => string) {
  return (evt: SyscallEvent) => {
    const t = evt.thread;
    if (!t) return undefined;
    const uid = uidOf(t);
    return value(userOf(evt, t, uid), uid);
  };
}

const nameOrDefault = (u: UserInfo | undefined, uid: number) => u?.name ?? (uid === 0 ? 'root' : '<NA>');

export function bindUserField(req: FieldRequest): SyscallExtractor | undefined {
  switch (req.name) {
    case 'user.uid':
      return (evt) => evt.thread?.uid;
    case 'user.name':
      return userField((t) => t.uid, nameOrDefault);
    case 'user.homedir':
      return userField(
        (t) => t.uid,
        (u, uid) => u?.homedir ?? (uid === 0 ? '/root' : '<NA>'),
      );
    case 'user.shell':
      return userField(
        (t) => t.uid,
        (u) => u?.shell ?? '<NA>',
      );
    case 'user.loginuid':
      return (evt) => (evt.thread ? loginuid(evt.thread) : undefined);
    case 'user.loginname':
      return userField(loginuid, (u, uid) => (uid < 0 ? '<NA>' : nameOrDefault(u, uid)));
    case 'group.gid':
      return (evt) => evt.thread?.gid;
    case 'group.name':
      return (evt) => {
        const t = evt.thread;
        if (!t) return undefined;
        return groupOf(evt, t)?.name ?? (t.gid === 0 ? 'root' : '<NA>');
      };
    default:
      return undefined;
  }
}
