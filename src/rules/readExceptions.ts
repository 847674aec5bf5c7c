// Reads a rule's `exceptions` key: names, fields, comps and values, each of which may be a
// single value or a (nested) list.

import type { LoadContext } from './context.js';
import { asString, type Decoder } from './decode.js';
import type { ExceptionEntry, ExceptionInfo } from './infos.js';
import { yamlValidateError } from './loadError.js';
import type { LoadResult } from './result.js';
import { scalarText, type YNode } from './yamlNodes.js';

/** Reads one fields/comps/values entry. `key` undefined reads `node` itself. */
function readEntry(
  dec: Decoder,
  node: YNode,
  key: string | undefined,
  ctx: LoadContext,
  optional: boolean,
): ExceptionEntry | undefined {
  const view = dec.view;
  const val = key === undefined ? node : view.get(node, key);
  if (val === undefined && optional) return undefined;
  if (val === undefined) throw yamlValidateError(`Item has no mapping for key '${key}'`, ctx);
  const valctx = ctx.child(key === undefined ? view.mark(val) : view.valueMark(node, key), 'value for', key ?? '');
  if (view.isScalar(val)) {
    const text = scalarText(val);
    if (text.length === 0) throw yamlValidateError('Value must be non-empty', valctx);
    return { isList: false, item: text };
  }
  if (view.isSeq(val)) {
    const items: ExceptionEntry[] = [];
    view.items(val).forEach((v, i) => {
      const lctx = valctx.child(view.itemMark(val, i), 'exception', '');
      items.push(readEntry(dec, v, undefined, lctx, false) ?? { isList: false, item: '' });
    });
    return { isList: true, items };
  }
  // Null or mapping values leave the entry empty (and so invalid), as Falco does.
  return { isList: false, item: '' };
}

/**
 * Reads `exceptions`. Returns undefined when the key is absent or null (both allowed).
 * `append` makes `fields` optional and warns about entries without values.
 */
export function readRuleExceptions(
  dec: Decoder,
  res: LoadResult,
  item: YNode,
  parent: LoadContext,
  append: boolean,
): ExceptionInfo[] | undefined {
  const view = dec.view;
  const exs = view.get(item, 'exceptions');
  if (exs === undefined || exs === null) return undefined;
  const exesCtx = parent.child(view.mark(exs), 'exceptions', '');
  if (!view.isSeq(exs)) throw yamlValidateError('Rule exceptions must be a sequence', exesCtx);

  const out: ExceptionInfo[] = [];
  view.items(exs).forEach((ex, i) => {
    const tmp = exesCtx.child(view.itemMark(exs, i), 'exception', '');
    if (!view.isMap(ex)) throw yamlValidateError('Rule exception must be a mapping', tmp);
    const name = dec.required(ex, 'name', asString, tmp);
    const exCtx = parent.child(view.mark(ex), 'exception', name);
    if (out.some((e) => e.name === name)) {
      res.addWarning(
        'LOAD_EXCEPTION_NAME_NOT_UNIQUE',
        `Multiple definitions of exception '${name}' in the same rule`,
        exCtx,
      );
    }
    const info: ExceptionInfo = { context: exCtx, name, values: [] };
    info.fields = readEntry(dec, ex, 'fields', exCtx, append);
    info.comps = readEntry(dec, ex, 'comps', exCtx, true);
    const exvals = view.get(ex, 'values');
    if (exvals !== undefined) {
      const valsCtx = exCtx.child(view.valueMark(ex, 'values'), 'exception values', '');
      if (!view.isSeq(exvals)) throw yamlValidateError('Rule exception values must be a sequence', valsCtx);
      view.items(exvals).forEach((v, j) => {
        const vctx = valsCtx.child(view.itemMark(exvals, j), 'exception value', '');
        info.values.push(readEntry(dec, v, undefined, vctx, false) ?? { isList: false, item: '' });
      });
    } else if (append) {
      res.addWarning('LOAD_APPEND_NO_VALUES', 'Overriding/appending exception with no values', exCtx);
    }
    out.push(info);
  });
  return out;
}
