// Rules paths as Falco takes them: a directory stands for the regular files directly in it,
// in sorted order.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function expandRulesPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // Missing paths are reported when read.
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const files = readdirSync(p)
      .map((name) => join(p, name))
      .filter((f) => {
        try {
          return statSync(f).isFile();
        } catch {
          return false;
        }
      });
    files.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    out.push(...files);
  }
  return out;
}

/** Reads a rules file; undefined when it cannot be read. */
export function readRulesFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function fileReadMessage(path: string): string {
  return `Could not open file ${path} for reading`;
}
