// Reads `list` and `macro` items (definitions, deprecated `append: true`, `override`).

import type { Collector } from './collector.js';
import type { LoadContext } from './context.js';
import { asBool, asString, type Decoder } from './decode.js';
import { yamlValidateError } from './loadError.js';
import {
  BARESTR_NAME,
  ERROR_OVERRIDE_APPEND,
  IDENTIFIER_NAME,
  WARNING_APPEND,
  WARNING_INVALID_LIST_NAME,
  WARNING_INVALID_MACRO_NAME,
} from './messages.js';
import { readOverrides } from './readOverrides.js';
import type { LoadResult } from './result.js';
import { warnUnknownKeys } from './unknownKeys.js';
import type { YNode } from './yamlNodes.js';

const LIST_OVERRIDABLE: ReadonlySet<string> = new Set(['items']);
const MACRO_OVERRIDABLE: ReadonlySet<string> = new Set(['condition']);

export function readList(dec: Decoder, res: LoadResult, collector: Collector, item: YNode, parent: LoadContext): void {
  const mark = dec.view.mark(item);
  const name = dec.required(item, 'list', asString, parent.child(mark, 'list', ''));
  const ctx = parent.child(mark, 'list', name);
  if (!BARESTR_NAME.test(name)) res.addWarning('LOAD_INVALID_LIST_NAME', WARNING_INVALID_LIST_NAME, ctx);
  warnUnknownKeys(dec.view, res, item, 'list', ctx);

  const items = dec.sequence(item, 'items', ctx, false) ?? [];
  let append = dec.optional(item, 'append', asBool, ctx) ?? false;
  if (append) res.addWarning('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);
  const overrides = readOverrides(dec.view, item, LIST_OVERRIDABLE, LIST_OVERRIDABLE, ctx);
  if (append && (overrides.append.size > 0 || overrides.replace.size > 0)) {
    throw yamlValidateError(ERROR_OVERRIDE_APPEND, ctx);
  }
  append ||= overrides.append.has('items');
  const info = { context: ctx, index: 0, visibility: 0, name, items };
  if (append) collector.appendList(info);
  else collector.defineList(info);
}

export function readMacro(dec: Decoder, res: LoadResult, collector: Collector, item: YNode, parent: LoadContext): void {
  const view = dec.view;
  const mark = view.mark(item);
  const name = dec.required(item, 'macro', asString, parent.child(mark, 'macro', ''));
  const ctx = parent.child(mark, 'macro', name);
  if (!IDENTIFIER_NAME.test(name)) res.addWarning('LOAD_INVALID_MACRO_NAME', WARNING_INVALID_MACRO_NAME, ctx);
  warnUnknownKeys(view, res, item, 'macro', ctx);

  const condition = dec.required(item, 'condition', asString, ctx);
  const conditionContext = ctx.child(view.valueMark(item, 'condition'), 'macro condition', '');
  let append = dec.optional(item, 'append', asBool, ctx) ?? false;
  if (append) res.addWarning('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);
  const overrides = readOverrides(view, item, MACRO_OVERRIDABLE, MACRO_OVERRIDABLE, ctx);
  if (append && (overrides.append.size > 0 || overrides.replace.size > 0)) {
    throw yamlValidateError(ERROR_OVERRIDE_APPEND, ctx);
  }
  append ||= overrides.append.has('condition');
  const info = { context: ctx, conditionContext, index: 0, visibility: 0, name, condition };
  if (append) collector.appendMacro(info);
  else collector.defineMacro(info);
}
