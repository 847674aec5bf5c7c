// Reads `rule` items: full definitions, the deprecated `append: true` and enabled-only forms,
// and `override` append/replace requests.

import { type Priority, parsePriority } from '../engine/priority.js';
import type { Collector, CollectorEnv } from './collector.js';
import type { LoadContext } from './context.js';
import { asBool, asString, asUint32, type Converter, type Decoder } from './decode.js';
import { mergeTags, type RuleInfo, type RuleUpdateInfo } from './infos.js';
import { yamlValidateError } from './loadError.js';
import { ERROR_OVERRIDE_APPEND, WARNING_APPEND, WARNING_ENABLED } from './messages.js';
import { readRuleExceptions } from './readExceptions.js';
import { readOverrides } from './readOverrides.js';
import { warnUnknownKeys } from './unknownKeys.js';
import type { YNode } from './yamlNodes.js';

const APPENDABLE: ReadonlySet<string> = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
const REPLACEABLE: ReadonlySet<string> = new Set([
  'condition',
  'output',
  'desc',
  'priority',
  'tags',
  'exceptions',
  'enabled',
  'warn_evttypes',
  'skip-if-unknown-filter',
  'capture',
  'capture_duration',
]);

/** Falco trims these from outputs. */
const trim = (s: string): string => s.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '');

