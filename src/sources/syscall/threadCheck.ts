// Parser for the `process` class (proc.*, thread.*). Ancestor fields take an optional level in
// brackets, proc.env/proc.aenv an optional variable name, thread.cgroup a subsystem after a dot.
// As in libsinsp, a malformed argument makes the field unknown rather than raising its own error.

import { type FieldClass, FieldError } from '../../fields/types.js';
import { syntaxError } from './fieldErrors.js';
import type { FieldCheck, FieldMatch } from './fieldMatch.js';
import { matchByPrefix, requireField } from './genericCheck.js';
import { parseInt32 } from './numberParsing.js';

/** Fields taking an optional numeric level, in the order libsinsp tests their prefixes. */
const LEVEL_FIELDS = [
  'proc.apid',
  'proc.aname',
  'proc.aexepath',
  'proc.aexe',
  'proc.acmdline',
  'proc.aargs',
  'proc.args',
];
/** Fields taking an optional variable name (or level, when all digits). */
const ENV_FIELDS = ['proc.env', 'proc.aenv'];

function matchLevel(fieldClass: FieldClass, name: string, text: string): FieldMatch {
  const field = requireField(fieldClass, name);
  const bare: FieldMatch = { field, fieldClass, consumed: text === name ? name.length : 0 };
  if (text[name.length] !== '[') return bare;
  const close = text.indexOf(']');
  if (close < 0) return bare;
  const index = parseInt32(text.slice(name.length + 1, close));
  if (index === undefined) return bare;
  return { field, fieldClass, consumed: close + 1, arg: { kind: 'index', index } };
}

function matchEnv(fieldClass: FieldClass, name: string, text: string): FieldMatch {
  const field = requireField(fieldClass, name);
  const bare: FieldMatch = { field, fieldClass, consumed: text === name ? name.length : 0 };
  if (text[name.length] !== '[') return bare;
  const close = text.indexOf(']', name.length);
  if (close < 0) return bare;
  const key = text.slice(name.length + 1, close);
  if (/^\d+$/.test(key)) {
    return { field, fieldClass, consumed: close + 1, arg: { kind: 'index', index: parseInt32(key) ?? 0 } };
  }
  return { field, fieldClass, consumed: close + 1, arg: { kind: 'key', key } };
}

function matchCgroup(fieldClass: FieldClass, text: string): FieldMatch {
  const name = 'thread.cgroup';
  const field = requireField(fieldClass, name);
  if (text[name.length] !== '.') throw syntaxError(text);
  let end = name.length + 1;
  while (end < text.length && /[A-Za-z_]/.test(text[end])) end++;
  return { field, fieldClass, consumed: end, arg: { kind: 'key', key: text.slice(name.length + 1, end) } };
}

export function threadCheck(fieldClass: FieldClass): FieldCheck {
  return (text, usage) => {
    // libsinsp reserves this prefix and refuses it outright.
    if (text.startsWith('arg')) throw new FieldError('filter error: proc.arg filter not implemented yet');
    for (const name of LEVEL_FIELDS) if (text.startsWith(name)) return matchLevel(fieldClass, name, text);
    for (const name of ENV_FIELDS) if (text.startsWith(name)) return matchEnv(fieldClass, name, text);
    if (text.startsWith('thread.cgroup') && !text.startsWith('thread.cgroups')) return matchCgroup(fieldClass, text);
    return matchByPrefix(fieldClass, text, usage);
  };
}
