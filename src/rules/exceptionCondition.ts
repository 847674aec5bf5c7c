// Turns a rule's exceptions into condition text appended to the rule's condition, as Falco
// does before parsing: `(cond) and not (f1 in (v1, v2))` for single-field exceptions and
// `(cond) and not ((f1 = a and f2 in (b, c)) or (...))` for tuples.

import { LIST_OPERATORS } from './collector.js';
import type { ExceptionEntry, ExceptionInfo } from './infos.js';
import { parenItem, quoteItem } from './listExpansion.js';
import { validateError } from './loadError.js';

const itemOf = (e: ExceptionEntry | undefined): string => (e && !e.isList ? e.item : '');
const itemsOf = (e: ExceptionEntry | undefined): ExceptionEntry[] => (e?.isList ? e.items : []);

/** Returns the condition with exceptions, and adds the fields they use to `fields`. */
export function buildExceptionCondition(condition: string, exceptions: ExceptionInfo[], fields: Set<string>): string {
  condition = `(${condition})`;
  for (const ex of exceptions) {
    let icond = '';
    if (!ex.fields?.isList) {
      const field = itemOf(ex.fields);
      const comp = itemOf(ex.comps) || 'in';
      for (const val of ex.values) {
        if (val.isList) throw validateError('Expected values array to contain a list of strings', ex.context);
        icond += icond.length === 0 ? `(${field} ${comp} (` : ', ';
        fields.add(field);
        icond += quoteItem(val.item);
      }
      icond += icond.length === 0 ? '' : '))';
    } else {
      const fieldItems = ex.fields.items;
      let comps = itemsOf(ex.comps);
      if (comps.length === 0) comps = fieldItems.map(() => ({ isList: false as const, item: '=' }));
      icond = '(';
      for (const values of ex.values) {
        const valueItems = itemsOf(values);
        if (fieldItems.length !== valueItems.length) {
          throw validateError('Fields and values lists must have equal length', ex.context);
        }
        icond += icond === '(' ? '' : ' or ';
        icond += '(';
        fieldItems.forEach((field, k) => {
          icond += k === 0 ? '' : ' and ';
          const v = valueItems[k];
          const comp = itemOf(comps[k]);
          let istr: string;
          if (v.isList) {
            istr = `(${v.items.map((x) => quoteItem(itemOf(x))).join(', ')})`;
          } else {
            istr = LIST_OPERATORS.includes(comp) ? parenItem(v.item) : quoteItem(v.item);
          }
          icond += ` ${itemOf(field)} ${comp} ${istr}`;
          fields.add(itemOf(field));
        });
        icond += ')';
      }
      icond += ')';
      if (icond === '()') icond = '';
    }
    condition += icond.length === 0 ? '' : ` and not ${icond}`;
  }
  return condition;
}
