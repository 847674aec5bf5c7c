// The rules engine: one ruleset per event source, rule selection, and event processing.
//
// Rules are added in load order (their position is their id, used for the final summary). Rules
// less severe than the minimum `priority` are not added at all, as in Falco, so no selection can
// enable them. Rules with `enabled: false` are added disabled; `rules:` selections may enable
// them. For each event, the rules that can match its type are evaluated in load order: with
// `rule_matching: first` the first match wins, with `all` every matching rule raises an alert.
// Evaluating an event that matches nothing allocates nothing.

import { EVENT_CODES } from '../events/eventTable.js';
import { eventIdsForNames } from '../events/eventTypes.js';
import type { EventSource } from '../events/source.js';
import { alertHostname } from './hostname.js';
import { Priority } from './priority.js';
import type { MatchType } from './ruleMatch.js';
import { type EventTypeResolver, Ruleset } from './ruleset.js';
import {
  configSelectionSteps,
  type LegacyRuleOptions,
  legacySelectionSteps,
  type RuleSelection,
  type SelectionStep,
} from './selection.js';
import { type EngineStats, type RuleMatches, RuleStats } from './stats.js';
import type { Alert, CompiledRule, OutputFieldValue } from './types.js';

export type RuleMatching = 'first' | 'all';

export interface EngineOptions {
  /** `rule_matching`; `first` by default. */
  ruleMatching?: RuleMatching;
  /** `priority`: rules less severe than this are not loaded. Debug (everything) by default. */
  minPriority?: Priority;
  /** Host name alerts carry; FALCO_HOSTNAME / KESTREL_HOSTNAME or the system's by default. */
  hostname?: string;
}

export interface SourceOptions {
  /**
   * How a rule's `evt.type` names map to the event type ids `process()` receives. The syscall
   * source uses the scap event table (plus the async event every syscall rule also sees, as in
   * Falco); other sources, whose events share one type, do not index by type (null).
   */
  eventTypeIds?: EventTypeResolver | null;
}

/** Unknown source, duplicate source, rule for a source that was not added. */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

const NO_ALERTS: readonly Alert[] = Object.freeze([]);

/** The syscall source's resolver: scap event ids, plus the async event (Falco adds it to every rule). */
export function syscallEventTypeIds(names: ReadonlySet<string>): Set<number> {
  const ids = eventIdsForNames(names);
  // A rule's types name the generic events `syscall` when it matches syscalls without an event of
  // their own (evt.type=madvise); index it under those events.
  if (names.has('syscall')) {
    ids.add(EVENT_CODES.PPME_GENERIC_E);
    ids.add(EVENT_CODES.PPME_GENERIC_X);
  }
  ids.add(EVENT_CODES.PPME_ASYNCEVENT_E);
  return ids;
}

interface SourceState {
  source: EventSource<unknown>;
  ruleset: Ruleset<unknown>;
}

export class Engine {
  readonly ruleMatching: RuleMatching;
  readonly minPriority: Priority;
  readonly hostname: string;
  readonly #sources = new Map<string, SourceState>();
  readonly #stats = new RuleStats();
  #nextId = 0;

  constructor(options: EngineOptions = {}) {
    this.ruleMatching = options.ruleMatching ?? 'first';
    this.minPriority = options.minPriority ?? Priority.Debug;
    this.hostname = options.hostname ?? alertHostname();
  }

