import type { ConditionNode } from '../condition/ast.js';
import type { Priority } from './priority.js';

/** A position inside a rules file, as Falco reports it (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/**
 * One value in an alert's output fields, typed as Falco's JSON output shows it: numbers for numeric
 * fields (bigint where 64 bits matter, e.g. timestamps), strings, booleans, null when missing, and
 * arrays for list fields.
 */
export type OutputFieldScalar = string | number | bigint | boolean | null;
export type OutputFieldValue = OutputFieldScalar | OutputFieldScalar[];

/** The rendered output of a rule for one event. */
export interface RenderedOutput {
  /** The output text, `%field` tokens substituted (`<NA>` for missing values). */
  text: string;
  /** Each field used by the output, keyed by its name as written (`proc.aname[2]`). */
  fields: Record<string, OutputFieldValue>;
}

/**
 * A field `append_output`'s `extra_fields` adds to a rule's JSON output fields: `key` is the name
 * it appears under, `value` renders it for one event.
 */
export interface ExtraOutputField<E = unknown> {
  readonly key: string;
  value(evt: E): OutputFieldValue;
}

/** A compiled output format string. */
export interface OutputFormat<E = unknown> {
  readonly format: string;
  render(evt: E): RenderedOutput;
}

/** A rule as the loader hands it to the engine: fully expanded and compiled. */
export interface CompiledRule<E = unknown> {
  name: string;
  desc: string;
  source: string;
  priority: Priority;
  tags: string[];
  enabled: boolean;
  /** The condition as written in the file (after append/override), before expansion. */
  condition: string;
  /** The condition with macros, lists and exceptions expanded. */
  ast: ConditionNode;
  /** Event type names this rule can match; null when it can match every type. */
  evttypes: ReadonlySet<string> | null;
  matches: (evt: E) => boolean;
  output: OutputFormat<E>;
  capture: boolean;
  captureDuration?: number;
  location: SourceLocation;
  /** Fields `append_output` adds to this rule's JSON output fields (see src/outputs/appendOutput.ts). */
  extraFields?: readonly ExtraOutputField<E>[];
}

/** One alert, before formatting for a channel. */
export interface Alert {
  /** Nanoseconds since the epoch of the event that triggered it. */
  time: bigint;
  rule: string;
  priority: Priority;
  source: string;
  output: string;
  outputFields: Record<string, OutputFieldValue>;
  tags: string[];
  hostname: string;
}
