// Users and groups by (container, id), as libsinsp's user/group manager: filled from the
// capture's user/group lists and PPME_USER_ADDED/DELETED, PPME_GROUP_ADDED/DELETED events.
// '' is the host.

import type { GroupInfo, UserInfo } from './types.js';

function key(container: string, id: number): string {
  return `${container}\u0000${id >>> 0}`;
}

export class UserTable {
  private readonly users = new Map<string, UserInfo>();
  private readonly groups = new Map<string, GroupInfo>();

  addUser(u: UserInfo): void {
    this.users.set(key(u.container, u.uid), u);
  }

  removeUser(container: string, uid: number): void {
    this.users.delete(key(container, uid));
  }

  user(uid: number, container: string): UserInfo | undefined {
    return this.users.get(key(container, uid));
  }

  addGroup(g: GroupInfo): void {
    this.groups.set(key(g.container, g.gid), g);
  }

  removeGroup(container: string, gid: number): void {
    this.groups.delete(key(container, gid));
  }

  group(gid: number, container: string): GroupInfo | undefined {
    return this.groups.get(key(container, gid));
  }

  get userCount(): number {
    return this.users.size;
  }

  get groupCount(): number {
    return this.groups.size;
  }
}
