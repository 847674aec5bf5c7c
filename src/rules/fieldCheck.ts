// Whether a field reference as written in an exception (`proc.name`, `proc.aname[2]`) is one
// the event source can extract.

import { parseCondition } from '../condition/index.js';
import type { EventSource } from '../events/source.js';

export function isDefinedField(source: EventSource, text: string): boolean {
  if (text.length === 0) return false;
  if (source.findField(text) !== undefined) return true;
  let node: ReturnType<typeof parseCondition>;
  try {
    // The condition grammar owns field syntax (brackets, dotted args); reuse it.
    node = parseCondition(`${text} exists`);
  } catch {
    return false;
  }
  if (node.kind !== 'unary' || node.field.kind !== 'field') return false;
  try {
    source.bindField({ name: node.field.name, arg: node.field.arg });
    return true;
  } catch {
    return false;
  }
}
