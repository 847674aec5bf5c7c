// Gathers list/macro/rule definitions across files in order, applying appends, overrides and
// redefinitions with Falco's semantics (a redefinition keeps the item's original position).

import type { EventSource } from '../events/source.js';
import type { LoadContext } from './context.js';
import { isDefinedField } from './fieldCheck.js';
import {
  type EngineVersionInfo,
  type ExceptionInfo,
  entryIsValid,
  type ListInfo,
  type MacroInfo,
  mergeTags,
  type PluginRequirement,
  type PluginVersionInfo,
  type RuleInfo,
  type RuleUpdateInfo,
  updateHasAnyValue,
} from './infos.js';
import { validateError } from './loadError.js';
import {
  ERROR_NO_PREVIOUS_LIST,
  ERROR_NO_PREVIOUS_MACRO,
  ERROR_NO_PREVIOUS_RULE_APPEND,
  ERROR_NO_PREVIOUS_RULE_REPLACE,
} from './messages.js';
import type { LoadResult } from './result.js';
import { compareVersions, ENGINE_VERSION, isCompatible, parseVersion, type SemVer, versionString } from './version.js';

/** Comparison operators the condition language knows (libsinsp's supported_operators()). */
export const SUPPORTED_OPERATORS: readonly string[] = [
  'exists',
  '<=',
  '<',
  '>=',
  '>',
  '==',
  '=',
  '!=',
  'glob',
  'iglob',
  'contains',
  'icontains',
  'bcontains',
  'startswith',
  'bstartswith',
  'endswith',
  'regex',
  'intersects',
  'in',
  'pmatch',
];

/** Operators that take a list on the right-hand side. */
export const LIST_OPERATORS: readonly string[] = ['intersects', 'in', 'pmatch'];

export interface CollectorEnv {
  sources: ReadonlyMap<string, EventSource>;
  result: LoadResult;
}

export class Collector {
  private curIndex = 0;
  readonly lists = new Map<string, ListInfo>();
  readonly macros = new Map<string, MacroInfo>();
  readonly rules = new Map<string, RuleInfo>();
  readonly requiredPluginVersions: PluginRequirement[][] = [];
  requiredEngineVersion: SemVer = { major: 0, minor: 0, patch: 0, valid: true };

  defineEngineVersion(info: EngineVersionInfo): void {
    if (!isCompatible(ENGINE_VERSION, info.version)) {
      throw validateError(
        `Rules require engine version ${versionString(info.version)}, but engine version is ${versionString(ENGINE_VERSION)}`,
        info.context,
      );
    }
    if (compareVersions(this.requiredEngineVersion, info.version) < 0) this.requiredEngineVersion = info.version;
  }

  definePluginVersion(info: PluginVersionInfo): void {
    const names = new Set<string>();
    for (const req of info.alternatives) {
      if (!parseVersion(req.version).valid) {
        throw validateError(`Invalid required version '${req.version}' for plugin '${req.name}'`, info.context);
      }
      if (names.has(req.name)) {
        throw validateError(`Defined multiple alternative version requirements for plugin '${req.name}'`, info.context);
      }
      names.add(req.name);
    }
    this.requiredPluginVersions.push(info.alternatives);
  }

  defineList(info: ListInfo): void {
    this.define(this.lists, info);
  }

  appendList(info: ListInfo): void {
    const prev = this.lists.get(info.name);
    if (!prev) throw validateError(ERROR_NO_PREVIOUS_LIST, info.context);
    prev.items.push(...info.items);
    prev.visibility = this.curIndex++;
  }

  defineMacro(info: MacroInfo): void {
    this.define(this.macros, info);
  }

  appendMacro(info: MacroInfo): void {
    const prev = this.macros.get(info.name);
    if (!prev) throw validateError(ERROR_NO_PREVIOUS_MACRO, info.context);
    prev.condition += ` ${info.condition}`;
    prev.visibility = this.curIndex++;
  }

  defineRule(env: CollectorEnv, info: RuleInfo): void {
    const prev = this.rules.get(info.name);
    if (prev && prev.source !== info.source) {
      throw validateError('Rule has been re-defined with a different source', info.context);
    }
    const source = env.sources.get(info.source);
    if (!source) {
      info.unknownSource = true;
      env.result.addWarning('LOAD_UNKNOWN_SOURCE', `Unknown source ${info.source}, skipping`, info.context);
    }
    for (const ex of info.exceptions) {
      if (!entryIsValid(ex.fields)) {
        throw validateError('Rule exception item must have fields property with a list of fields', ex.context);
      }
      validateException(source, ex);
    }
    this.define(this.rules, info);
  }

