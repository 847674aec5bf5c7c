// Parser for the `fd` class: plain names, except fd.types which takes an optional descriptor number.

import type { FieldClass } from '../../fields/types.js';
import { notANumber } from './fieldErrors.js';
import type { FieldCheck } from './fieldMatch.js';
import { matchByPrefix, requireField } from './genericCheck.js';
import { parseInt64 } from './numberParsing.js';

export function fdCheck(fieldClass: FieldClass): FieldCheck {
  const types = requireField(fieldClass, 'fd.types');
  return (text, usage) => {
    if (!text.startsWith(types.name)) return matchByPrefix(fieldClass, text, usage);
    if (text[types.name.length] !== '[') return { field: types, fieldClass, consumed: types.name.length };
    const close = text.indexOf(']');
    const digits = text.slice(types.name.length + 1, close < 0 ? text.length : close);
    const fd = parseInt64(digits);
    if (fd === undefined) throw notANumber(digits);
    return { field: types, fieldClass, consumed: close < 0 ? 0 : close + 1, arg: { kind: 'index', index: Number(fd) } };
  };
}