  addSource<E>(source: EventSource<E>, options: SourceOptions = {}): void {
    if (this.#sources.has(source.name)) throw new EngineError(`event source "${source.name}" is already added`);
    const resolver =
      options.eventTypeIds === undefined
        ? source.name === 'syscall'
          ? syscallEventTypeIds
          : undefined
        : (options.eventTypeIds ?? undefined);
    this.#sources.set(source.name, {
      source: source as EventSource<unknown>,
      ruleset: new Ruleset<unknown>(source.name, resolver),
    });
  }

  get sourceNames(): string[] {
    return [...this.#sources.keys()];
  }

  ruleset(sourceName: string): Ruleset<unknown> | undefined {
    return this.#sources.get(sourceName)?.ruleset;
  }

  /**
   * Adds rules in load order. Returns how many were added and how many were left out for being
   * less severe than the minimum priority. Throws EngineError for a rule of a source not added.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules of every source go through one engine.
  addRules(rules: Iterable<CompiledRule<any>>): { added: number; belowPriority: number } {
    let added = 0;
    let belowPriority = 0;
    for (const rule of rules) {
      const state = this.#sources.get(rule.source);
      if (state === undefined) {
        throw new EngineError(`rule "${rule.name}" uses event source "${rule.source}", which is not loaded`);
      }
      const id = this.#nextId++;
      this.#stats.onRuleLoaded(id, rule);
      if (rule.priority > this.minPriority) {
        belowPriority++;
        continue;
      }
      state.ruleset.add(rule, id);
      added++;
    }
    return { added, belowPriority };
  }

  /** Enables or disables rules by name across all sources; returns how many matched. */
  enableRules(pattern: string, match: MatchType, enabled: boolean): number {
    let n = 0;
    for (const { ruleset } of this.#sources.values()) n += ruleset.setEnabled(pattern, match, enabled);
    return n;
  }

  /** Enables or disables rules having at least one of `tags`; returns how many matched. */
  enableTags(tags: readonly string[], enabled: boolean): number {
    let n = 0;
    for (const { ruleset } of this.#sources.values()) n += ruleset.setEnabledByTags(tags, enabled);
    return n;
  }

  applySteps(steps: readonly SelectionStep[]): void {
    for (const step of steps) {
      if ('tags' in step) this.enableTags(step.tags, step.enable);
      else this.enableRules(step.rule, step.match, step.enable);
    }
  }

  /** Applies falco.yaml's `rules:` list, in order. */
  applySelections(selections: readonly RuleSelection[]): void {
    this.applySteps(configSelectionSteps(selections));
  }

  /** Applies the legacy -D/-T/-t options; throws RuleSelectionError when they conflict. */
  applyLegacyOptions(options: LegacyRuleOptions): void {
    this.applySteps(legacySelectionSteps(options));
  }

  /** Enabled rules, per source or overall. */
  enabledRuleCount(sourceName?: string): number {
    if (sourceName !== undefined) return this.#sources.get(sourceName)?.ruleset.enabledCount ?? 0;
    let n = 0;
    for (const { ruleset } of this.#sources.values()) n += ruleset.enabledCount;
    return n;
  }

  /**
   * Evaluates an event of `sourceName` against the enabled rules and returns the alerts it
   * raises (a shared empty array when there are none). `eventTypeId` defaults to what the
   * source says the event's type is.
   */
  process<E>(sourceName: string, evt: E, eventTypeId?: number): readonly Alert[] {
    const state = this.#sources.get(sourceName);
    if (state === undefined) throw new EngineError(`unknown event source "${sourceName}"`);
    const typeId = eventTypeId ?? state.source.eventTypeOf(evt);
    const candidates = state.ruleset.candidates(typeId);
    let alerts: Alert[] | undefined;
    for (let i = 0; i < candidates.length; i++) {
      const entry = candidates[i];
      if (!entry.rule.matches(evt)) continue;
      const alert = this.#alert(state.source, entry.rule, entry.id, evt);
      if (alerts === undefined) alerts = [alert];
      else alerts.push(alert);
      if (this.ruleMatching === 'first') break;
    }
    return alerts ?? NO_ALERTS;
  }

  #alert(source: EventSource<unknown>, rule: CompiledRule<unknown>, id: number, evt: unknown): Alert {
    this.#stats.onAlert(id, rule.priority);
    const rendered = rule.output.render(evt);
    const fields: Record<string, OutputFieldValue> = rendered.fields;
    if (rule.extraFields !== undefined) {
      for (const extra of rule.extraFields) fields[extra.key] = extra.value(evt);
    }
    return {
      time: source.timestampOf(evt),
      rule: rule.name,
      priority: rule.priority,
      source: rule.source,
      output: rendered.text,
      outputFields: fields,
      tags: rule.tags,
      hostname: this.hostname,
    };
  }

  get stats(): EngineStats {
    return this.#stats.snapshot();
  }

  /** The rules that fired, with their source, priority and tags. */
  ruleMatches(): RuleMatches[] {
    return this.#stats.matches();
  }

  /** Falco's end-of-run summary (`Events detected: N` ...). */
  formatStats(): string {
    return this.#stats.format();
  }
}
