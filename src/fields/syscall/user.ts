// `user.*` fields: the user a syscall event runs as.

import type { FieldClass } from '../types.js';
import { field } from './define.js';

export const USER_CLASS: FieldClass = {
  name: 'user',
  source: 'syscall',
  desc: 'Fields about the user the acting process runs as.',
  fields: [
    field('user.uid', 'UINT32', 'Numeric user id.'),
    field('user.name', 'CHARBUF', 'User name.'),
    field('user.homedir', 'CHARBUF', 'Home directory of the user.'),
    field('user.shell', 'CHARBUF', 'Login shell of the user.'),
    field(
      'user.loginuid',
      'INT64',
      'Audit user id (auid) set at login; an unset id (4294967295) is reported as -1 so that conditions such ' +
        'as user.loginuid = -1 work.',
    ),
    field('user.loginname', 'CHARBUF', 'Name of the audit (login) user.'),
  ],
};
