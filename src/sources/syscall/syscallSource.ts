// The `syscall` event source: its field catalog, field validation with libsinsp's rules and
// messages, and event typing for rule indexing.

import type { EventSource } from '../../events/source.js';
import { bindSyscallField } from '../../fields/syscall/extract/bind.js';
import { SYSCALL_FIELD_CLASSES } from '../../fields/syscall/index.js';
import type { Extractor, FieldClass, FieldDef, FieldRef, FieldType } from '../../fields/types.js';
import { fieldTypeOfParamType } from './eventParams.js';
import { FieldLookup } from './fieldLookup.js';
import type { FieldMatch, FieldUsage, ResolvedFieldArg } from './fieldMatch.js';
import type { SyscallEvent } from './syscallEvent.js';

/** A validated syscall field reference. */
export interface ResolvedSyscallField {
  /** The reference as libsinsp sees it: `name` or `name[arg]`. */
  readonly text: string;
  readonly field: FieldDef;
  readonly fieldClass: FieldClass;
  readonly arg?: ResolvedFieldArg;
  /** Value type: the field's own, or for evt.rawarg the parameter's when it has a field-type twin. */
  readonly type: FieldType;
}

/** The text libsinsp builds from a reference: the argument in brackets, unless it is empty. */
export function fieldRefText(ref: FieldRef): string {
  return ref.arg !== undefined && ref.arg.length > 0 ? `${ref.name}[${ref.arg}]` : ref.name;
}

function effectiveType(match: FieldMatch): FieldType {
  if (match.field.type === 'DYNAMIC' && match.arg?.kind === 'param') {
    return fieldTypeOfParamType(match.arg.paramType) ?? 'DYNAMIC';
  }
  return match.field.type;
}

export class SyscallSource implements EventSource<SyscallEvent> {
  readonly name = 'syscall';
  readonly fieldClasses: readonly FieldClass[];
  private readonly lookup: FieldLookup;
  private readonly byName: ReadonlyMap<string, FieldDef>;

  constructor(fieldClasses: readonly FieldClass[] = SYSCALL_FIELD_CLASSES) {
    this.fieldClasses = fieldClasses;
    this.lookup = new FieldLookup(fieldClasses);
    const byName = new Map<string, FieldDef>();
    for (const c of fieldClasses) for (const f of c.fields) if (!byName.has(f.name)) byName.set(f.name, f);
    this.byName = byName;
  }

  /**
   * The field a name refers to: a catalog name (`evt.arg`), or a name with its argument
   * (`evt.arg.fd`, `evt.arg[0]`, `proc.aname[2]`, `thread.cgroup.cpuacct`).
   */
  findField(name: string): FieldDef | undefined {
    const direct = this.byName.get(name);
    if (direct) return direct;
    try {
      return this.lookup.matchExact(name, 'filter').field;
    } catch {
      return undefined;
    }
  }

  /** Validates a reference as libsinsp does for a condition (or an output); throws FieldError. */
  resolveField(ref: FieldRef, usage: FieldUsage = 'filter'): ResolvedSyscallField {
    const text = fieldRefText(ref);
    const match = this.lookup.matchExact(text, usage);
    return { text, field: match.field, fieldClass: match.fieldClass, arg: match.arg, type: effectiveType(match) };
  }

  /**
   * The field at the start of an output-format fragment (after `%`), with the number of characters
   * it takes, as Falco's formatter reads it; undefined when no field starts there.
   */
  matchOutputToken(text: string): FieldMatch | undefined {
    return this.lookup.matchPrefix(text, 'output');
  }

  bindField(ref: FieldRef, usage: FieldUsage = 'filter'): Extractor<SyscallEvent> {
    return bindSyscallField(this.resolveField(ref, usage));
  }

  eventTypeOf(evt: SyscallEvent): number {
    return evt.type;
  }

  timestampOf(evt: SyscallEvent): bigint {
    return evt.ts;
  }
}
