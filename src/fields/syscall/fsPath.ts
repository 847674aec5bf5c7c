// `fs.path.*` fields: the filesystem paths a syscall acts on, including calls without descriptors.

import type { FieldClass } from '../types.js';
import { field } from './define.js';

export const FS_PATH_CLASS: FieldClass = {
  name: 'fs.path',
  source: 'syscall',
  desc:
    'Fields about the filesystem paths passed to a system call. Unlike fd.* they also cover calls that take ' +
    'paths directly, such as unlink or rename.',
  fields: [
    field(
      'fs.path.name',
      'CHARBUF',
      'Path the call acts on, made absolute with the working directory of the thread when needed.',
    ),
    field('fs.path.nameraw', 'CHARBUF', 'Path the call acts on, exactly as passed, possibly relative.'),
    field(
      'fs.path.source',
      'CHARBUF',
      'For calls with a source and a target path (rename, link, ...), the source made absolute.',
    ),
    field('fs.path.sourceraw', 'CHARBUF', 'For two-path calls, the source path exactly as passed.'),
    field('fs.path.target', 'CHARBUF', 'For two-path calls, the target path made absolute.'),
    field('fs.path.targetraw', 'CHARBUF', 'For two-path calls, the target path exactly as passed.'),
  ],
};
