// Choosing which rules run. Two vocabularies lead to the same operations:
//
// - falco.yaml's `rules:` list (Falco >= 0.38): `- disable: {rule: 'pattern'}`,
//   `- enable: {tag: t}`, applied in order; rule names are wildcard patterns, a tag selects rules
//   having it; an entry giving both applies the rule pattern first, then the tag.
// - The command line options of older Falco used by the legacy test suite: `-D substring`
//   disables rules whose name contains it, `-T tag` disables rules with that tag, `-t tag` runs
//   only rules with one of the given tags (all rules are disabled first). -D/-T and -t cannot be
//   combined.

import type { MatchType } from './ruleMatch.js';

/** One entry of the `rules:` configuration list. */
export interface RuleSelection {
  op: 'enable' | 'disable';
  /** Wildcard pattern on rule names. */
  rule?: string;
  /** Rules having this tag. */
  tag?: string;
}

/** A step the engine applies: by rule name, or by tags (rules having at least one of them). */
export type SelectionStep =
  { enable: boolean; rule: string; match: MatchType } | { enable: boolean; tags: readonly string[] };

/** The steps for the `rules:` configuration list, in order. */
export function configSelectionSteps(selections: readonly RuleSelection[]): SelectionStep[] {
  const steps: SelectionStep[] = [];
  for (const s of selections) {
    const enable = s.op === 'enable';
    if (s.rule !== undefined && s.rule !== '') steps.push({ enable, rule: s.rule, match: 'wildcard' });
    if (s.tag !== undefined && s.tag !== '') steps.push({ enable, tags: [s.tag] });
  }
  return steps;
}

export interface LegacyRuleOptions {
  /** `-D`: substrings of rule names to disable. */
  disabledRules?: readonly string[];
  /** `-T`: tags whose rules are disabled. */
  disabledTags?: readonly string[];
  /** `-t`: only rules with one of these tags run. */
  enabledTags?: readonly string[];
}

/** Falco's error for -D/-T combined with -t. */
export const LEGACY_CONFLICT_MESSAGE = 'You can not specify both disabled (-D/-T) and enabled (-t) rules';

export class RuleSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleSelectionError';
  }
}

/** The steps for the legacy -D/-T/-t options. Throws RuleSelectionError when they conflict. */
export function legacySelectionSteps(options: LegacyRuleOptions): SelectionStep[] {
  const disabledRules = options.disabledRules ?? [];
  const disabledTags = options.disabledTags ?? [];
  const enabledTags = options.enabledTags ?? [];
  if (disabledRules.length + disabledTags.length > 0 && enabledTags.length > 0) {
    throw new RuleSelectionError(LEGACY_CONFLICT_MESSAGE);
  }
  const steps: SelectionStep[] = [];
  for (const s of disabledRules) steps.push({ enable: false, rule: s, match: 'substring' });
  if (disabledTags.length > 0) steps.push({ enable: false, tags: [...new Set(disabledTags)] });
  if (enabledTags.length > 0) {
    // An empty substring matches every rule.
    steps.push({ enable: false, rule: '', match: 'substring' });
    steps.push({ enable: true, tags: [...new Set(enabledTags)] });
  }
  return steps;
}
