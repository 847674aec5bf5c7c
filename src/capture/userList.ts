// User-list blocks (UL_BLOCK_TYPE, v2): the host's users and groups at capture start. Each entry
// is a type byte (0 user, anything else group) and its fields; v2 entries start with their u32
// length so newer fields can be skipped.

import type { GroupInfo, UserInfo } from '../state/types.js';
import { Cursor } from './cursor.js';
import { BlockBodyError } from './errors.js';
import { MAX_CREDENTIALS_STR_LEN } from './limits.js';

export const USERBLOCK_TYPE_USER = 0;
export const USERBLOCK_TYPE_GROUP = 1;

export interface UserListSink {
  user(u: UserInfo): void;
  group(g: GroupInfo): void;
}

const MAX = MAX_CREDENTIALS_STR_LEN - 1;

export function decodeUserList(c: Cursor, v2: boolean, sink: UserListSink): void {
  while (c.remaining >= 4) {
    const at = c.offset;
    const blockEnd = c.end;
    let end = -1;
    if (v2) {
      const len = c.u32('user entry length');
      end = c.pos - 4 + len;
      if (len < 5 || end > c.end) {
        throw new BlockBodyError(at, `user entry at byte ${at} declares length ${len}, past its block`);
      }
      c.end = end;
    }
    try {
      const type = c.u8('user entry type');
      if (type === USERBLOCK_TYPE_USER) {
        const uid = c.u32('uid');
        const gid = c.u32('gid');
        const name = c.str16('user name', MAX);
        const homedir = c.str16('user homedir', MAX);
        const shell = c.str16('user shell', MAX);
        sink.user({ uid, gid, name, homedir, shell, container: '' });
      } else {
        const gid = c.u32('gid');
        const name = c.str16('group name', MAX);
        sink.group({ gid, name, container: '' });
      }
      if (end >= 0) c.pos = end;
    } finally {
      c.end = blockEnd;
    }
  }
}
