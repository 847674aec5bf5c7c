// A priority as a coloured label; the colours run from red (Emergency) to grey (Debug).

export const priorityClass = (p: string): string => `prio prio-${p.toLowerCase()}`;

export function Priority({ value }: { value: string }) {
  return <span className={priorityClass(value)}>{value}</span>;
}
