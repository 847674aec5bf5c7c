// Expands audit input names: plain paths stay as they are, patterns with wildcards in the file
// name (`/var/log/audit/kube/*.log`) become the matching files, sorted.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseFilePattern } from '../../sources/k8saudit/fileGlob.js';

const WILDCARD = /[*?[]/;

export function expandInputPatterns(patterns: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    if (!WILDCARD.test(p)) {
      out.push(p);
      continue;
    }
    const pattern = parseFilePattern(p);
    let names: string[] = [];
    try {
      names = readdirSync(pattern.dir);
    } catch {
      // A missing folder matches nothing, as a shell glob would.
    }
    out.push(
      ...names
        .filter((n) => pattern.matches(n))
        .sort()
        .map((n) => join(pattern.dir, n)),
    );
  }
  return out;
}
