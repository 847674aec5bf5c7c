// Event parameter names for `evt.arg.NAME` / `evt.rawarg.NAME`: libsinsp accepts any parameter name
// of any event in the table, choosing the longest name that prefixes what follows the dot.

import { EVENT_TABLE } from '../../events/eventTable.js';
import type { FieldType } from '../../fields/types.js';

export interface EventParamRef {
  readonly name: string;
  /** libscap type of the first parameter with this name in table order, e.g. 'PT_ERRNO'. */
  readonly paramType: string;
}

function collectParams(): EventParamRef[] {
  const byName = new Map<string, EventParamRef>();
  for (const event of EVENT_TABLE) {
    for (const p of event.params) {
      if (!byName.has(p.name)) byName.set(p.name, { name: p.name, paramType: p.type });
    }
  }
  // Longest first, so the first prefix found is the longest one.
  return [...byName.values()].sort((a, b) => b.name.length - a.name.length || (a.name < b.name ? -1 : 1));
}

const PARAMS_LONGEST_FIRST: readonly EventParamRef[] = collectParams();

/** All distinct parameter names of the event table. */
export const EVENT_PARAM_NAMES: ReadonlySet<string> = new Set(PARAMS_LONGEST_FIRST.map((p) => p.name));

/** The longest parameter name that is a prefix of `text`, or undefined. */
export function longestParamPrefix(text: string): EventParamRef | undefined {
  for (const p of PARAMS_LONGEST_FIRST) if (text.startsWith(p.name)) return p;
  return undefined;
}

const SAME_NAME_TYPES: ReadonlySet<string> = new Set<FieldType>([
  'CHARBUF',
  'BYTEBUF',
  'FSPATH',
  'FSRELPATH',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'DOUBLE',
  'BOOL',
  'RELTIME',
  'ABSTIME',
  'IPADDR',
  'IPNET',
  'PORT',
  'L4PROTO',
  'SOCKFAMILY',
  'MODE',
  'FLAGS32',
  'SYSCALLID',
  'ERRNO',
  'FD',
  'PID',
  'UID',
  'GID',
  'SIGTYPE',
]);

/**
 * The field type matching a libscap parameter type (`PT_ERRNO` → `ERRNO`), or undefined for
 * parameter types that have no field-type counterpart (socket addresses, fd lists, ...).
 */
export function fieldTypeOfParamType(paramType: string): FieldType | undefined {
  const bare = paramType.startsWith('PT_') ? paramType.slice(3) : paramType;
  return SAME_NAME_TYPES.has(bare) ? (bare as FieldType) : undefined;
}
