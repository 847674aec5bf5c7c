// `util.*` fields: helpers libsinsp keeps out of field listings.

import type { FieldClass } from '../types.js';
import { field } from './define.js';

export const UTIL_CLASS: FieldClass = {
  name: 'util',
  source: 'syscall',
  desc: 'Utility fields.',
  hidden: true,
  fields: [field('util.cnt', 'UINT64', 'Counter that grows by one with each event it is evaluated on.')],
};
