// Every field class of the `syscall` source, in the order libsinsp registers them (built-in
// classes first, then the container plugin). Field lookup follows this order.

import type { FieldClass } from '../types.js';
import { CONTAINER_PLUGIN_CLASS } from './containerPlugin.js';
import { EVT_SYSCALL_CLASS } from './evt.js';
import { EVT_GENERIC_CLASS } from './evtGeneric.js';
import { FD_CLASS } from './fd.js';
import { FDLIST_CLASS } from './fdlist.js';
import { FS_PATH_CLASS } from './fsPath.js';
import { GROUP_CLASS } from './group.js';
import { PROCESS_CLASS } from './proc.js';
import { USER_CLASS } from './user.js';
import { UTIL_CLASS } from './util.js';

export { CONTAINER_PLUGIN, CONTAINER_PLUGIN_CLASS } from './containerPlugin.js';

export const SYSCALL_FIELD_CLASSES: FieldClass[] = [
  EVT_GENERIC_CLASS,
  EVT_SYSCALL_CLASS,
  PROCESS_CLASS,
  USER_CLASS,
  GROUP_CLASS,
  FD_CLASS,
  FS_PATH_CLASS,
  UTIL_CLASS,
  FDLIST_CLASS,
  CONTAINER_PLUGIN_CLASS,
];
