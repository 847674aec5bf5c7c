// The outcome of loading one rules content: errors and warnings with their contexts, and the
// renderings Falco gives them (one-line summary, verbose text, JSON).

import {
  ERROR_CODES,
  type ErrorCode,
  errorCodeDesc,
  WARNING_CODES,
  type WarningCode,
  warningCodeDesc,
} from './codes.js';
import type { LoadContext } from './context.js';
import { fromByteString, snippetAt, toByteString } from './snippet.js';

export interface LoadError {
  code: ErrorCode;
  message: string;
  context: LoadContext;
}

export interface LoadWarning {
  code: WarningCode;
  message: string;
  context: LoadContext;
}

/** Rules contents by name (file name), used to print snippets. */
export type RulesContents = ReadonlyMap<string, string>;

// Falco's JSON objects have their keys in alphabetical order (nlohmann's default map); the
// interfaces and builders below keep that order so serialized output matches byte for byte.

export interface JsonLocation {
  item_name: string;
  item_type: string;
  position: { column: number; line: number; name: string; offset: number };
}

export interface JsonMessage {
  code: string;
  codedesc: string;
  context: { locations: JsonLocation[]; snippet: string };
  message: string;
}

export interface JsonLoadResult {
  errors: JsonMessage[];
  name: string;
  successful: boolean;
  warnings: JsonMessage[];
}

export class LoadResult {
  readonly name: string;
  readonly errors: LoadError[] = [];
  readonly warnings: LoadWarning[] = [];
  /** Status of the JSON-schema check of the content ("ok", "none", or "failed for ..."). */
  schemaValidation = 'none';

  constructor(name: string) {
    this.name = name;
  }

  get successful(): boolean {
    return this.errors.length === 0;
  }

  get hasWarnings(): boolean {
    return this.warnings.length > 0;
  }

  addError(code: ErrorCode, message: string, context: LoadContext): void {
    this.errors.push({ code, message, context });
  }

  addWarning(code: WarningCode, message: string, context: LoadContext): void {
    this.warnings.push({ code, message, context });
  }

  /** One line per file plus the list of codes, as Falco logs while loading. */
  asSummaryString(): string {
    let out = this.name ? `${this.name}: ` : '';
    out += this.successful ? (this.warnings.length > 0 ? 'Ok, with warnings' : 'Ok') : 'Invalid';
    if (this.errors.length > 0) {
      const codes = this.errors.map((e) => `${e.code} (${ERROR_CODES[e.code].short})`).join(' ');
      out += `\n ${this.errors.length} errors: [${codes}]`;
    }
    if (this.warnings.length > 0) {
      const codes = this.warnings.map((w) => `${w.code} (${WARNING_CODES[w.code].short})`).join(' ');
      out += `\n ${this.warnings.length} warnings: [${codes}]`;
    }
    return out;
  }

  /** Full text with locations and snippets, as `falco -V` prints it. */
  asVerboseString(contents: RulesContents): string {
    let out = this.name ? `${this.name}: ` : '';
    out += this.successful ? (this.warnings.length > 0 ? 'Ok, with warnings' : 'Ok') : 'Invalid';
    if (this.errors.length > 0) {
      out += `\n${this.errors.length} Errors:\n`;
      for (const e of this.errors) {
        out += contextAsString(e.context);
        out += `------\n${snippetOf(e.context, contents)}------\n`;
        out += `${e.code} (${ERROR_CODES[e.code].short}): ${e.message}\n`;
      }
    }
    if (this.warnings.length > 0) {
      out += `\n${this.warnings.length} Warnings:\n`;
      for (const w of this.warnings) {
        out += contextAsString(w.context);
        out += `------\n${snippetOf(w.context, contents)}------\n`;
        out += `${w.code} (${WARNING_CODES[w.code].short}): ${w.message}\n`;
      }
    }
    return out;
  }

  /** The object Falco puts in `falco_load_results` for this content. */
  asJson(contents: RulesContents): JsonLoadResult {
    const message = (code: string, codedesc: string, msg: string, ctx: LoadContext): JsonMessage => ({
      code,
      codedesc,
      context: { locations: contextLocationsJson(ctx), snippet: snippetOf(ctx, contents) },
      message: msg,
    });
    return {
      errors: this.errors.map((e) => message(e.code, errorCodeDesc(e.code), e.message, e.context)),
      name: this.name,
      successful: this.successful,
      warnings: this.warnings.map((w) => message(w.code, warningCodeDesc(w.code), w.message, w.context)),
    };
  }
}

/** "In rule 'x': (file:line:col)" lines, one per location. */
export function contextAsString(ctx: LoadContext): string {
  let out = '';
  ctx.locations.forEach((loc, i) => {
    out += i === 0 ? 'In ' : '    ';
    out += loc.itemType;
    if (loc.itemName) out += ` '${loc.itemName}'`;
    out += `: (${loc.name}:${loc.pos.line}:${loc.pos.column})\n`;
  });
  return out;
}

export function contextLocationsJson(ctx: LoadContext): JsonLocation[] {
  return ctx.locations.map((loc) => ({
    item_name: loc.itemName,
    item_type: loc.itemType,
    position: { column: loc.pos.column, line: loc.pos.line, name: loc.name, offset: loc.pos.pos },
  }));
}

export function snippetOf(ctx: LoadContext, contents: RulesContents): string {
  const last = ctx.locations[ctx.locations.length - 1];
  const content = ctx.altContent ? ctx.altContent : contents.get(last.name);
  if (content === undefined) return `<No context for file + ${last.name}>\n`;
  return fromByteString(snippetAt(toByteString(content), last.pos.pos));
}
