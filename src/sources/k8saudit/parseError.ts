// Errors about audit input that could not become events, saying what went wrong and where.

/** Where a piece of audit input came from. Every part is optional. */
export interface AuditLocation {
  /** File path, or a label such as `webhook 10.0.0.1`. */
  source?: string;
  /** 1-based line number inside `source`. */
  line?: number;
  /** Byte offset of the start of the line inside `source`, when line numbers are not known. */
  offset?: number;
  /** Position of the item inside a list document: `[2]` is items[2], `[0, 3]` is nested. */
  item?: readonly number[];
}

/** Renders a location as `file:12: item 3` (only the parts that are known). */
export function describeLocation(loc: AuditLocation): string {
  let where = loc.source ?? '';
  if (loc.line !== undefined) where += `${where ? ':' : 'line '}${loc.line}`;
  else if (loc.offset !== undefined) where += `${where ? ' ' : ''}at byte ${loc.offset}`;
  if (loc.item !== undefined && loc.item.length > 0) where += `${where ? ': ' : ''}item ${loc.item.join('.')}`;
  return where;
}

/** Audit input (a line, a document, a list item) that was not turned into an event. */
export class AuditParseError extends Error {
  /** What is wrong, without the location. */
  readonly reason: string;
  readonly location: AuditLocation;

  constructor(reason: string, location: AuditLocation = {}) {
    const where = describeLocation(location);
    super(where ? `${where}: ${reason}` : reason);
    this.name = 'AuditParseError';
    this.reason = reason;
    this.location = location;
  }
}
