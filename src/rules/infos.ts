// What the reader collects from rules files, before compilation.

import type { Priority } from '../engine/priority.js';
import type { LoadContext } from './context.js';
import type { SemVer } from './version.js';

/** A scalar or a (possibly nested) list: exception fields, comps and values may be either. */
export type ExceptionEntry = { isList: false; item: string } | { isList: true; items: ExceptionEntry[] };

export function entryIsValid(e: ExceptionEntry | undefined): boolean {
  if (!e) return false;
  return e.isList ? e.items.length > 0 : e.item.length > 0;
}

export interface ExceptionInfo {
  context: LoadContext;
  name: string;
  fields?: ExceptionEntry;
  comps?: ExceptionEntry;
  values: ExceptionEntry[];
}

export interface EngineVersionInfo {
  context: LoadContext;
  version: SemVer;
}

export interface PluginRequirement {
  name: string;
  version: string;
}

export interface PluginVersionInfo {
  context: LoadContext;
  /** The first entry is the plugin named by the item, the rest its alternatives. */
  alternatives: PluginRequirement[];
}

export interface ListInfo {
  context: LoadContext;
  /** Position of the first definition: redefinitions keep it. */
  index: number;
  /** Position of the latest definition or append: what the list can see. */
  visibility: number;
  name: string;
  items: string[];
}

export interface MacroInfo {
  context: LoadContext;
  conditionContext: LoadContext;
  index: number;
  visibility: number;
  name: string;
  condition: string;
}

export interface RuleInfo {
  context: LoadContext;
  conditionContext: LoadContext;
  outputContext: LoadContext;
  index: number;
  visibility: number;
  unknownSource: boolean;
  name: string;
  condition: string;
  source: string;
  desc: string;
  output: string;
  /** Kept sorted and unique, as Falco keeps tags in a set. */
  tags: string[];
  exceptions: ExceptionInfo[];
  priority: Priority;
  capture: boolean;
  captureDuration: number;
  enabled: boolean;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
}

/** An append or replace request on an existing rule: only the keys given are set. */
export interface RuleUpdateInfo {
  context: LoadContext;
  conditionContext: LoadContext;
  name: string;
  condition?: string;
  output?: string;
  desc?: string;
  tags?: string[];
  exceptions?: ExceptionInfo[];
  priority?: Priority;
  capture?: boolean;
  captureDuration?: number;
  enabled?: boolean;
  warnEvttypes?: boolean;
  skipIfUnknownFilter?: boolean;
}

export function updateHasAnyValue(u: RuleUpdateInfo): boolean {
  return (
    u.condition !== undefined ||
    u.output !== undefined ||
    u.desc !== undefined ||
    u.tags !== undefined ||
    u.exceptions !== undefined ||
    u.priority !== undefined ||
    u.capture !== undefined ||
    u.captureDuration !== undefined ||
    u.enabled !== undefined ||
    u.warnEvttypes !== undefined ||
    u.skipIfUnknownFilter !== undefined
  );
}

/** Adds tags to a sorted unique tag list, as inserting into Falco's std::set does. */
export function mergeTags(into: string[], add: Iterable<string>): string[] {
  const set = new Set(into);
  for (const t of add) set.add(t);
  return sortBytes([...set]);
}

/** Sorts strings by code unit, like std::set<std::string> orders them (for ASCII: by bytes). */
export function sortBytes(values: string[]): string[] {
  return values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
