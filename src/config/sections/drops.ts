// `syscall_event_drops` and `syscall_event_timeouts`, validated as Falco validates them (the
// messages are Falco's; the legacy test suite checks the threshold one).

import type { Section } from '../reader.js';
import type { BaseSyscallsConfig, DropAction, SyscallEventDropsConfig } from '../types.js';

const ACTIONS: readonly DropAction[] = ['ignore', 'log', 'alert', 'exit'];

export function readSyscallEventDrops(root: Section): SyscallEventDropsConfig {
  const s = root.section('syscall_event_drops');
  s.warnUnknown(['threshold', 'actions', 'rate', 'max_burst', 'simulate_drops']);
  const actions: DropAction[] = [];
  for (const act of s.stringList('actions', [])) {
    if (!ACTIONS.includes(act as DropAction)) {
      throw s.error('actions', 'available actions for syscall event drops are "ignore", "log", "alert", and "exit"');
    }
    if ((act === 'log' || act === 'alert') && actions.includes('ignore')) {
      throw s.error('actions', `syscall event drop action "${act}" does not make sense with the "ignore" action`);
    }
    if (!actions.includes(act as DropAction)) actions.push(act as DropAction);
  }
  if (actions.length === 0) actions.push('ignore');
  const threshold = s.double('threshold', 0.1);
  if (!(threshold >= 0 && threshold <= 1)) {
    throw s.error('threshold', 'syscall event drops threshold must be a double in the range [0, 1]');
  }
  return {
    threshold,
    actions,
    rate: s.double('rate', 0.03333),
    maxBurst: s.double('max_burst', 1),
    simulateDrops: s.bool('simulate_drops', false),
  };
}

export function readSyscallEventTimeouts(root: Section): number {
  const s = root.section('syscall_event_timeouts');
  s.warnUnknown(['max_consecutives']);
  const n = s.int('max_consecutives', 1000, { min: 0, max: 4_294_967_295 });
  if (n === 0) {
    throw s.error(
      'max_consecutives',
      'the maximum consecutive timeouts without an event must be an unsigned integer > 0',
    );
  }
  return n;
}

/** `base_syscalls`: which syscalls the live sensor captures beyond what the rules need. */
export function readBaseSyscalls(root: Section): BaseSyscallsConfig {
  const s = root.section('base_syscalls');
  s.warnUnknown(['custom_set', 'repair', 'all']);
  return { customSet: s.stringList('custom_set', []), repair: s.bool('repair', false), all: s.bool('all', false) };
}
