// The host's users and groups from /etc/passwd and /etc/group, as libscap lists them at start
// (a capture carries them so `user.name` resolves when it is read elsewhere).
import { readFileSync } from 'node:fs';
import type { GroupInfo, UserInfo } from '../../state/types.js';

function lines(path: string): string[][] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
}

export function readHostUsers(root = '/etc'): UserInfo[] {
  return lines(`${root}/passwd`)
    .filter((f) => f.length >= 7 && /^\d+$/.test(f[2]) && /^\d+$/.test(f[3]))
    .map((f) => ({ name: f[0], uid: Number(f[2]), gid: Number(f[3]), homedir: f[5], shell: f[6], container: '' }));
}

export function readHostGroups(root = '/etc'): GroupInfo[] {
  return lines(`${root}/group`)
    .filter((f) => f.length >= 3 && /^\d+$/.test(f[2]))
    .map((f) => ({ name: f[0], gid: Number(f[2]), container: '' }));
}
