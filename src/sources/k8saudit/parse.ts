// Turns audit JSON into events the way Falco's k8saudit plugin accepts it: a document is an
// `Event`, an `EventList` (its `items`), or an array of such documents. Any apiVersion and any
// stage are accepted (rules filter stages themselves, e.g. the `kevt` macro). Each event needs a
// `stageTimestamp`, which becomes its time. A bad item is reported and the others still count.

import type { JsonObject } from '../../fields/json/jsonAccess.js';
import { K8sAuditEvent } from './event.js';
import { type AuditLocation, AuditParseError } from './parseError.js';
import { parseRfc3339Nanos } from './timestamp.js';

/** Falco's wording for JSON that is neither an Event nor an EventList. */
export const NOT_AN_AUDIT_EVENT = 'data not recognized as a k8s audit event';
/** Falco's wording for an event without a `stageTimestamp`. */
export const MISSING_STAGE_TIMESTAMP = "can't read stageTimestamp";

export interface ParsedAudit {
  events: K8sAuditEvent[];
  errors: AuditParseError[];
}

function at(where: AuditLocation, item: readonly number[]): AuditLocation {
  return item.length === 0 ? where : { ...where, item };
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Builds one event from an Event object (or an EventList item). Throws AuditParseError when the
 * object has no usable `stageTimestamp`.
 * @param raw the object's JSON text, when the caller has it.
 */
export function parseAuditEvent(value: unknown, where: AuditLocation = {}, raw?: string): K8sAuditEvent {
  const stamp = isObject(value) ? value.stageTimestamp : undefined;
  if (stamp === undefined) throw new AuditParseError(MISSING_STAGE_TIMESTAMP, where);
  const ns = typeof stamp === 'string' ? parseRfc3339Nanos(stamp) : undefined;
  if (ns === undefined) {
    throw new AuditParseError(`invalid stageTimestamp ${JSON.stringify(stamp)}: not an RFC 3339 date-time`, where);
  }
  return new K8sAuditEvent(value as JsonObject, ns, raw);
}

function collect(value: unknown, where: AuditLocation, item: number[], raw: string | undefined, out: ParsedAudit) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      item.push(i);
      collect(value[i], where, item, undefined, out);
      item.pop();
    }
    return;
  }
  const kind = isObject(value) ? value.kind : undefined;
  if (kind === 'Event') {
    try {
      out.events.push(parseAuditEvent(value, at(where, [...item]), raw));
    } catch (err) {
      out.errors.push(err as AuditParseError);
    }
    return;
  }
  const items = kind === 'EventList' ? (value as JsonObject).items : undefined;
  if (!Array.isArray(items)) {
    out.errors.push(new AuditParseError(NOT_AN_AUDIT_EVENT, at(where, [...item])));
    return;
  }
  for (let i = 0; i < items.length; i++) {
    item.push(i);
    try {
      out.events.push(parseAuditEvent(items[i], at(where, [...item])));
    } catch (err) {
      out.errors.push(err as AuditParseError);
    }
    item.pop();
  }
}

/**
 * Extracts the events of an already parsed audit document (Event, EventList or array of them).
 * @param raw the document's JSON text; kept as the event text when the document is one Event.
 */
export function parseAuditValue(value: unknown, where: AuditLocation = {}, raw?: string): ParsedAudit {
  const out: ParsedAudit = { events: [], errors: [] };
  collect(value, where, [], raw, out);
  return out;
}

/** Parses one JSON document of audit events; invalid JSON is reported as an error. */
export function parseAuditText(text: string, where: AuditLocation = {}): ParsedAudit {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { events: [], errors: [new AuditParseError(`invalid JSON: ${(err as Error).message}`, where)] };
  }
  return parseAuditValue(value, where, text);
}
