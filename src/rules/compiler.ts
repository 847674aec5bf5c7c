// Compiles what the collector gathered: expands lists (as text) and macros (in the AST),
// builds exception clauses, compiles conditions and outputs against each rule's source, and
// reports unused lists/macros. Stops at the first error, as Falco does.

import type { ConditionNode } from '../condition/ast.js';
import {
  type ConditionWarning,
  compileCondition,
  eventCodesOf,
  eventTypesOf,
  isTooManyEventCodes,
  parseCondition,
} from '../condition/index.js';
import type { CompiledRule, ExtraOutputField, OutputFormat } from '../engine/types.js';
import type { EventSource } from '../events/source.js';
import {
  type AppendOutputEntry,
  applyAppendOutput,
  compileExtraFields,
  suggestedOutputFields,
} from '../outputs/appendOutput.js';
import { compileOutputFormat } from '../outputs/format.js';
import type { Collector } from './collector.js';
import { checkConditionWarnings, checkOutputDeprecations } from './conditionWarnings.js';
import type { ConditionPos, LoadContext } from './context.js';
import { buildExceptionCondition } from './exceptionCondition.js';
import type { RuleInfo } from './infos.js';
import { type CompiledList, compileLists, expandLists } from './listExpansion.js';
import { RuleLoadError, validateError } from './loadError.js';
import { resolveMacros } from './macroResolver.js';
import type { LoadResult } from './result.js';

export interface CompileEnv {
  sources: ReadonlyMap<string, EventSource>;
  result: LoadResult;
  /** falco.yaml's `append_output` entries, applied to each rule's output as it compiles. */
  appendOutput?: readonly AppendOutputEntry[];
}

interface CompiledMacro {
  name: string;
  ast: ConditionNode;
  used: boolean;
}

const CONTAINER_INFO = '%container.info';

/** Compiles everything collected so far; errors and warnings go to env.result. */
export function compileCollected(col: Collector, env: CompileEnv): CompiledRule[] {
  const rules: CompiledRule[] = [];
  let lists: Map<string, CompiledList>;
  let macros: Map<string, CompiledMacro>;
  try {
    lists = compileLists(col);
    macros = compileMacros(col, lists);
    compileRules(col, env, lists, macros, rules);
  } catch (e) {
    if (!(e instanceof RuleLoadError)) throw e;
    env.result.addError(e.code, e.message, e.context);
    return rules;
  }
  for (const m of macros.values()) {
    if (!m.used) {
      env.result.addWarning(
        'LOAD_UNUSED_MACRO',
        'Macro not referred to by any other rule/macro',
        col.macros.get(m.name)!.context,
      );
    }
  }
  for (const l of lists.values()) {
    if (!l.used) {
      env.result.addWarning(
        'LOAD_UNUSED_LIST',
        'List not referred to by any other rule/macro',
        col.lists.get(l.name)!.context,
      );
    }
  }
  return rules;
}

