// How the json plugin's fields (and the legacy jevt.time fields) are read from a JSON event.

import type { Extractor } from '../types.js';
import { getPath, renderJson } from './jsonAccess.js';
import type { JsonEvent } from './jsonEvent.js';
import { parseJsonPointer } from './jsonPointer.js';
import { iso8601Text, timeOfDayText } from './timeText.js';

/** Builds an extractor from the field's key argument ('' for fields without one). */
export type JsonExtractorFactory = (key: string) => Extractor<JsonEvent>;

const value: JsonExtractorFactory = (pointer) => {
  const keys = parseJsonPointer(pointer);
  return (evt) => {
    const v = getPath(evt.json, keys);
    return v === undefined ? undefined : renderJson(v);
  };
};

// Indented like Go's json.Indent with two spaces, which is what the plugin returns.
const obj: JsonExtractorFactory = () => (evt) => JSON.stringify(evt.json, null, 2);

const rawtime: JsonExtractorFactory = () => (evt) => evt.timestampNs.toString();

export const JSON_EXTRACTORS: ReadonlyMap<string, JsonExtractorFactory> = new Map<string, JsonExtractorFactory>([
  ['json.value', value],
  ['json.obj', obj],
  ['json.rawtime', rawtime],
  ['jevt.value', value],
  ['jevt.obj', obj],
  ['jevt.rawtime', rawtime],
  ['jevt.time', () => (evt) => timeOfDayText(evt.timestampNs)],
  ['jevt.time.iso8601', () => (evt) => iso8601Text(evt.timestampNs)],
]);
