// Reads a Falco legacy regression suite file: a `!mux` mapping of case name → case spec.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export interface SuiteCase {
  /** Case name, as the suite spells it. */
  name: string;
  /** Folder the suite file lives in: relative paths of the case resolve against it. */
  dir: string;
  suite: string;
  spec: Record<string, unknown>;
}

const muxTag = { tag: '!mux', collection: 'map' as const, resolve: (v: unknown) => v };

export function loadSuite(file: string): SuiteCase[] {
  const path = resolve(file);
  const text = readFileSync(path, 'utf8');
  const doc = parse(text, { customTags: [muxTag] }) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object') throw new Error(`${file}: not a suite (expected a mapping)`);
  const cases: SuiteCase[] = [];
  for (const group of Object.values(doc)) {
    const entries = group instanceof Map ? Object.fromEntries(group) : group;
    if (!entries || typeof entries !== 'object') continue;
    for (const [name, spec] of Object.entries(entries as Record<string, unknown>)) {
      if (spec && typeof spec === 'object') {
        cases.push({ name, dir: dirname(path), suite: path, spec: spec as Record<string, unknown> });
      }
    }
  }
  return cases;
}
