// Parses a rules content into YAML documents. Scalars are kept as text (failsafe schema) so
// values convert the way yaml-cpp converts them; parse failures are reported with yaml-cpp's
// wording and mark, since Falco's messages quote yaml-cpp.

import { type Document, LineCounter, parseAllDocuments, type YAMLError } from 'yaml';
import type { Position } from './context.js';
import { PositionMapper } from './positions.js';

export interface ParsedYaml {
  docs: Document[];
  positions: PositionMapper;
}

export interface YamlParseFailure {
  /** yaml-cpp style message: `yaml-cpp: error at line L, column C: what`. */
  message: string;
  position: Position;
}

export function parseRulesYaml(text: string): ParsedYaml | YamlParseFailure {
  const positions = new PositionMapper(text);
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, lineCounter, prettyErrors: false });
  const docs: Document[] = Array.isArray(parsed) ? parsed : [];
  for (const doc of docs) {
    if (doc.errors.length > 0) return failure(text, positions, doc.errors[0]);
  }
  return { docs, positions };
}

/** Maps the `yaml` package's error to what yaml-cpp reports for the same input. */
function failure(text: string, positions: PositionMapper, err: YAMLError): YamlParseFailure {
  let offset = err.pos[0];
  let what: string;
  switch (err.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // yaml-cpp stops at the ':' that makes the nested mapping illegal.
      const colon = text.indexOf(':', offset);
      if (colon >= 0) offset = colon;
      what = 'illegal map value';
      break;
    }
    case 'MISSING_CHAR':
      what = /quote/i.test(err.message)
        ? 'illegal EOF in scalar'
        : /flow/i.test(err.message)
          ? 'end of sequence flow not found'
          : 'end of sequence not found';
      break;
    case 'BAD_INDENT':
      what = /sequence/i.test(err.message)
        ? 'end of sequence flow not found'
        : /map/i.test(err.message)
          ? 'end of map flow not found'
          : 'end of map not found';
      break;
    case 'UNEXPECTED_TOKEN':
      what = /flow-(seq|map)-end/.test(err.message) ? 'illegal flow end' : 'unknown token';
      break;
    case 'TAB_AS_INDENT':
      what = 'illegal tab when looking for indentation';
      break;
    case 'BAD_ALIAS':
      what = 'the referenced anchor is not defined';
      break;
    case 'DUPLICATE_KEY':
      what = 'illegal map key';
      break;
    default:
      what = err.message.replace(/ at line \d+, column \d+.*$/s, '');
  }
  const position = positions.at(offset);
  return { message: `yaml-cpp: error at line ${position.line + 1}, column ${position.column + 1}: ${what}`, position };
}

export function isParseFailure(p: ParsedYaml | YamlParseFailure): p is YamlParseFailure {
  return (p as YamlParseFailure).message !== undefined;
}
