// What a state parser is: a function run on one event against the mutable state.

import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import type { SystemState } from '../systemState.js';

export type StateParser = (s: SystemState, evt: SyscallEvent) => void;
