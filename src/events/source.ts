import type { Extractor, FieldClass, FieldDef, FieldRef } from '../fields/types.js';

/**
 * What the rules engine needs from an event source: the fields it offers, how to bind a field
 * reference to an extractor, and how to tell an event's type (for rule indexing).
 */
export interface EventSource<E = unknown> {
  /** Source name as rules spell it: `syscall`, `k8s_audit`. */
  readonly name: string;
  /** Field classes this source offers (its own and those of built-in plugins). */
  readonly fieldClasses: readonly FieldClass[];
  /** Looks up a field by its full name; undefined when unknown to this source. */
  findField(name: string): FieldDef | undefined;
  /**
   * Validates a field reference and returns its extractor. Throws FieldError with a
   * Falco-compatible message when the name or argument is invalid.
   */
  bindField(ref: FieldRef): Extractor<E>;
  /**
   * Optional: checks a literal that a condition compares this field with, throwing FieldError
   * with Falco's message when the field refuses it (libsinsp rejects an unknown `evt.type`
   * name with "unknown event type X"). Called once per literal at compile time.
   */
  checkValue?(ref: FieldRef, value: string): void;
  /** The numeric event type of an event, used to index rules by `evt.type`. */
  eventTypeOf(evt: E): number;
  /** Timestamp in nanoseconds since the epoch. */
  timestampOf(evt: E): bigint;
}
