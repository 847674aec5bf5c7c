// The syscall event as the rules engine sees it: the scap event view, plus what the state
// parsers attach before the rules run (the thread, the fd the event is about), as libsinsp's
// sinsp_evt carries m_tinfo and m_fdinfo.

import { ScapEvent } from '../../events/scapEvent.js';
import type { FdInfo, ThreadInfo } from '../../state/types.js';
import type { SystemStateView } from '../../state/view.js';

export class SyscallEvent extends ScapEvent {
  /** The thread that produced the event; undefined when unknown to the state. */
  thread: ThreadInfo | undefined = undefined;
  /** The fd number the event is about (EF_USES_FD / EF_CREATES_FD events), -1 otherwise. */
  fdNum = -1;
  /** That fd's entry, when the state knows it. */
  fdInfo: FdInfo | undefined = undefined;
  /**
   * For an exit event: the matching enter event's bytes, when the thread's last event was it
   * (libsinsp reads some parameters from the enter event of older event versions).
   */
  enter: ScapEvent | undefined = undefined;
  /** The state the event was parsed against. */
  state: SystemStateView | undefined = undefined;
  /** Set by parsers when the event failed and left no state change (evt.failed). */
  resetAttachments(): void {
    this.thread = undefined;
    this.fdNum = -1;
    this.fdInfo = undefined;
    this.enter = undefined;
  }
}