export function readRule(
  dec: Decoder,
  env: CollectorEnv,
  collector: Collector,
  item: YNode,
  parent: LoadContext,
): void {
  const view = dec.view;
  const res = env.result;
  const mark = view.mark(item);
  const name = dec.required(item, 'rule', asString, parent.child(mark, 'rule', ''));
  const ctx = parent.child(mark, 'rule', name);
  warnUnknownKeys(view, res, item, 'rule', ctx);

  const hasAppendFlag = dec.optional(item, 'append', asBool, ctx) ?? false;
  if (hasAppendFlag) res.addWarning('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);

  const overrides = readOverrides(view, item, APPENDABLE, REPLACEABLE, ctx);
  const hasOverrides = overrides.append.size > 0 || overrides.replace.size > 0;
  if (hasAppendFlag && hasOverrides) throw yamlValidateError(ERROR_OVERRIDE_APPEND, ctx);

  if (hasOverrides) {
    readOverrideRequests(dec, env, collector, item, name, ctx, overrides.append, overrides.replace);
  } else if (hasAppendFlag) {
    const update: RuleUpdateInfo = { context: ctx, conditionContext: ctx, name };
    if (view.get(item, 'condition') !== undefined) {
      update.conditionContext = ctx.child(view.valueMark(item, 'condition'), 'rule condition', '');
      update.condition = dec.required(item, 'condition', asString, ctx);
    }
    if (view.get(item, 'exceptions') !== undefined) {
      update.exceptions = readRuleExceptions(dec, res, item, ctx, true) ?? [];
    }
    collector.appendRule(env, update);
  } else if (['condition', 'output', 'desc', 'priority'].every((k) => view.get(item, k) === undefined)) {
    // An item with none of the defining keys only toggles an earlier rule.
    const enabled = dec.required(item, 'enabled', asBool, ctx);
    res.addWarning('LOAD_DEPRECATED_ITEM', WARNING_ENABLED, ctx);
    collector.enableRule(name, enabled, ctx);
  } else {
    collector.defineRule(env, readDefinition(dec, env, item, name, ctx));
  }
}

function readDefinition(dec: Decoder, env: CollectorEnv, item: YNode, name: string, ctx: LoadContext): RuleInfo {
  const view = dec.view;
  const condition = dec.required(item, 'condition', asString, ctx);
  const conditionContext = ctx.child(view.valueMark(item, 'condition'), 'rule condition', '');
  const output = trim(dec.required(item, 'output', asString, ctx));
  const outputContext = ctx.child(view.valueMark(item, 'output'), 'rule output', '');
  const desc = dec.required(item, 'desc', asString, ctx);
  const priority = readPriority(dec, item, ctx);
  const info: RuleInfo = {
    context: ctx,
    conditionContext,
    outputContext,
    index: 0,
    visibility: 0,
    unknownSource: false,
    name,
    condition,
    source: dec.optional(item, 'source', asString, ctx) ?? 'syscall',
    desc,
    output,
    tags: [],
    exceptions: [],
    priority,
    capture: false,
    captureDuration: 0,
    enabled: dec.optional(item, 'enabled', asBool, ctx) ?? true,
    warnEvttypes: dec.optional(item, 'warn_evttypes', asBool, ctx) ?? true,
    skipIfUnknownFilter: dec.optional(item, 'skip-if-unknown-filter', asBool, ctx) ?? false,
  };
  info.capture = dec.optional(item, 'capture', asBool, ctx) ?? false;
  info.captureDuration = dec.optional(item, 'capture_duration', asUint32, ctx) ?? 0;
  info.tags = mergeTags([], dec.sequence(item, 'tags', ctx, true) ?? []);
  info.exceptions = readRuleExceptions(dec, env.result, item, ctx, false) ?? [];
  return info;
}

const asPriority: Converter<string> = (t) => t;

function readPriority(dec: Decoder, item: YNode, ctx: LoadContext): Priority {
  const text = dec.required(item, 'priority', asPriority, ctx);
  const p = parsePriority(text);
  if (p === undefined || text !== text.trim()) {
    throw yamlValidateError('Invalid priority', ctx.child(dec.view.valueMark(item, 'priority'), 'rule priority', ''));
  }
  return p;
}

function readOverrideRequests(
  dec: Decoder,
  env: CollectorEnv,
  collector: Collector,
  item: YNode,
  name: string,
  ctx: LoadContext,
  append: ReadonlySet<string>,
  replace: ReadonlySet<string>,
): void {
  const view = dec.view;
  // Keys present in the item that could be overridden: each must be claimed by `override`.
  const expected = new Set<string>();
  for (const key of [...APPENDABLE, ...REPLACEABLE]) if (view.get(item, key) !== undefined) expected.add(key);

  const claim = (set: ReadonlySet<string>, kind: string, key: string): boolean => {
    if (!set.has(key)) return false;
    if (!expected.has(key)) {
      throw yamlValidateError(`An ${kind} override for '${key}' was specified but '${key}' is not defined`, ctx);
    }
    expected.delete(key);
    return true;
  };

  if (append.size > 0) {
    const u: RuleUpdateInfo = { context: ctx, conditionContext: ctx, name };
    if (claim(append, 'append', 'condition')) u.condition = dec.required(item, 'condition', asString, ctx);
    if (claim(append, 'append', 'exceptions'))
      u.exceptions = readRuleExceptions(dec, env.result, item, ctx, true) ?? [];
    if (claim(append, 'append', 'output')) u.output = dec.required(item, 'output', asString, ctx);
    if (claim(append, 'append', 'desc')) u.desc = dec.required(item, 'desc', asString, ctx);
    if (claim(append, 'append', 'tags')) u.tags = dec.sequence(item, 'tags', ctx, true) ?? [];
    collector.appendRule(env, u);
  }

  if (replace.size > 0) {
    const u: RuleUpdateInfo = { context: ctx, conditionContext: ctx, name };
    if (claim(replace, 'replace', 'condition')) u.condition = dec.required(item, 'condition', asString, ctx);
    if (claim(replace, 'replace', 'exceptions')) {
      u.exceptions = readRuleExceptions(dec, env.result, item, ctx, false) ?? [];
    }
    if (claim(replace, 'replace', 'output')) u.output = dec.required(item, 'output', asString, ctx);
    if (claim(replace, 'replace', 'desc')) u.desc = dec.required(item, 'desc', asString, ctx);
    if (claim(replace, 'replace', 'tags')) u.tags = mergeTags([], dec.sequence(item, 'tags', ctx, true) ?? []);
    if (claim(replace, 'replace', 'priority')) u.priority = readPriority(dec, item, ctx);
    if (claim(replace, 'replace', 'enabled')) u.enabled = dec.required(item, 'enabled', asBool, ctx);
    if (claim(replace, 'replace', 'warn_evttypes')) u.warnEvttypes = dec.required(item, 'warn_evttypes', asBool, ctx);
    if (claim(replace, 'replace', 'skip-if-unknown-filter')) {
      u.skipIfUnknownFilter = dec.required(item, 'skip-if-unknown-filter', asBool, ctx);
    }
    if (claim(replace, 'replace', 'capture')) u.capture = dec.required(item, 'capture', asBool, ctx);
    if (claim(replace, 'replace', 'capture_duration')) {
      u.captureDuration = dec.required(item, 'capture_duration', asUint32, ctx);
    }
    collector.replaceRule(env, u);
  }

  for (const key of expected) {
    const keyCtx = ctx.child(view.valueMark(item, key), 'overrides', key);
    throw yamlValidateError(`Unexpected key '${key}': no corresponding entry under 'override' is defined.`, keyCtx);
  }
}