/** Error positions from the condition module; line/col are 1-based, offset 0-based. */
function errorPos(e: unknown): ConditionPos {
  const pos = (e as { pos?: Partial<ConditionPos> } | null)?.pos;
  return { offset: pos?.offset ?? 0, line: pos?.line ?? 1, col: pos?.col ?? 1 };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function parseExpanded(
  condition: string,
  lists: Map<string, CompiledList>,
  ctx: LoadContext,
): { text: string; ast: ConditionNode } {
  const text = expandLists(condition, lists);
  try {
    return { text, ast: parseCondition(text) };
  } catch (e) {
    throw new RuleLoadError('LOAD_ERR_COMPILE_CONDITION', errorMessage(e), ctx.inCondition(errorPos(e), text));
  }
}

function applyMacros(
  ast: ConditionNode,
  condition: string,
  visible: ReadonlyMap<string, ConditionNode>,
  macros: Map<string, CompiledMacro>,
  ctx: LoadContext,
): ConditionNode {
  const r = resolveMacros(ast, visible);
  // Only the first problem is reported: a loop, else an unknown name.
  const first =
    r.errors[0] ??
    (r.unknown[0] && { message: `Undefined macro '${r.unknown[0].name}' used in filter.`, pos: r.unknown[0].pos });
  if (first) throw validateError(first.message, ctx.inCondition(first.pos, condition));
  for (const ref of r.resolved) {
    const m = macros.get(ref.name);
    if (m) m.used = true;
  }
  return r.ast;
}

/** Macros see the macros defined before their latest (re)definition or append. */
function compileMacros(col: Collector, lists: Map<string, CompiledList>): Map<string, CompiledMacro> {
  const out = new Map<string, CompiledMacro>();
  for (const m of col.macros.values()) {
    out.set(m.name, { name: m.name, ast: parseExpanded(m.condition, lists, m.conditionContext).ast, used: false });
  }
  for (const m of out.values()) {
    const info = col.macros.get(m.name)!;
    const visible = new Map<string, ConditionNode>();
    for (const other of col.macros.values()) {
      if (other.index < info.visibility) visible.set(other.name, out.get(other.name)!.ast);
    }
    m.ast = applyMacros(m.ast, info.condition, visible, out, info.context);
  }
  return out;
}

function isUnknownTypeOrField(err: string): boolean {
  return (
    err.includes('nonexistent field') ||
    err.includes('invalid formatting token') ||
    err.includes('unknown event type') ||
    err.includes('unknown filter:')
  );
}

function compileRules(
  col: Collector,
  env: CompileEnv,
  lists: Map<string, CompiledList>,
  macros: Map<string, CompiledMacro>,
  out: CompiledRule[],
): void {
  const allMacros = new Map<string, ConditionNode>();
  for (const m of macros.values()) allMacros.set(m.name, m.ast);
  for (const r of col.rules.values()) {
    if (r.unknownSource) continue;
    const source = env.sources.get(r.source);
    if (!source) throw validateError(`Unknown source at compile-time${r.source}`, r.context);
    const compiled = compileRule(r, source, env, lists, macros, allMacros);
    if (compiled) out.push(compiled);
  }
}

function compileRule(
  r: RuleInfo,
  source: EventSource,
  env: CompileEnv,
  lists: Map<string, CompiledList>,
  macros: Map<string, CompiledMacro>,
  allMacros: ReadonlyMap<string, ConditionNode>,
): CompiledRule | undefined {
  const exceptionFields = new Set<string>();
  const condition =
    r.exceptions.length > 0 ? buildExceptionCondition(r.condition, r.exceptions, exceptionFields) : r.condition;

  const res = env.result;
  const appended = applyAppendOutput(
    { name: r.name, source: r.source, tags: r.tags, output: r.output },
    env.appendOutput ?? [],
    (name) => {
      const s = env.sources.get(name);
      return s ? suggestedOutputFields(s) : [];
    },
  );
  let outputText = appended.output;
  if (appended.usedContainerInfo || outputText.includes(CONTAINER_INFO)) {
    res.addWarning(
      'LOAD_DEPRECATED_ITEM',
      '%container.info is deprecated and no more useful, and will be dropped by Falco 1.0.0. The container plugin ' +
        'will automatically add required fields to the output message.',
      r.context,
    );
    outputText = outputText.split(CONTAINER_INFO).join('');
  }

  let output: OutputFormat;
  try {
    output = compileOutputFormat(outputText, source) as OutputFormat;
  } catch (e) {
    const msg = errorMessage(e);
    if (isUnknownTypeOrField(msg) && r.skipIfUnknownFilter) {
      res.addWarning('LOAD_UNKNOWN_FILTER', msg, r.outputContext);
      return undefined;
    }
    throw new RuleLoadError('LOAD_ERR_COMPILE_OUTPUT', msg, r.outputContext);
  }
  checkOutputDeprecations(outputText, r.outputContext, res);
  let extraFields: ExtraOutputField<unknown>[] | undefined;
  if (appended.extraFields.length > 0) {
    try {
      extraFields = compileExtraFields(appended.extraFields, source);
    } catch (e) {
      throw new RuleLoadError('LOAD_ERR_COMPILE_OUTPUT', errorMessage(e), r.outputContext);
    }
  }

  const parsed = parseExpanded(condition, lists, r.conditionContext);
  const ast = applyMacros(parsed.ast, condition, allMacros, macros, r.context);
  checkConditionWarnings(ast, r.conditionContext, res);

  let matches: (evt: unknown) => boolean;
  const warnings: ConditionWarning[] = [];
  try {
    matches = compileCondition(ast, source, { onWarning: (w) => warnings.push(w) }) as (evt: unknown) => boolean;
  } catch (e) {
    const msg = errorMessage(e);
    const ctx = r.conditionContext.inCondition(errorPos(e), condition);
    if (isUnknownTypeOrField(msg) && r.skipIfUnknownFilter) {
      res.addWarning('LOAD_UNKNOWN_FILTER', msg, ctx);
      return undefined;
    }
    throw new RuleLoadError('LOAD_ERR_COMPILE_CONDITION', msg, ctx);
  }

  for (const w of warnings) {
    res.addWarning('LOAD_COMPILE_CONDITION', w.message, r.conditionContext.inCondition(w.pos, condition));
  }

  let evttypes: ReadonlySet<string> | null = null;
  if (r.source === 'syscall') {
    evttypes = eventTypesOf(ast);
    if (r.warnEvttypes && isTooManyEventCodes(eventCodesOf(ast))) {
      res.addWarning(
        'LOAD_NO_EVTTYPE',
        'Rule matches too many evt.type values. This has a significant performance penalty.',
        r.context,
      );
    }
  }

  const loc = r.context.locations[r.context.locations.length - 1];
  return {
    name: r.name,
    desc: r.desc,
    source: r.source,
    priority: r.priority,
    tags: [...r.tags],
    enabled: r.enabled,
    condition: r.condition,
    ast,
    evttypes,
    matches,
    output,
    capture: r.capture,
    captureDuration: r.capture ? r.captureDuration : undefined,
    location: { file: loc.name, line: loc.pos.line + 1, col: loc.pos.column + 1 },
    ...(extraFields ? { extraFields } : {}),
  };
}
