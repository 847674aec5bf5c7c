// `fdlist.*` fields: the descriptor sets of poll-style calls.

import type { FieldClass } from '../types.js';
import { field } from './define.js';

export const FDLIST_CLASS: FieldClass = {
  name: 'fdlist',
  source: 'syscall',
  desc: 'Fields about the set of descriptors passed to poll-style calls.',
  fields: [
    field('fdlist.nums', 'CHARBUF', 'Numbers of the descriptors in the fds parameter, separated by commas.'),
    field('fdlist.names', 'CHARBUF', 'Names of the descriptors in the fds parameter, separated by commas.'),
    field('fdlist.cips', 'CHARBUF', 'Client IP addresses of the sockets in the fds parameter, separated by commas.'),
    field('fdlist.sips', 'CHARBUF', 'Server IP addresses of the sockets in the fds parameter, separated by commas.'),
    field('fdlist.cports', 'CHARBUF', 'Client TCP/UDP ports of the sockets in the fds parameter, separated by commas.'),
    field('fdlist.sports', 'CHARBUF', 'Server TCP/UDP ports of the sockets in the fds parameter, separated by commas.'),
  ],
};
