// `group.*` fields: the group a syscall event runs under.

import type { FieldClass } from '../types.js';
import { field } from './define.js';

export const GROUP_CLASS: FieldClass = {
  name: 'group',
  source: 'syscall',
  desc: 'Fields about the group the acting process runs as.',
  fields: [field('group.gid', 'UINT32', 'Numeric group id.'), field('group.name', 'CHARBUF', 'Group name.')],
};
