// Which events of a capture reach the rules. Today's libs convert old event versions and keep
// only exit events of syscalls (the enter event's parameters live on in its exit); events that
// have no exit counterpart (procexit, container and user meta-events, tracepoints, plugin events)
// are delivered as they are. Kestrel follows that, so rules see the same events from a capture
// file as from the live sensor, which sends no enter events at all.

import { EVENT_TABLE } from '../../events/eventTable.js';

const STANDALONE_CATEGORIES = new Set(['EC_TRACEPOINT', 'EC_METAEVENT', 'EC_INTERNAL', 'EC_PLUGIN', 'EC_ITER']);

const DELIVERED: readonly boolean[] = EVENT_TABLE.map(
  (e) => e.dir === 'exit' || e.category.some((c) => STANDALONE_CATEGORIES.has(c)),
);

/** Whether events of this id reach rules and printing (false for syscall enter events). */
export function isDeliveredEvent(type: number): boolean {
  return DELIVERED[type] ?? true;
}

const INTERNAL: readonly boolean[] = EVENT_TABLE.map((e) => e.category.includes('EC_INTERNAL'));

/**
 * Whether events of this id are libsinsp internal events (procinfo, container, drop...). The state
 * and the rules see them, but sysdig's `-p` does not print them (unless debugging), nor does `--print`.
 */
export function isInternalEvent(type: number): boolean {
  return INTERNAL[type] ?? false;
}
