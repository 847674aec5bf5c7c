// Parser for the syscall `evt.*` class. Most fields are plain names; evt.arg, evt.rawarg,
// evt.around, evt.abspath and evt.type.is take arguments with their own syntax, validated the way
// libsinsp's event filtercheck does.

import { EVENT_TABLE } from '../../events/eventTable.js';
import { type FieldClass, FieldError } from '../../fields/types.js';
import { longestParamPrefix } from './eventParams.js';
import { notANumber, syntaxError } from './fieldErrors.js';
import type { FieldCheck, FieldMatch } from './fieldMatch.js';
import { matchByPrefix, requireField } from './genericCheck.js';
import { parseInt32, parseUint32, parseUint64 } from './numberParsing.js';

/** Position just past `]`, or 0 when there is none (libsinsp's npos + 1 wraps to 0). */
function closingBracketEnd(text: string): { close: number; end: number } {
  const close = text.indexOf(']');
  return close < 0 ? { close: text.length, end: 0 } : { close, end: close + 1 };
}

/** `evt.arg[N]`, `evt.arg.NAME`, `evt.rawarg.NAME` (raw: brackets are refused). */
function matchEventArg(fieldClass: FieldClass, name: string, raw: boolean, text: string): FieldMatch {
  const field = requireField(fieldClass, name);
  const next = text[name.length];
  if (next === '[') {
    if (raw) throw new FieldError('evt.arg fields must be expressed explicitly');
    const { close, end } = closingBracketEnd(text);
    const digits = text.slice(name.length + 1, close);
    const index = parseInt32(digits);
    if (index === undefined) throw notANumber(digits);
    return { field, fieldClass, consumed: end, arg: { kind: 'index', index } };
  }
  if (next === '.') {
    const rest = text.slice(name.length + 1);
    const param = longestParamPrefix(rest);
    if (!param) throw new FieldError(`unknown event argument ${rest}`);
    return {
      field,
      fieldClass,
      consumed: name.length + 1 + param.name.length,
      arg: { kind: 'param', name: param.name, paramType: param.paramType },
    };
  }
  throw syntaxError(text);
}

function matchAround(fieldClass: FieldClass, text: string): FieldMatch {
  const name = 'evt.around';
  const field = requireField(fieldClass, name);
  const next = text[name.length];
  if (next === '[') {
    const { close, end } = closingBracketEnd(text);
    const digits = text.slice(name.length + 1, close);
    const ts = parseUint64(digits);
    if (ts === undefined) throw notANumber(digits);
    return { field, fieldClass, consumed: end, arg: { kind: 'timestamp', ts } };
  }
  if (next === '.') throw new FieldError('wrong syntax for evt.around');
  throw syntaxError(text);
}

function matchAbspath(fieldClass: FieldClass, text: string): FieldMatch {
  const field = requireField(fieldClass, 'evt.abspath');
  for (const key of ['src', 'dst']) {
    if (text.startsWith(`evt.abspath.${key}`)) {
      return { field, fieldClass, consumed: 'evt.abspath.'.length + key.length, arg: { kind: 'key', key } };
    }
  }
  return { field, fieldClass, consumed: 'evt.abspath'.length };
}

/** Ids of the first enter/exit pair carrying an event name, as libsinsp's evt.type.is resolves it. */
function firstEventPair(name: string): number[] | undefined {
  const first = EVENT_TABLE.find((e) => e.name === name);
  return first ? [first.id, first.id + 1] : undefined;
}

function matchTypeIs(fieldClass: FieldClass, text: string): FieldMatch {
  const name = 'evt.type.is';
  const field = requireField(fieldClass, name);
  if (text[name.length] !== '.') throw syntaxError(text);
  const type = text.slice(name.length + 1);
  const numeric = parseUint32(type);
  const ids = numeric !== undefined ? [numeric] : firstEventPair(type);
  if (!ids) return { field, fieldClass, consumed: 0 };
  return { field, fieldClass, consumed: name.length + 1 + type.length, arg: { kind: 'eventType', ids } };
}

export function eventCheck(fieldClass: FieldClass): FieldCheck {
  return (text, usage) => {
    if (text.startsWith('evt.arg') && !text.startsWith('evt.args')) {
      return matchEventArg(fieldClass, 'evt.arg', false, text);
    }
    if (text.startsWith('evt.rawarg')) return matchEventArg(fieldClass, 'evt.rawarg', true, text);
    if (text.startsWith('evt.around')) return matchAround(fieldClass, text);
    if (text.startsWith('evt.abspath')) return matchAbspath(fieldClass, text);
    if (text.startsWith('evt.type.is')) return matchTypeIs(fieldClass, text);
    return matchByPrefix(fieldClass, text, usage);
  };
}