  appendRule(env: CollectorEnv, info: RuleUpdateInfo): void {
    const prev = this.rules.get(info.name);
    if (!prev) throw validateError(ERROR_NO_PREVIOUS_RULE_APPEND, info.context);
    if (!updateHasAnyValue(info)) {
      throw validateError('Appended rule must have exceptions or condition property', info.context);
    }
    const source = this.sourceOf(env, prev, info.context);
    if (info.condition) prev.condition += ` ${info.condition}`;
    if (info.output) prev.output += ` ${info.output}`;
    if (info.desc) prev.desc += ` ${info.desc}`;
    if (info.tags) prev.tags = mergeTags(prev.tags, info.tags);
    for (const ex of info.exceptions ?? []) {
      const prevEx = prev.exceptions.find((e) => e.name === ex.name);
      if (!prevEx) {
        if (!entryIsValid(ex.fields)) {
          throw validateError('Rule exception must have fields property with a list of fields', ex.context);
        }
        if (ex.values.length === 0) {
          throw validateError('Rule exception must have values property with a list of values', ex.context);
        }
        validateException(source, ex);
        prev.exceptions.push(ex);
      } else {
        if (entryIsValid(ex.fields)) {
          throw validateError('Can not append exception fields to existing exception, only values', ex.context);
        }
        if (entryIsValid(ex.comps)) {
          throw validateError('Can not append exception comps to existing exception, only values', ex.context);
        }
        prevEx.values.push(...ex.values);
      }
    }
    prev.visibility = this.curIndex++;
  }

  replaceRule(env: CollectorEnv, info: RuleUpdateInfo): void {
    const prev = this.rules.get(info.name);
    if (!prev) throw validateError(ERROR_NO_PREVIOUS_RULE_REPLACE, info.context);
    if (!updateHasAnyValue(info)) {
      throw validateError('The rule must have at least one field that can be replaced', info.context);
    }
    this.sourceOf(env, prev, info.context);
    if (info.condition !== undefined) prev.condition = info.condition;
    if (info.output !== undefined) prev.output = info.output;
    if (info.desc !== undefined) prev.desc = info.desc;
    if (info.tags !== undefined) prev.tags = info.tags;
    if (info.exceptions !== undefined) prev.exceptions = info.exceptions;
    if (info.priority !== undefined) prev.priority = info.priority;
    if (info.capture !== undefined) prev.capture = info.capture;
    if (info.captureDuration !== undefined) prev.captureDuration = info.captureDuration;
    if (info.enabled !== undefined) prev.enabled = info.enabled;
    if (info.warnEvttypes !== undefined) prev.warnEvttypes = info.warnEvttypes;
    if (info.skipIfUnknownFilter !== undefined) prev.skipIfUnknownFilter = info.skipIfUnknownFilter;
    prev.visibility = this.curIndex++;
  }

  /** The deprecated enabled-only item: toggles an existing rule. */
  enableRule(name: string, enabled: boolean, context: LoadContext): void {
    const prev = this.rules.get(name);
    if (!prev) throw validateError("Rule has 'enabled' key but no rule by that name already exists", context);
    prev.enabled = enabled;
  }

  private sourceOf(env: CollectorEnv, prev: RuleInfo, ctx: LoadContext): EventSource | undefined {
    if (prev.unknownSource) return undefined;
    const source = env.sources.get(prev.source);
    if (!source) throw validateError(`Unknown source ${prev.source}`, ctx);
    return source;
  }

  private define<T extends { name: string; index: number; visibility: number }>(infos: Map<string, T>, info: T): void {
    const id = this.curIndex++;
    const prev = infos.get(info.name);
    if (prev) {
      info.index = prev.index;
      info.visibility = id;
    } else {
      info.index = id;
      info.visibility = id;
    }
    // Map.set on an existing key keeps its insertion position, as Falco's indexed vector does.
    infos.set(info.name, info);
  }
}

/** Fills in default comparison operators and checks fields/comps, as Falco's collector does. */
export function validateException(source: EventSource | undefined, ex: ExceptionInfo): void {
  const fields = ex.fields;
  if (!fields) return;
  if (fields.isList) {
    if (!entryIsValid(ex.comps)) {
      ex.comps = { isList: true, items: fields.items.map(() => ({ isList: false as const, item: '=' })) };
    }
    const comps = ex.comps!;
    const compItems = comps.isList ? comps.items : [];
    if (fields.items.length !== compItems.length) {
      throw validateError('Fields and comps lists must have equal length', ex.context);
    }
    for (const c of compItems) {
      const op = c.isList ? '' : c.item;
      if (!SUPPORTED_OPERATORS.includes(op)) {
        throw validateError(`'${op}' is not a supported comparison operator`, ex.context);
      }
    }
    if (source) {
      for (const f of fields.items) {
        const name = f.isList ? '' : f.item;
        if (!isDefinedField(source, name)) {
          throw validateError(`'${name}' is not a supported filter field`, ex.context);
        }
      }
    }
  } else {
    if (!entryIsValid(ex.comps)) ex.comps = { isList: false, item: 'in' };
    const comps = ex.comps!;
    if (comps.isList) throw validateError('Fields and comps must both be strings', ex.context);
    if (!LIST_OPERATORS.includes(comps.item)) {
      throw validateError('When fields is a single value, comps must be one of (in, pmatch, intersects)', ex.context);
    }
    if (source && !isDefinedField(source, fields.item)) {
      throw validateError(`'${fields.item}' is not a supported filter field`, ex.context);
    }
  }
}
