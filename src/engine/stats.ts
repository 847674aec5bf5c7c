// Alert counters for the summary Falco prints when it stops:
//
//   Events detected: 8
//   Rule counts by severity:
//      WARNING: 8
//   Triggered rules by rule name:
//      open_from_cat: 8
//
// Severities go from most to least severe and rules in load order; zero counts are left out.
// Severities are upper-cased short names (INFO for Informational).

import { PRIORITY_NAMES, Priority } from './priority.js';

export interface RuleCount {
  rule: string;
  count: number;
}

/** A rule that fired, with what Falco's `falcosecurity_falco_rules_matches_total` labels it by. */
export interface RuleMatches {
  rule: string;
  source: string;
  priority: Priority;
  tags: readonly string[];
  count: number;
}

export interface EngineStats {
  /** Alerts raised in total. */
  total: number;
  /** Alerts per priority, indexed by Priority. */
  byPriority: number[];
  /** Alerts per rule, in load order, rules that never fired included. */
  byRule: RuleCount[];
}

/** Falco's short priority name: as the long one, except Informational which is `Info`. */
export function shortPriorityName(p: Priority): string {
  return p === Priority.Informational ? 'Info' : PRIORITY_NAMES[p];
}

export class RuleStats {
  #total = 0;
  readonly #byPriority: number[] = new Array(PRIORITY_NAMES.length).fill(0);
  readonly #names: string[] = [];
  readonly #byRule: number[] = [];
  readonly #rules: Array<Omit<RuleMatches, 'count'>> = [];

  /** Registers a loaded rule under its id (ids are consecutive from 0, in load order). */
  onRuleLoaded(id: number, rule: Omit<RuleMatches, 'count' | 'rule'> & { name: string }): void {
    this.#names[id] = rule.name;
    this.#rules[id] = { rule: rule.name, source: rule.source, priority: rule.priority, tags: rule.tags };
    this.#byRule[id] ??= 0;
  }

  /** The rules that fired, in load order, each with its count. */
  matches(): RuleMatches[] {
    const out: RuleMatches[] = [];
    this.#rules.forEach((r, i) => {
      const count = this.#byRule[i] ?? 0;
      if (count > 0) out.push({ ...r, count });
    });
    return out;
  }

  onAlert(id: number, priority: Priority): void {
    this.#total++;
    this.#byRule[id]++;
    this.#byPriority[priority]++;
  }

  get total(): number {
    return this.#total;
  }

  snapshot(): EngineStats {
    return {
      total: this.#total,
      byPriority: [...this.#byPriority],
      byRule: this.#names.map((rule, i) => ({ rule, count: this.#byRule[i] ?? 0 })),
    };
  }

  /** The summary text, each line ending with a newline. */
  format(): string {
    let out = `Events detected: ${this.#total}\nRule counts by severity:\n`;
    for (let p = 0; p < this.#byPriority.length; p++) {
      const n = this.#byPriority[p];
      if (n > 0) out += `   ${shortPriorityName(p as Priority).toUpperCase()}: ${n}\n`;
    }
    out += 'Triggered rules by rule name:\n';
    for (let i = 0; i < this.#names.length; i++) {
      const n = this.#byRule[i] ?? 0;
      if (n > 0) out += `   ${this.#names[i]}: ${n}\n`;
    }
    return out;
  }
}
