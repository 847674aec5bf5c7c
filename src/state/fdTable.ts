// The open fds of one process (threads of a process share one table), bounded like libsinsp's
// fd table (max entries per process): past the bound new fds are not tracked and counted.

import type { FdInfo } from './types.js';

/** libsinsp's default bound on a process' fd table. */
export const DEFAULT_MAX_FDS = 4096;

export class FdTable extends Map<number, FdInfo> {
  /** fds that could not be tracked because the table was full. */
  dropped = 0;

  constructor(readonly maxFds: number = DEFAULT_MAX_FDS) {
    super();
  }

  /** Adds or replaces an fd; returns the stored entry, or undefined when the table is full. */
  add(info: FdInfo): FdInfo | undefined {
    if (this.size >= this.maxFds && !this.has(info.fd)) {
      this.dropped++;
      return undefined;
    }
    this.set(info.fd, info);
    return info;
  }

  /** A copy for a forked child (fd entries are copied, not shared). */
  cloneFor(): FdTable {
    const t = new FdTable(this.maxFds);
    for (const [fd, info] of this) t.set(fd, copyFd(info));
    return t;
  }
}

/** A copy of an fd entry (dup, fork), with its socket info copied too. */
export function copyFd(info: FdInfo, fd: number = info.fd): FdInfo {
  const c: FdInfo = { ...info, fd, nameChanged: false };
  if (info.sock) c.sock = { ...info.sock };
  return c;
}
