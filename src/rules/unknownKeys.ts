// Falco 0.44 flags keys that a list, macro or rule item does not use (typos, keys put on the
// wrong item type); they are ignored otherwise.

import type { LoadContext } from './context.js';
import type { LoadResult } from './result.js';
import type { YamlView, YNode } from './yamlNodes.js';

const KNOWN_KEYS: Readonly<Record<'list' | 'macro' | 'rule', ReadonlySet<string>>> = {
  list: new Set(['list', 'items', 'append', 'override']),
  macro: new Set(['macro', 'condition', 'append', 'override']),
  rule: new Set([
    'rule',
    'desc',
    'condition',
    'output',
    'priority',
    'source',
    'enabled',
    'tags',
    'exceptions',
    'warn_evttypes',
    'skip-if-unknown-filter',
    'capture',
    'capture_duration',
    'capture_events',
    'capture_filesize',
    'append',
    'override',
  ]),
};

export function warnUnknownKeys(
  view: YamlView,
  res: LoadResult,
  item: YNode,
  kind: 'list' | 'macro' | 'rule',
  ctx: LoadContext,
): void {
  const known = KNOWN_KEYS[kind];
  for (const { key, keyNode } of view.keys(item)) {
    if (known.has(key)) continue;
    res.addWarning(
      'LOAD_UNKNOWN_KEY',
      `Unknown key '${key}' in ${kind} definition`,
      ctx.child(view.mark(keyNode), 'value for', key),
    );
  }
}
