// The official k8s_audit_rules.yaml loaded the way `kestrel run` loads it: the rules loader
// with Kestrel's sources and built-in plugins, every load problem refused.

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { CompiledRule } from '../src/engine/types.js';
import type { EventSource } from '../src/events/source.js';
import { BUILTIN_PLUGINS, K8sAuditSource } from '../src/sources/k8saudit/index.js';
import type { K8sAuditEvent } from '../src/sources/k8saudit/index.js';
import { loadRules, renderValidationText } from '../src/rules/index.js';
import { k8sAuditRulesPath } from './corpus.js';

export interface OfficialK8sAuditRules {
  source: K8sAuditSource;
  rules: CompiledRule<K8sAuditEvent>[];
}

export function loadOfficialK8sAuditRules(): OfficialK8sAuditRules {
  const source = new K8sAuditSource();
  const path = k8sAuditRulesPath();
  const out = loadRules([path], {
    sources: new Map([[source.name, source as EventSource]]),
    builtinPlugins: BUILTIN_PLUGINS,
  });
  if (!out.ok) {
    const why = out.pluginRequirementError ?? renderValidationText(out.results, out.contents);
    throw new Error(`cannot load ${path}: ${why}`);
  }
  return { source, rules: out.rules as CompiledRule<K8sAuditEvent>[] };
}

/** The compiled rule named `name`; throws when the official file has no such rule. */
export function officialRule(rules: OfficialK8sAuditRules, name: string): CompiledRule<K8sAuditEvent> {
  const rule = rules.rules.find((r) => r.name === name);
  if (rule === undefined) throw new Error(`rule "${name}" is not in ${k8sAuditRulesPath()}`);
  return rule;
}

/**
 * The items of the official list `name`, for hand-written baselines that must test the same
 * values as the rules (read from the file, never copied).
 */
export function officialListItems(name: string): string[] {
  const path = k8sAuditRulesPath();
  const doc: unknown = parseYaml(readFileSync(path, 'utf8'));
  const items: string[] = [];
  let found = false;
  for (const entry of Array.isArray(doc) ? doc : []) {
    if (entry === null || typeof entry !== 'object' || (entry as { list?: unknown }).list !== name) continue;
    found = true;
    for (const item of (entry as { items?: unknown[] }).items ?? []) items.push(String(item));
  }
  if (!found) throw new Error(`list "${name}" is not in ${path}`);
  return items;
}
