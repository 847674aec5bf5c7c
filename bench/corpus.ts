// Read-only data the benchmarks use, read from ../shared at run time (never copied into the
// project): the official rules and the audit events and scap captures of Falco's regression suite.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAuditText } from '../src/sources/k8saudit/index.js';
import type { K8sAuditEvent } from '../src/sources/k8saudit/index.js';

// From dist/bench/ the repository is two levels up and ../shared sits beside it.
const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

export const K8S_AUDIT_RULES = `${SHARED}corpus/falco-rules/k8s_audit_rules.yaml`;
export const K8S_AUDIT_TRACES = `${SHARED}corpus/legacy/trace_files/k8s_audit/`;
/** The real scap captures of the regression suite. */
export const SCAP_TRACES = `${SHARED}corpus/legacy/trace_files/`;
/** The official syscall rules files, in the order Falco's default configuration loads them. */
export const SYSCALL_RULES_FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map(
  (f) => `${SHARED}corpus/falco-rules/${f}`,
);

export function mustExist(path: string): string {
  if (!existsSync(path)) throw new Error(`benchmark data not found: ${path} (the ../shared corpus is needed)`);
  return path;
}

export function k8sAuditRulesPath(): string {
  return mustExist(K8S_AUDIT_RULES);
}

export interface AuditLine {
  /** `file.json:line`. */
  where: string;
  text: string;
}

export interface AuditCorpus {
  /** Lines that hold exactly one audit event, in file order. */
  lines: AuditLine[];
  /** The events of those lines, parsed once. */
  events: K8sAuditEvent[];
  /** Non-blank lines left out because they are not one audit event (the suite's bad inputs). */
  skipped: AuditLine[];
}

/** Every JSON-lines event of the regression suite's k8s audit traces. */
export function loadAuditCorpus(): AuditCorpus {
  const dir = mustExist(K8S_AUDIT_TRACES);
  const out: AuditCorpus = { lines: [], events: [], skipped: [] };
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files) {
    const texts = readFileSync(`${dir}${file}`, 'utf8').split('\n');
    texts.forEach((text, i) => {
      if (text.trim() === '') return;
      const line = { where: `${file}:${i + 1}`, text };
      const parsed = parseAuditText(text);
      if (parsed.events.length === 1 && parsed.errors.length === 0) {
        out.lines.push(line);
        out.events.push(parsed.events[0]);
      } else {
        out.skipped.push(line);
      }
    });
  }
  if (out.events.length === 0) throw new Error(`no audit events in ${dir}`);
  return out;
}
