// A small event source for tests: events are plain objects carrying a timestamp, an event type
// id and field values by name; the source knows a handful of fields of various types.

import type { EventSource } from '../../src/events/source.js';
import { type FieldClass, type FieldDef, FieldError, type FieldRef, type FieldValue } from '../../src/fields/types.js';

export interface FakeEvent {
  ts: bigint;
  type: number;
  values: Record<string, FieldValue>;
}

const FIELDS: FieldDef[] = [
  { name: 'proc.name', type: 'CHARBUF', desc: 'process name', suggestedOutput: true },
  { name: 'proc.cmdline', type: 'CHARBUF', desc: 'command line' },
  { name: 'proc.pid', type: 'INT64', desc: 'pid' },
  { name: 'proc.aname', type: 'CHARBUF', desc: 'ancestor name', arg: { required: false, index: true, key: false } },
  { name: 'fd.cport', type: 'PORT', desc: 'client port' },
  { name: 'fd.name', type: 'CHARBUF', desc: 'fd name' },
  { name: 'evt.arg', type: 'CHARBUF', desc: 'argument', arg: { required: true, index: true, key: true, dotted: true } },
  {
    name: 'evt.around',
    type: 'UINT64',
    desc: 'filter only',
    arg: { required: true, index: true, key: false },
    filterOnly: true,
  },
  { name: 'evt.rawres', type: 'INT64', desc: 'raw result' },
  { name: 'evt.is_io', type: 'BOOL', desc: 'is io' },
  { name: 'evt.buffer', type: 'BYTEBUF', desc: 'buffer' },
  { name: 'thread.cpu', type: 'DOUBLE', desc: 'cpu' },
  { name: 'evt.num', type: 'UINT64', desc: 'event number' },
  { name: 'container.id', type: 'CHARBUF', desc: 'container id', suggestedOutput: true },
  { name: 'ka.uri.param', type: 'CHARBUF', desc: 'uri param', arg: { required: true, index: false, key: true } },
  { name: 'ka.req.pod.containers.image', type: 'CHARBUF', desc: 'images', isList: true },
];

const CLASSES: FieldClass[] = [{ name: 'fake', source: 'fake', desc: 'fake fields', fields: FIELDS }];

function refKey(ref: FieldRef): string {
  return ref.arg === undefined ? ref.name : `${ref.name}[${ref.arg}]`;
}

export function fakeSource(name = 'fake'): EventSource<FakeEvent> {
  const byName = new Map(FIELDS.map((f) => [f.name, f]));
  return {
    name,
    fieldClasses: CLASSES,
    findField: (n) => byName.get(n),
    bindField(ref: FieldRef) {
      const def = byName.get(ref.name);
      if (def === undefined) throw new FieldError(`filter_check called with nonexistent field ${ref.name}`);
      if (ref.arg === undefined && def.arg?.required) throw new FieldError(`${ref.name} requires an argument`);
      if (ref.arg !== undefined && def.arg === undefined) throw new FieldError(`${ref.name} takes no argument`);
      if (ref.arg !== undefined && def.arg?.index && !def.arg.key && !/^\d+$/.test(ref.arg)) {
        throw new FieldError(`${ref.name} needs a numeric argument`);
      }
      const key = refKey(ref);
      return (evt: FakeEvent) => evt.values[key];
    },
    eventTypeOf: (evt) => evt.type,
    timestampOf: (evt) => evt.ts,
  };
}

export function fakeEvent(values: Record<string, FieldValue>, ts = 1_470_327_477_881_781_397n, type = 0): FakeEvent {
  return { ts, type, values };
}
