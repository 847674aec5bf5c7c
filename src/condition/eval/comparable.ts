// Which operators each field type supports (libsinsp's flt_is_comparable), with its messages.

import type { FieldType } from '../../fields/types.js';
import { familyOf, opName } from './types.js';

const NUMERIC_OPS = new Set(['=', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists']);
const BOOL_OPS = new Set(['=', '!=', 'in', 'intersects', 'exists']);
const STRING_OPS = new Set([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'contains',
  'in',
  'exists',
  'icontains',
  'startswith',
  'glob',
  'pmatch',
  'endswith',
  'intersects',
  'iglob',
  'regex',
]);
const BUFFER_OPS = new Set([
  '=',
  '!=',
  'contains',
  'in',
  'exists',
  'startswith',
  'endswith',
  'intersects',
  'bcontains',
  'bstartswith',
]);
const IP_OPS = new Set(['=', '!=', 'in', 'exists', 'intersects']);
const LIST_OPS = new Set(['in', 'exists', 'intersects']);
const LIST_TYPES: ReadonlySet<FieldType> = new Set([
  'CHARBUF',
  'UINT64',
  'RELTIME',
  'ABSTIME',
  'BOOL',
  'IPADDR',
  'IPNET',
]);

/** Why `op` cannot be used on a value of `type`, or undefined when it can. */
export function incompatibility(op: string, type: FieldType, isList: boolean): string | undefined {
  const name = opName(op);
  if (name === 'exists') return undefined;
  if (isList) {
    if (!LIST_TYPES.has(type)) return `list filters are not supported for type '${type}'`;
    // libsinsp's wording, missing "for" included
    return LIST_OPS.has(name) ? undefined : `'${name}' operator not supported list filters`;
  }
  switch (familyOf(type)) {
    case 'int':
    case 'double':
      return NUMERIC_OPS.has(name) ? undefined : `'${name}' operator not supported for numeric filters`;
    case 'bool':
      return BOOL_OPS.has(name) ? undefined : `'${name}' operator not supported for numeric filters`;
    case 'ipaddr':
    case 'ipnet':
      return IP_OPS.has(name) ? undefined : `'${name}' operator not supported for ip address and network filters`;
    case 'string':
      return STRING_OPS.has(name) ? undefined : `'${name}' operator not supported for string filters`;
    case 'bytes':
      return BUFFER_OPS.has(name) ? undefined : `'${name}' operator not supported for buffer filters`;
  }
}
