// A minimal EventSource for tests: events are plain objects keyed by field reference
// (`proc.name`, `proc.aname[2]`), and fields are declared with their types.

import type { EventSource } from '../../../src/events/source.js';
import {
  type FieldDef,
  FieldError,
  type FieldRef,
  type FieldType,
  type FieldValue,
} from '../../../src/fields/types.js';

export type TestEvent = Record<string, FieldValue>;

const field = (name: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  type,
  desc: name,
  ...extra,
});

/** Fields covering every value family, list fields and fields with arguments. */
export const TEST_FIELDS: FieldDef[] = [
  field('evt.type', 'CHARBUF'),
  field('evt.num', 'UINT64'),
  field('evt.res', 'CHARBUF'),
  field('evt.rawres', 'INT64'),
  field('evt.buffer', 'BYTEBUF'),
  field('evt.is_open_read', 'BOOL'),
  field('evt.latency', 'RELTIME'),
  field('evt.cpu', 'INT16'),
  field('evt.arg', 'CHARBUF', { arg: { required: true, index: true, key: true, dotted: true } }),
  field('proc.name', 'CHARBUF'),
  field('proc.pname', 'CHARBUF'),
  field('proc.cmdline', 'CHARBUF'),
  field('proc.exepath', 'FSPATH'),
  field('proc.pid', 'INT64'),
  field('proc.vpid', 'INT64'),
  field('proc.args', 'CHARBUF', { isList: true }),
  field('proc.env', 'CHARBUF', { isList: true }),
  field('proc.aname', 'CHARBUF', { arg: { required: false, index: true, key: false } }),
  field('proc.cpu', 'DOUBLE'),
  field('user.uid', 'UINT32'),
  field('thread.tid', 'INT32'),
  field('fd.num', 'FD'),
  field('fd.name', 'FSPATH'),
  field('fd.directory', 'FSPATH'),
  field('fd.typechar', 'CHARBUF'),
  field('fd.sip', 'IPADDR'),
  field('fd.cip', 'IPADDR'),
  field('fd.net', 'IPNET'),
  field('fd.sport', 'PORT'),
  field('fd.cport', 'PORT'),
  field('fd.l4proto', 'UINT8'),
  field('fs.mode', 'MODE'),
  field('k.flags', 'FLAGS32'),
  field('k.i8', 'INT8'),
  field('k.u16', 'UINT16'),
  field('k.sig', 'SIGTYPE'),
  field('k.errno', 'ERRNO'),
  field('k.abstime', 'ABSTIME'),
  field('k.ips', 'IPADDR', { isList: true }),
  field('k.nets', 'IPNET', { isList: true }),
  field('k.nums', 'UINT64', { isList: true }),
  field('k.flagslist', 'BOOL', { isList: true }),
  field('k.ints', 'INT64', { isList: true }),
  field('ka.uri.param', 'CHARBUF', { arg: { required: true, index: false, key: true } }),
  field('jevt.value', 'CHARBUF', { arg: { required: true, index: false, key: true } }),
  field('container.mount.dest', 'CHARBUF', { arg: { required: true, index: true, key: true } }),
  field('ka.req.pod.containers.image', 'CHARBUF', { isList: true }),
];

export interface ObjectSourceOptions {
  /** Valid `evt.type` values; others are refused by checkValue like libsinsp does. */
  eventTypes?: ReadonlySet<string>;
}

export function keyOf(ref: FieldRef): string {
  return ref.arg === undefined ? ref.name : `${ref.name}[${ref.arg}]`;
}

export function objectSource(
  fields: FieldDef[] = TEST_FIELDS,
  options: ObjectSourceOptions = {},
): EventSource<TestEvent> & {
  bound: string[];
} {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const bound: string[] = [];
  const resolve = (name: string): { def: FieldDef; dottedArg?: string } | undefined => {
    const exact = byName.get(name);
    if (exact) return { def: exact };
    for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
      const def = byName.get(name.slice(0, dot));
      if (def?.arg?.dotted) return { def, dottedArg: name.slice(dot + 1) };
    }
    return undefined;
  };
  return {
    name: 'test',
    fieldClasses: [],
    bound,
    findField: (name) => byName.get(name),
    bindField(ref) {
      const found = resolve(ref.name);
      if (!found) throw new FieldError(`filter_check called with nonexistent field ${keyOf(ref)}`);
      const arg = ref.arg ?? found.dottedArg;
      if (found.def.arg?.required && arg === undefined) {
        throw new FieldError(`filter ${found.def.name} requires an argument`);
      }
      if (!found.def.arg && ref.arg !== undefined) {
        throw new FieldError(`filter ${found.def.name} does not support arguments`);
      }
      const key = keyOf(ref);
      bound.push(key);
      return (evt) => evt[key];
    },
    checkValue(ref, value) {
      if (ref.name === 'evt.type' && options.eventTypes && !options.eventTypes.has(value)) {
        throw new FieldError(`unknown event type ${value}`);
      }
    },
    eventTypeOf: () => 0,
    timestampOf: () => 0n,
  };
}
