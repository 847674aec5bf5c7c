// Lists are expanded as text, before a condition is parsed, exactly as Falco does: every
// occurrence of a list name delimited by blanks, parentheses, commas, '=' or the string ends
// is replaced by the list's items joined with ", ". Lists that name earlier lists take their
// items in (one level, from the collected items).

import type { Collector } from './collector.js';

export interface CompiledList {
  name: string;
  items: string[];
  used: boolean;
}

const BLANKS = ' \t\n\r';
const DELIMS = `${BLANKS}(),=`;

/** Quotes an item holding a space unless it already starts with a quote. */
export function quoteItem(e: string): string {
  return e.includes(' ') && e[0] !== '"' && e[0] !== "'" ? `"${e}"` : e;
}

/** Wraps an item in parentheses unless it already starts with one. */
export function parenItem(e: string): string {
  return e[0] !== '(' ? `(${e})` : e;
}

/** Expands the lists known to the collector, in definition order. */
export function compileLists(col: Collector): Map<string, CompiledList> {
  const out = new Map<string, CompiledList>();
  const usedNames: string[] = [];
  for (const list of col.lists.values()) {
    const items: string[] = [];
    for (const item of list.items) {
      const ref = col.lists.get(item);
      if (ref && ref.index < list.visibility) {
        usedNames.push(ref.name);
        items.push(...ref.items);
      } else {
        items.push(item);
      }
    }
    out.set(list.name, { name: list.name, items, used: false });
  }
  for (const name of usedNames) {
    const l = out.get(name);
    if (l) l.used = true;
  }
  return out;
}

/** Substitutes one list into a condition text; returns the new text, or undefined when unused. */
export function resolveList(cnd: string, list: CompiledList): string | undefined {
  let used = false;
  let start = cnd.indexOf(list.name);
  while (start !== -1) {
    let end = start + list.name.length;
    if ((start === 0 || DELIMS.includes(cnd[start - 1])) && (end >= cnd.length || DELIMS.includes(cnd[end]))) {
      while (start > 0 && BLANKS.includes(cnd[start - 1])) start--;
      while (end < cnd.length && BLANKS.includes(cnd[end])) end++;
      const sub = list.items.map(quoteItem).join(', ');
      if (sub.length === 0) {
        // An empty list must not leave a dangling comma behind.
        if (start > 0 && cnd[start - 1] === ',') start--;
        else if (end < cnd.length && cnd[end] === ',') end++;
      }
      let next = '';
      if (start > 0) next += `${cnd.slice(0, start)} `;
      next += `${sub} `;
      if (end <= cnd.length) next += cnd.slice(end);
      cnd = next;
      start += sub.length + 1;
      used = true;
    }
    start = cnd.indexOf(list.name, start + 1);
  }
  return used ? cnd : undefined;
}

/** Expands every list into a condition text, marking the lists it uses. */
export function expandLists(condition: string, lists: Map<string, CompiledList>): string {
  for (const l of lists.values()) {
    const next = resolveList(condition, l);
    if (next !== undefined) {
      condition = next;
      l.used = true;
    }
  }
  return condition;
}
