// Reads an item's `override` key: which keys are appended to and which replaced.

import { LoadContext } from './context.js';
import { RuleLoadError, yamlValidateError } from './loadError.js';
import { scalarText, type YamlView, type YNode } from './yamlNodes.js';

export interface Overrides {
  append: Set<string>;
  replace: Set<string>;
}

export function readOverrides(
  view: YamlView,
  item: YNode,
  appendable: ReadonlySet<string>,
  replaceable: ReadonlySet<string>,
  ctx: LoadContext,
): Overrides {
  const out: Overrides = { append: new Set(), replace: new Set() };
  const val = view.get(item, 'override');
  if (val === undefined || !view.isMap(val)) return out;
  const overrideCtx = ctx.child(view.mark(item), 'overrides', '');
  for (const { key, keyNode, value } of view.keys(val)) {
    if (!view.isScalar(value)) {
      // yaml-cpp fails to convert a non-scalar to a string; Falco reports the raw exception.
      const at = view.mark(value ?? keyNode);
      throw new RuleLoadError(
        'LOAD_ERR_VALIDATE',
        `yaml-cpp: error at line ${at.line + 1}, column ${at.column + 1}: bad conversion`,
        LoadContext.forContent(ctx.name),
      );
    }
    const operation = scalarText(value);
    const canAppend = appendable.has(key);
    const canReplace = replaceable.has(key);
    if (operation === 'append') {
      const keyCtx = overrideCtx.child(view.mark(keyNode), 'overrides', key);
      if (!canAppend) throw yamlValidateError(`Key '${key}' cannot be appended to, use 'replace' instead`, keyCtx);
      out.append.add(key);
    } else if (operation === 'replace') {
      const keyCtx = overrideCtx.child(view.mark(keyNode), 'overrides', key);
      if (!canReplace) throw yamlValidateError(`Key '${key}' cannot be replaced`, keyCtx);
      out.replace.add(key);
    } else {
      const opCtx = overrideCtx.child(view.mark(value), 'value for', key);
      let allowed = '';
      if (canAppend) allowed += 'append ';
      if (canReplace) allowed += 'replace ';
      throw yamlValidateError(
        `Invalid override operation for key '${key}': '${operation}'. Allowed values are: ${allowed}`,
        opCtx,
      );
    }
  }
  return out;
}
