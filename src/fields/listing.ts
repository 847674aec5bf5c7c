// Field catalog listings, laid out like `falco --list` (text) and `falco --list --markdown`, plus
// a JSON form for tooling. Classes offered by several sources are printed once, naming every
// source, as Falco does.

import type { FieldClass, FieldDef } from './types.js';

export type FieldCatalogFormat = 'text' | 'markdown' | 'json';

export interface FieldCatalogOptions {
  /** Only classes of this event source. */
  source?: string;
  /** Also list deprecated fields (hidden by default, as in Falco). */
  includeDeprecated?: boolean;
  /** Text format: prefix each description with the field type (`falco --list -v`). */
  verbose?: boolean;
  /** Text format: field names only, one per line (`falco --list --names-only`). */
  namesOnly?: boolean;
}

/** Column where descriptions start, and total line width, of Falco's text listing. */
const RIGHT_BLOCK_START = 30;
const LINE_WIDTH = 120;
const CLASS_RULE = '-------------------------------';

interface ListedClass {
  displayName: string;
  shortDesc: string;
  desc: string;
  plugin?: string;
  sources: string[];
  fields: FieldDef[];
}

/** Falco names plugin classes after the plugin: `container (plugin)`. */
function displayNameOf(c: FieldClass): string {
  return c.plugin ? `${c.plugin} (plugin)` : c.name;
}

/** Merges classes shown under the same name and short description, keeping first-seen order. */
function groupClasses(classes: readonly FieldClass[], source: string | undefined): ListedClass[] {
  const groups = new Map<string, ListedClass>();
  for (const c of classes) {
    if (c.hidden || (source !== undefined && c.source !== source)) continue;
    const displayName = displayNameOf(c);
    const shortDesc = c.shortDesc ?? '';
    const key = `${displayName}\u0000${shortDesc}`;
    let group = groups.get(key);
    if (!group) {
      group = { displayName, shortDesc, desc: c.desc, plugin: c.plugin, sources: [], fields: [] };
      groups.set(key, group);
    }
    if (!group.sources.includes(c.source)) group.sources.push(c.source);
    for (const f of c.fields) if (!group.fields.some((g) => g.name === f.name)) group.fields.push(f);
  }
  for (const g of groups.values()) g.sources.sort();
  return [...groups.values()];
}

/** Fields a listing can show at all: print-only fields are never listed, table-only ones neither. */
function listableFields(fields: readonly FieldDef[]): FieldDef[] {
  return fields.filter((f) => !f.printOnly);
}

/** Word-wraps text into the description column, each word followed by a space, as Falco does. */
function wrapDescription(text: string): string {
  let out = '';
  let len = 0;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const wordLen = word.length + 1;
    if (len + wordLen <= LINE_WIDTH - RIGHT_BLOCK_START) {
      len += wordLen;
    } else {
      out += `\n${' '.repeat(RIGHT_BLOCK_START)}`;
      len = wordLen;
    }
    out += `${word} `;
  }
  return out;
}

function padRight(s: string): string {
  return s.padEnd(RIGHT_BLOCK_START, ' ');
}

/** Falco's tag names for a field's flags, in its (byte) order. */
function fieldTags(f: FieldDef): string[] {
  const tags: string[] = [];
  if (f.filterOnly) tags.push('FILTER_ONLY');
  if (f.deprecated) tags.push('EPF_DEPRECATED');
  if (f.noRhs) tags.push('EPF_NO_RHS');
  if (f.noTransformer) tags.push('EPF_NO_TRANSFORMER');
  if (f.arg?.required) tags.push('ARG_REQUIRED');
  else if (f.arg) tags.push('ARG_ALLOWED');
  if (f.isList) tags.push('EPF_IS_LIST');
  return tags.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function renderTextClass(c: ListedClass, opts: FieldCatalogOptions): string {
  const fields = listableFields(c.fields);
  let out = `${CLASS_RULE}\n${padRight('Field Class:')}${c.displayName}`;
  if (c.shortDesc) out += ` (${c.shortDesc})`;
  out += '\n';
  if (c.desc) out += `${padRight('Description:')}${wrapDescription(c.desc)}\n`;
  if (c.sources.length > 0) out += `${padRight('Event Sources:')}${c.sources.map((s) => `${s} `).join('')}\n`;
  out += '\n';
  let deprecatedSkipped = 0;
  for (const f of fields) {
    if (f.hidden) continue;
    if (f.deprecated && !opts.includeDeprecated) {
      deprecatedSkipped++;
      continue;
    }
    out += f.name.length > RIGHT_BLOCK_START ? `${f.name}\n${' '.repeat(RIGHT_BLOCK_START)}` : padRight(f.name);
    const tags = fieldTags(f);
    let desc = tags.length > 0 ? `(${tags.join(',')}) ${f.desc}` : f.desc;
    if (opts.verbose) desc = `(Type: ${f.type}) ${desc}`;
    out += `${wrapDescription(desc)}\n`;
  }
  // A class whose every field is deprecated prints nothing, as in Falco.
  return deprecatedSkipped === fields.length ? '' : out;
}

function renderMarkdownClass(c: ListedClass, opts: FieldCatalogOptions): string {
  const fields = listableFields(c.fields);
  let out = `## Field Class: ${c.displayName}\n\n`;
  if (c.desc) out += `${c.desc}\n\n`;
  if (c.sources.length > 0) out += `Event Sources: ${c.sources.map((s) => `${s} `).join('')}\n\n`;
  out += 'Name | Type | Description\n:----|:-----|:-----------\n';
  let deprecatedSkipped = 0;
  for (const f of fields) {
    if (f.hidden) continue;
    if (f.deprecated && !opts.includeDeprecated) {
      deprecatedSkipped++;
      continue;
    }
    const type = f.isList ? `LIST(${f.type})` : f.type;
    out += `\`${f.name}\` | ${type} | ${f.desc}\n`;
  }
  return deprecatedSkipped === fields.length ? '' : out;
}

function jsonField(f: FieldDef): Record<string, unknown> {
  const out: Record<string, unknown> = { name: f.name, type: f.type, desc: f.desc };
  if (f.arg) out.arg = { ...f.arg };
  for (const flag of ['isList', 'deprecated', 'filterOnly', 'noRhs', 'noTransformer'] as const) {
    if (f[flag]) out[flag] = true;
  }
  return out;
}

function renderJson(classes: ListedClass[], opts: FieldCatalogOptions): string {
  const out = classes.map((c) => ({
    name: c.displayName,
    ...(c.shortDesc ? { shortDesc: c.shortDesc } : {}),
    ...(c.plugin ? { plugin: c.plugin } : {}),
    desc: c.desc,
    sources: c.sources,
    fields: listableFields(c.fields)
      .filter((f) => !f.hidden && (opts.includeDeprecated || !f.deprecated))
      .map(jsonField),
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Renders the field classes in one of the listing formats. */
export function renderFieldCatalog(
  classes: readonly FieldClass[],
  format: FieldCatalogFormat,
  opts: FieldCatalogOptions = {},
): string {
  const listed = groupClasses(classes, opts.source);
  if (format === 'json') return renderJson(listed, opts);
  if (format === 'markdown') return listed.map((c) => `${renderMarkdownClass(c, opts)}\n`).join('');
  if (opts.namesOnly) {
    return listed
      .flatMap((c) => listableFields(c.fields).filter((f) => !f.hidden && !f.deprecated))
      .map((f) => `${f.name}\n`)
      .join('');
  }
  return listed.map((c) => `${renderTextClass(c, opts)}\n`).join('');
}
