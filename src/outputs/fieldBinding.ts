// Binding one field reference of an output format to an extractor. The source is asked first;
// `evt.arg.NAME`-style references are retried as a field plus a dotted argument; the generic time
// fields (`evt.time`...) work for every source. Fields only usable in conditions are refused.

import type { EventSource } from '../events/source.js';
import type { Extractor, FieldDef, FieldType } from '../fields/types.js';
import { bindGenericTimeField } from './genericTimeFields.js';

/** A bound output token: how to extract it and how to render what it extracts. */
export interface BoundField<E> {
  extract: Extractor<E>;
  type: FieldType;
  isList: boolean;
}

function fromDef<E>(extract: Extractor<E>, def: FieldDef | undefined): BoundField<E> {
  return { extract, type: def?.type ?? 'CHARBUF', isList: def?.isList === true };
}

function tryBind<E>(source: EventSource<E>, name: string, arg: string | undefined): Extractor<E> | undefined {
  try {
    return source.bindField(arg === undefined ? { name } : { name, arg });
  } catch {
    return undefined;
  }
}

/** The longest field that `name` extends with `.ARG`, for fields taking dotted arguments. */
function dottedPrefix<E>(source: EventSource<E>, name: string): { def: FieldDef; arg: string } | undefined {
  for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
    const def = source.findField(name.slice(0, dot));
    if (def?.arg?.dotted) return { def, arg: name.slice(dot + 1) };
  }
  return undefined;
}

/**
 * Binds `name` (with `arg`, the text inside brackets) for use in an output, or returns undefined
 * when the source cannot extract it that way.
 */
export function bindOutputField<E>(
  source: EventSource<E>,
  name: string,
  arg: string | undefined,
): BoundField<E> | undefined {
  const def = source.findField(name);
  if (def !== undefined) {
    if (def.filterOnly) return undefined;
    const extract = tryBind(source, name, arg);
    if (extract !== undefined) return fromDef(extract, def);
  } else if (arg === undefined) {
    const dotted = dottedPrefix(source, name);
    if (dotted !== undefined && !dotted.def.filterOnly) {
      // Sources may take the dotted spelling whole or split; accept either.
      const extract = tryBind(source, name, undefined) ?? tryBind(source, dotted.def.name, dotted.arg);
      if (extract !== undefined) return fromDef(extract, dotted.def);
    }
  }
  if (arg === undefined) {
    const generic = bindGenericTimeField(name, source);
    if (generic !== undefined) return { ...generic, isList: false };
  }
  return undefined;
}
