// Falco's priority names, most severe first, and their ranks (0 = Emergency ... 7 = Debug).

export const PRIORITY_NAMES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
] as const;

export type PriorityName = (typeof PRIORITY_NAMES)[number];

const BY_LOWER = new Map<string, number>(PRIORITY_NAMES.map((n, i) => [n.toLowerCase(), i]));
// Falco also writes these spellings (falco.yaml `priority: info`, syslog-style names).
BY_LOWER.set('info', 6);
BY_LOWER.set('warn', 4);
BY_LOWER.set('err', 3);
BY_LOWER.set('crit', 2);
BY_LOWER.set('emerg', 0);

/** Rank of a priority name (case-insensitive), or undefined when the name is not one. */
export function priorityRank(name: string): number | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** The canonical spelling (`warning` → `Warning`), or undefined for an unknown name. */
export function canonicalPriority(name: string): PriorityName | undefined {
  const rank = priorityRank(name);
  return rank === undefined ? undefined : PRIORITY_NAMES[rank];
}

export const PRIORITY_CHOICES = PRIORITY_NAMES.map((n) => n.toLowerCase()).join(', ');
