// The time fields every event has whatever its source (libsinsp's generic `evt` class). Outputs
// can always use them: when a source does not bind one itself, it is computed here from the
// source's timestamp. In JSON output fields libsinsp shows the time-of-day fields as the raw
// timestamp in nanoseconds rather than as text.

import type { EventSource } from '../events/source.js';
import type { Extractor, FieldType } from '../fields/types.js';
import { dateTimeSecondsText, dateTimeText, iso8601Text, timeSecondsText, timeText } from './timeText.js';

const NS_PER_SECOND = 1_000_000_000n;

/** Fields whose JSON value is the event timestamp in nanoseconds, whatever their text looks like. */
export const TIMESTAMP_JSON_FIELDS: ReadonlySet<string> = new Set([
  'evt.time',
  'evt.time.s',
  'evt.time.iso8601',
  'evt.datetime',
  'evt.datetime.s',
]);

interface GenericTimeField {
  type: FieldType;
  value(ts: bigint): string | bigint;
}

const GENERIC_TIME_FIELDS: ReadonlyMap<string, GenericTimeField> = new Map<string, GenericTimeField>([
  ['evt.time', { type: 'CHARBUF', value: (ts) => timeText(ts) }],
  ['evt.time.s', { type: 'CHARBUF', value: (ts) => timeSecondsText(ts) }],
  ['evt.time.iso8601', { type: 'CHARBUF', value: iso8601Text }],
  ['evt.datetime', { type: 'CHARBUF', value: (ts) => dateTimeText(ts) }],
  ['evt.datetime.s', { type: 'CHARBUF', value: (ts) => dateTimeSecondsText(ts) }],
  ['evt.rawtime', { type: 'ABSTIME', value: (ts) => ts }],
  ['evt.rawtime.s', { type: 'ABSTIME', value: (ts) => ts / NS_PER_SECOND }],
  ['evt.rawtime.ns', { type: 'ABSTIME', value: (ts) => ts % NS_PER_SECOND }],
]);

/** A generic time field bound to a source, or undefined when `name` is not one. */
export function bindGenericTimeField<E>(
  name: string,
  source: EventSource<E>,
): { extract: Extractor<E>; type: FieldType } | undefined {
  const def = GENERIC_TIME_FIELDS.get(name);
  if (def === undefined) return undefined;
  return { extract: (evt) => def.value(source.timestampOf(evt)), type: def.type };
}
