// The fields a destination's `filter` can use: the alert's own keys under `alert.` (a field
// name needs a dot in the condition language) and every output_fields key by its own name
// (`k8s.ns.name`, `proc.aname[2]`). A known Falco field keeps its numeric or boolean type so
// `proc.pid > 100` compares numbers; anything else compares as text.

import type { EventSource } from '../../events/source.js';
import { K8SAUDIT_FIELD_CLASSES } from '../../fields/k8saudit/catalog.js';
import { SYSCALL_FIELD_CLASSES } from '../../fields/syscall/index.js';
import type { Extractor, FieldClass, FieldDef, FieldRef, FieldScalar, FieldValue } from '../../fields/types.js';
import type { RouterAlert } from '../alert.js';

const ANY_ARG = { required: false, index: true, key: true } as const;

const ALERT_CLASS: FieldClass = {
  name: 'alert',
  source: 'router',
  desc: 'The alert as the router received it.',
  fields: [
    { name: 'alert.rule', type: 'CHARBUF', desc: 'Rule name.' },
    { name: 'alert.priority', type: 'CHARBUF', desc: 'Priority name (Emergency … Debug).' },
    { name: 'alert.source', type: 'CHARBUF', desc: 'Event source (syscall, k8s_audit, …).' },
    { name: 'alert.hostname', type: 'CHARBUF', desc: 'Host that raised the alert.' },
    { name: 'alert.output', type: 'CHARBUF', desc: 'The rendered output line.' },
    { name: 'alert.time', type: 'CHARBUF', desc: 'Event time, RFC 3339.' },
    { name: 'alert.tags', type: 'CHARBUF', desc: 'Tags of the rule.', isList: true },
  ],
};

const ALERT_EXTRACTORS: Record<string, Extractor<RouterAlert>> = {
  'alert.rule': (a) => a.rule,
  'alert.priority': (a) => a.priority,
  'alert.source': (a) => a.source,
  'alert.hostname': (a) => a.hostname,
  'alert.output': (a) => a.output,
  'alert.time': (a) => a.time,
  'alert.tags': (a) => [...a.tags],
};

let knownTypes: Map<string, FieldDef> | undefined;

/** Falco's own field definitions, for the type of an output field of the same name. */
function falcoField(name: string): FieldDef | undefined {
  knownTypes ??= new Map(
    [...SYSCALL_FIELD_CLASSES, ...K8SAUDIT_FIELD_CLASSES].flatMap((c) => c.fields.map((f) => [f.name, f] as const)),
  );
  return knownTypes.get(name);
}

function outputFieldDef(name: string): FieldDef {
  const known = falcoField(name);
  if (known && (known.type === 'BOOL' || known.type === 'DOUBLE' || isIntType(known.type)) && !known.isList) {
    return { name, type: known.type, desc: 'output field', arg: ANY_ARG };
  }
  return { name, type: 'CHARBUF', desc: 'output field', arg: ANY_ARG, isList: known?.isList === true };
}

function isIntType(type: string): boolean {
  return /^(U?INT(8|16|32|64)|PID|FD|ERRNO|UID|GID|PORT|RELTIME|ABSTIME|MODE|FLAGS32|SIGTYPE|SYSCALLID)$/.test(type);
}

function asText(v: unknown): FieldValue {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => String(x));
  return String(v);
}

function asNumber(v: unknown): FieldValue {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function asBool(v: unknown): FieldValue {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

function converter(def: FieldDef): (v: unknown) => FieldValue {
  if (def.type === 'BOOL') return asBool;
  if (def.type === 'CHARBUF') return asText;
  return asNumber;
}

export class AlertFieldSource implements EventSource<RouterAlert> {
  readonly name = 'router';
  readonly fieldClasses: readonly FieldClass[] = [ALERT_CLASS];

  findField(name: string): FieldDef | undefined {
    return ALERT_CLASS.fields.find((f) => f.name === name) ?? outputFieldDef(name);
  }

  bindField(ref: FieldRef): Extractor<RouterAlert> {
    const own = ALERT_EXTRACTORS[ref.name];
    if (own && ref.arg === undefined) return own;
    const key = ref.arg === undefined ? ref.name : `${ref.name}[${ref.arg}]`;
    const convert = converter(outputFieldDef(ref.name));
    return (a) => convert(a.output_fields[key]) as FieldScalar | FieldScalar[] | undefined;
  }

  eventTypeOf(): number {
    return 0;
  }

  timestampOf(alert: RouterAlert): bigint {
    return BigInt(Date.parse(alert.time)) * 1_000_000n;
  }
}
