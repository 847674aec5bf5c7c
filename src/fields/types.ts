// The vocabulary shared by every event source: what a field is, what it may take as an
// argument, and what an extracted value looks like.

/** Value types, named after libsinsp's PT_* parameter types (without the prefix). */
export type FieldType =
  | 'CHARBUF'
  | 'BYTEBUF'
  | 'FSPATH'
  | 'FSRELPATH'
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'UINT8'
  | 'UINT16'
  | 'UINT32'
  | 'UINT64'
  | 'DOUBLE'
  | 'BOOL'
  | 'RELTIME'
  | 'ABSTIME'
  | 'IPADDR'
  | 'IPNET'
  | 'PORT'
  | 'L4PROTO'
  | 'SOCKFAMILY'
  | 'MODE'
  | 'FLAGS32'
  | 'SYSCALLID'
  | 'ERRNO'
  | 'FD'
  | 'PID'
  | 'UID'
  | 'GID'
  | 'SIGTYPE'
  /** The type depends on the argument (libsinsp's PT_DYN, e.g. `evt.rawarg.NAME`). */
  | 'DYNAMIC';

/** How a field accepts an argument: `proc.aname[2]`, `ka.uri.param[x]`, `evt.arg.name`. */
export interface FieldArgSpec {
  /** The argument must be present. */
  required: boolean;
  /** A non-negative integer index is accepted (`proc.aname[2]`). */
  index: boolean;
  /** A free-form key is accepted (`ka.uri.param[x]`, `jevt.value[/a/b]`). */
  key: boolean;
  /** The argument may also follow a dot (`evt.arg.name`) instead of brackets. */
  dotted?: boolean;
}

export interface FieldDef {
  /** Full name, e.g. `proc.aname`. */
  name: string;
  type: FieldType;
  /** Human description, in Kestrel's own words. */
  desc: string;
  /** Absent: the field takes no argument. */
  arg?: FieldArgSpec;
  /** The field yields several values (e.g. `ka.req.pod.containers.image`). */
  isList?: boolean;
  /** Kept for compatibility; not shown in listings by default. */
  deprecated?: boolean;
  /** Only usable in outputs, not in conditions. */
  printOnly?: boolean;
  /** Only usable in conditions, not in outputs (libsinsp EPF_FILTER_ONLY). */
  filterOnly?: boolean;
  /** Cannot be compared with another field through `val()`, on either side (EPF_NO_RHS). */
  noRhs?: boolean;
  /** Transformers such as `tolower()` cannot be applied to it (EPF_NO_TRANSFORMER). */
  noTransformer?: boolean;
  /** Accepted in rules but never shown in field listings (libsinsp EPF_TABLE_ONLY). */
  hidden?: boolean;
  /**
   * Suggested for outputs (libsinsp EPF_FORMAT_SUGGESTED): `append_output` with
   * `suggested_output: true` appends ` name_with_underscores=%name` to matching rules' outputs.
   */
  suggestedOutput?: boolean;
}

/** A group of fields as `falco --list` shows them (`evt`, `proc`, `ka`, ...). */
export interface FieldClass {
  name: string;
  /** Event source these fields belong to (`syscall`, `k8s_audit`, ...). */
  source: string;
  /** Plugin the class comes from, for plugin-provided classes (`k8saudit`, `json`, `container`). */
  plugin?: string;
  /** Short qualifier shown after the class name in text listings (`evt (All event types)`). */
  shortDesc?: string;
  desc: string;
  fields: FieldDef[];
  /** Usable in rules but left out of field listings entirely. */
  hidden?: boolean;
}

/**
 * An extracted value. `undefined` means "not available" (`<NA>` in outputs, never matches a
 * comparison). List fields yield arrays. 64-bit integers may be bigint where exactness matters.
 */
export type FieldScalar = string | number | bigint | boolean | Uint8Array;
export type FieldValue = FieldScalar | FieldScalar[] | undefined;

/** Pulls one field's value out of an event. Built once per field use, called per event. */
export type Extractor<E> = (evt: E) => FieldValue;

/** A field reference as written: name plus optional argument. */
export interface FieldRef {
  name: string;
  arg?: string;
}

/** Raised when a field name or its argument is not acceptable; the message is Falco's. */
export class FieldError extends Error {}
