// Per event type facts the evt.* extractors test on every event, precomputed from the table:
// numeric category and flags, and whether the call has a return value.

import { EVENT_CATEGORIES, EVENT_FLAGS, EVENT_TABLE, PPM_EVENT_MAX } from '../../../events/eventTable.js';
import type { ScapEvent } from '../../../events/scapEvent.js';

const CATEGORY_BITS: Readonly<Record<string, number>> = EVENT_CATEGORIES;
const FLAG_BITS: Readonly<Record<string, number>> = EVENT_FLAGS;

/** Category flags that qualify the kind of event rather than name its category. */
const KIND_BITS =
  EVENT_CATEGORIES.EC_SYSCALL |
  EVENT_CATEGORIES.EC_TRACEPOINT |
  EVENT_CATEGORIES.EC_PLUGIN |
  EVENT_CATEGORIES.EC_METAEVENT |
  EVENT_CATEGORIES.EC_ITER;

// The table lists every category name whose value is contained in the event's; OR-ing them
// gives back the value.
const CATEGORY: Int32Array = Int32Array.from(EVENT_TABLE, (e) =>
  e.category.reduce((acc, c) => acc | (CATEGORY_BITS[c] ?? 0), 0),
);
const FLAGS: Int32Array = Int32Array.from(EVENT_TABLE, (e) => e.flags.reduce((acc, f) => acc | (FLAG_BITS[f] ?? 0), 0));

const RETURN_TYPES = new Set([
  'PT_ERRNO',
  'PT_FD',
  'PT_FD32',
  'PT_PID',
  'PT_PID32',
  'PT_INT64',
  'PT_UINT64',
  'PT_INT32',
]);
const HAS_RETURN: Uint8Array = Uint8Array.from(EVENT_TABLE, (e) =>
  e.dir === 'exit' && e.params.length > 0 && RETURN_TYPES.has(e.params[0].type) ? 1 : 0,
);

/** The event's category without the syscall/tracepoint/plugin/meta qualifiers (EC_FILE, EC_IO_READ...). */
export function categoryOf(type: number): number {
  return type < PPM_EVENT_MAX ? CATEGORY[type] & ~KIND_BITS : 0;
}

export function isSyscallEvent(type: number): boolean {
  return type < PPM_EVENT_MAX && (CATEGORY[type] & EVENT_CATEGORIES.EC_SYSCALL) !== 0;
}

export function flagsOf(type: number): number {
  return type < PPM_EVENT_MAX ? FLAGS[type] : 0;
}

/** The call's return value (first exit parameter), undefined when the event has none. */
export function returnValue(evt: ScapEvent): number | undefined {
  if (evt.type >= PPM_EVENT_MAX || HAS_RETURN[evt.type] === 0) return undefined;
  return evt.paramInt(0);
}

export { EVENT_CATEGORIES, EVENT_FLAGS };
