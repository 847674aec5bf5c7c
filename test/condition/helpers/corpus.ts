// Reading the shared test corpus (official rules, Falco's legacy regression suite).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));

export function sharedPath(relative: string): string {
  return `${SHARED}${relative}`;
}

/** Parses a YAML file of the corpus; Falco's `!mux` tag is read as a plain map. */
export function readYaml(relative: string): unknown {
  return YAML.parse(readFileSync(sharedPath(relative), 'utf8'), {
    logLevel: 'error',
    customTags: [{ tag: '!mux', collection: 'map', resolve: (v: unknown) => v }],
  });
}

export interface RulesItem {
  rule?: string;
  macro?: string;
  list?: string;
  condition?: unknown;
  items?: unknown[];
}

export function readRulesFile(relative: string): RulesItem[] {
  return (readYaml(relative) as RulesItem[] | null) ?? [];
}

export const OFFICIAL_RULES_FILES = [
  'corpus/falco-rules/falco_rules.yaml',
  'corpus/falco-rules/falco-incubating_rules.yaml',
  'corpus/falco-rules/falco-sandbox_rules.yaml',
  'corpus/falco-rules/k8s_audit_rules.yaml',
];
