// What validating a field reference produces: the field, its class, the argument as libsinsp
// understands it, and how many characters of the text the field took.

import type { FieldClass, FieldDef } from '../../fields/types.js';

/** Whether a field is used in a condition or in an output format (libsinsp checks differ). */
export type FieldUsage = 'filter' | 'output';

export type ResolvedFieldArg =
  /** `proc.aname[2]`, `evt.arg[0]`, `fd.types[3]`, `container.mount[0]`. */
  | { readonly kind: 'index'; readonly index: number }
  /** `proc.env[HOME]`, `container.label[app]`, `thread.cgroup.cpuacct`, `evt.abspath.src`. */
  | { readonly kind: 'key'; readonly key: string }
  /** `evt.arg.fd`, `evt.rawarg.res`: an event parameter by name. */
  | { readonly kind: 'param'; readonly name: string; readonly paramType: string }
  /** `evt.type.is.open`: the event ids it tests for. */
  | { readonly kind: 'eventType'; readonly ids: readonly number[] }
  /** `evt.around[T]`: a timestamp in nanoseconds. */
  | { readonly kind: 'timestamp'; readonly ts: bigint };

export interface FieldMatch {
  readonly field: FieldDef;
  readonly fieldClass: FieldClass;
  /** Characters of the text taken by the field and its argument (0: claimed but unusable). */
  readonly consumed: number;
  readonly arg?: ResolvedFieldArg;
}

/**
 * One field class's parser, as libsinsp's parse_field_name: undefined when the class does not
 * recognise the text at all, a match (possibly shorter than the text) when it does; throws
 * FieldError for a recognised field with an unacceptable argument.
 */
export type FieldCheck = (text: string, usage: FieldUsage) => FieldMatch | undefined;
