// NATS subjects from Falcosidekick's template `falco.<priority>.<rule>`: the priority lower
// case, the rule slugged (lower case, runs of anything but a-z0-9 as one `_`), so that any rule
// name yields a valid subject of dot-separated tokens.

import { canonicalPriority } from '../priority.js';
import type { RouterAlert } from '../alert.js';

export const DEFAULT_SUBJECT_TEMPLATE = 'falco.<priority>.<rule>';

export function ruleSlug(rule: string): string {
  return rule
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function natsSubject(template: string, alert: RouterAlert): string {
  const priority = (canonicalPriority(alert.priority) ?? alert.priority).toLowerCase();
  const slug = ruleSlug(alert.rule) || 'unnamed';
  return template.replaceAll('<priority>', ruleSlug(priority) || 'unknown').replaceAll('<rule>', slug);
}

/** Why the template cannot give a subject to publish to, or undefined when it can. */
export function subjectTemplateProblem(template: string): string | undefined {
  const sample = template.replaceAll('<priority>', 'p').replaceAll('<rule>', 'r');
  if (template.trim() === '') return 'is empty';
  if (/\s/.test(sample)) return `${JSON.stringify(template)} contains whitespace`;
  if (/[*>]/.test(sample)) return `${JSON.stringify(template)} contains a wildcard (* or >): one cannot publish to it`;
  if (sample.split('.').some((t) => t === ''))
    return `${JSON.stringify(template)} has an empty token (leading, trailing or double dot)`;
  return undefined;
}
