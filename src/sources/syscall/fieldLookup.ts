// Field lookup across the classes of the syscall source, in libsinsp's order: the first class that
// recognises the text decides, and in conditions it must account for the whole text.

import { EVT_SYSCALL_CLASS } from '../../fields/syscall/evt.js';
import type { FieldClass } from '../../fields/types.js';
import { eventCheck } from './eventCheck.js';
import { fdCheck } from './fdCheck.js';
import { UnknownFieldError } from './fieldErrors.js';
import type { FieldCheck, FieldMatch, FieldUsage } from './fieldMatch.js';
import { genericCheck } from './genericCheck.js';
import { pluginCheck } from './pluginCheck.js';
import { threadCheck } from './threadCheck.js';

function checkFor(fieldClass: FieldClass): FieldCheck {
  if (fieldClass.plugin) return pluginCheck(fieldClass);
  if (fieldClass.name === 'process') return threadCheck(fieldClass);
  if (fieldClass.name === 'fd') return fdCheck(fieldClass);
  if (fieldClass.name === 'evt' && fieldClass.shortDesc === EVT_SYSCALL_CLASS.shortDesc) return eventCheck(fieldClass);
  return genericCheck(fieldClass);
}

export class FieldLookup {
  private readonly checks: readonly FieldCheck[];

  constructor(classes: readonly FieldClass[]) {
    this.checks = classes.map(checkFor);
  }

  /**
   * The field at the start of `text`, as the output formatter finds it: the first class that
   * recognises the text, however much of it the field takes. Undefined when no class does.
   */
  matchPrefix(text: string, usage: FieldUsage): FieldMatch | undefined {
    for (const check of this.checks) {
      const match = check(text, usage);
      if (match) return match;
    }
    return undefined;
  }

  /** The field `text` names as a whole; throws UnknownFieldError or FieldError otherwise. */
  matchExact(text: string, usage: FieldUsage): FieldMatch {
    const match = this.matchPrefix(text, usage);
    if (!match || match.consumed !== text.length) throw new UnknownFieldError(text);
    return match;
  }
}
