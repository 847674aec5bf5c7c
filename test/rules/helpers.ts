// Shared setup for the rules-loader tests: the real event sources and built-in plugins, paths
// into the shared corpus, and small matchers over load results.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventSource } from '../../src/events/source.js';
import {
  type LoadResult,
  type LoadRulesOptions,
  type LoadRulesOutput,
  loadRulesContents,
} from '../../src/rules/index.js';
import { K8sAuditSource } from '../../src/sources/k8saudit/k8sAuditSource.js';
import { BUILTIN_PLUGINS } from '../../src/sources/k8saudit/plugins.js';
import { SyscallSource } from '../../src/sources/syscall/syscallSource.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (tests run from dist/test/rules). */
const repoRoot = resolve(here, '..', '..', '..');
export const SHARED = resolve(repoRoot, '..', 'shared');
export const LEGACY = join(SHARED, 'corpus', 'legacy');
export const OFFICIAL_RULES = join(SHARED, 'corpus', 'falco-rules');

let cachedSources: Map<string, EventSource> | undefined;

export function sources(): Map<string, EventSource> {
  cachedSources ??= new Map<string, EventSource>([
    ['syscall', new SyscallSource() as EventSource],
    ['k8s_audit', new K8sAuditSource() as EventSource],
  ]);
  return cachedSources;
}

export function options(): LoadRulesOptions {
  return { sources: sources(), builtinPlugins: BUILTIN_PLUGINS };
}

/** Loads in-memory rules named `rules.yaml` (or the names given). */
export function loadText(text: string, name = 'rules.yaml'): LoadRulesOutput {
  return loadRulesContents([{ name, text }], options());
}

export interface Expectation {
  code: string;
  item_type?: string;
  item_name?: string;
  message?: string;
  message_contains?: string;
}

type Entry = LoadResult['errors'][number] | LoadResult['warnings'][number];

export function matches(e: Entry, x: Expectation): boolean {
  if (e.code !== x.code) return false;
  const locs = e.context.locations;
  if (x.item_type && !locs.some((l) => l.itemType.toLowerCase() === x.item_type!.toLowerCase())) return false;
  if (x.item_name && !locs.some((l) => l.itemName === x.item_name)) return false;
  if (x.message !== undefined && e.message !== x.message) return false;
  if (x.message_contains !== undefined && !e.message.includes(x.message_contains)) return false;
  return true;
}

export function describeEntries(entries: readonly Entry[]): string {
  return entries
    .map((e) => `${e.code} [${e.context.locations.map((l) => `${l.itemType}:${l.itemName}`).join(' > ')}] ${e.message}`)
    .join('\n');
}
