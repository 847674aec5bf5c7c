// The rules of one event source, indexed by event type the way Falco's evttype_index_ruleset does:
// each event type id has the list of enabled rules that can match it, in load order; rules whose
// condition does not restrict the event type are in every list. Enabling and disabling rebuild
// the index once, lazily; looking rules up for an event never allocates.

import { type MatchType, ruleNameMatches } from './ruleMatch.js';
import type { CompiledRule } from './types.js';

/** Maps a rule's `evt.type` names to the event type ids they select. */
export type EventTypeResolver = (names: ReadonlySet<string>) => Iterable<number>;

export interface RulesetEntry<E> {
  readonly rule: CompiledRule<E>;
  /** Position of the rule among all loaded rules (Falco's rule id). */
  readonly id: number;
  /** Event type ids the rule can match; null for every type. */
  readonly typeIds: readonly number[] | null;
  enabled: boolean;
}

export class Ruleset<E> {
  readonly source: string;
  readonly #resolve: EventTypeResolver | undefined;
  readonly #entries: RulesetEntry<E>[] = [];
  #byType: (readonly RulesetEntry<E>[] | undefined)[] = [];
  #anyType: readonly RulesetEntry<E>[] = [];
  #dirty = false;

  /**
   * @param resolve turns `evt.type` names into ids; without it (sources other than syscall,
   *   whose events all have one type) rules are not indexed by type.
   */
  constructor(source: string, resolve?: EventTypeResolver) {
    this.source = source;
    this.#resolve = resolve;
  }

  /** Every rule added, enabled or not, in load order. */
  get entries(): readonly RulesetEntry<E>[] {
    return this.#entries;
  }

  get enabledCount(): number {
    let n = 0;
    for (const e of this.#entries) if (e.enabled) n++;
    return n;
  }

  /** Adds a rule, enabled as its `enabled` property says. */
  add(rule: CompiledRule<E>, id: number): RulesetEntry<E> {
    let typeIds: number[] | null = null;
    if (this.#resolve !== undefined && rule.evttypes !== null) {
      typeIds = [...new Set(this.#resolve(rule.evttypes))].sort((a, b) => a - b);
    }
    const entry: RulesetEntry<E> = { rule, id, typeIds, enabled: rule.enabled };
    this.#entries.push(entry);
    this.#dirty = true;
    return entry;
  }

  /** Enables or disables the rules whose name matches; returns how many matched. */
  setEnabled(pattern: string, match: MatchType, enabled: boolean): number {
    let n = 0;
    for (const e of this.#entries) {
      if (!ruleNameMatches(pattern, match, e.rule.name)) continue;
      n++;
      if (e.enabled !== enabled) {
        e.enabled = enabled;
        this.#dirty = true;
      }
    }
    return n;
  }

  /** Enables or disables the rules having at least one of `tags`; returns how many matched. */
  setEnabledByTags(tags: readonly string[], enabled: boolean): number {
    let n = 0;
    for (const e of this.#entries) {
      if (!e.rule.tags.some((t) => tags.includes(t))) continue;
      n++;
      if (e.enabled !== enabled) {
        e.enabled = enabled;
        this.#dirty = true;
      }
    }
    return n;
  }

  #rebuild(): void {
    const enabled = this.#entries.filter((e) => e.enabled);
    const byType: RulesetEntry<E>[][] = [];
    for (const e of enabled) {
      if (e.typeIds === null) continue;
      for (const id of e.typeIds) byType[id] ??= [];
    }
    const anyType: RulesetEntry<E>[] = [];
    for (const e of enabled) {
      if (e.typeIds === null) {
        anyType.push(e);
        for (const list of byType) list?.push(e);
      } else {
        for (const id of e.typeIds) byType[id].push(e);
      }
    }
    this.#byType = byType;
    this.#anyType = anyType;
    this.#dirty = false;
  }

  /** Enabled rules that can match an event of type `typeId`, in load order. */
  candidates(typeId: number): readonly RulesetEntry<E>[] {
    if (this.#dirty) this.#rebuild();
    return this.#byType[typeId] ?? this.#anyType;
  }
}
