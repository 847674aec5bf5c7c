// Falco's eight priorities, most severe first; a lower number is more severe.

export enum Priority {
  Emergency = 0,
  Alert = 1,
  Critical = 2,
  Error = 3,
  Warning = 4,
  Notice = 5,
  Informational = 6,
  Debug = 7,
}

export const PRIORITY_NAMES: readonly string[] = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
];

const BY_LOWER_NAME = new Map<string, Priority>([
  ...PRIORITY_NAMES.map((n, i) => [n.toLowerCase(), i as Priority] as const),
  ['info', Priority.Informational],
]);

/** Parses a priority name case-insensitively (`info` is accepted for Informational). */
export function parsePriority(text: string): Priority | undefined {
  return BY_LOWER_NAME.get(text.trim().toLowerCase());
}

export function priorityName(p: Priority): string {
  return PRIORITY_NAMES[p];
}
