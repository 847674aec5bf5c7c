// The default field parser: the longest field name of the class that prefixes the text.

import type { FieldClass, FieldDef } from '../../fields/types.js';
import { filterOnlyError } from './fieldErrors.js';
import type { FieldCheck, FieldMatch, FieldUsage } from './fieldMatch.js';

/** Longest field of the class whose name starts the text (the first one wins a tie). */
export function longestFieldPrefix(fieldClass: FieldClass, text: string): FieldDef | undefined {
  let best: FieldDef | undefined;
  for (const f of fieldClass.fields) {
    if (best && f.name.length <= best.name.length) continue;
    if (text.startsWith(f.name)) best = f;
  }
  return best;
}

export function matchByPrefix(fieldClass: FieldClass, text: string, usage: FieldUsage): FieldMatch | undefined {
  const f = longestFieldPrefix(fieldClass, text);
  if (!f) return undefined;
  if (usage === 'output' && f.filterOnly) throw filterOnlyError(text);
  return { field: f, fieldClass, consumed: f.name.length };
}

export function genericCheck(fieldClass: FieldClass): FieldCheck {
  return (text, usage) => matchByPrefix(fieldClass, text, usage);
}

/** A field of the class by exact name; throws if the catalog lacks it (a programming error). */
export function requireField(fieldClass: FieldClass, name: string): FieldDef {
  const f = fieldClass.fields.find((x) => x.name === name);
  if (!f) throw new Error(`field class ${fieldClass.name} has no field ${name}`);
  return f;
}
