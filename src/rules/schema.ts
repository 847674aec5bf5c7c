// The rules-file JSON-schema check Falco runs next to loading. Its outcome is only a status
// string ("ok" or "failed for <path>: <reason>") that Falco logs while loading; it never
// makes a load fail. Scalars are typed the way Falco converts YAML to JSON for the check
// (integer, then number, then boolean, else string).

import { asBool } from './decode.js';
import { scalarText, type YamlView, type YNode } from './yamlNodes.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const PRIORITIES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'INFORMATIONAL', 'DEBUG'];
const OVERRIDABLE = [
  'items',
  'desc',
  'condition',
  'output',
  'priority',
  'enabled',
  'exceptions',
  'capture',
  'capture_duration',
  'capture_events',
  'capture_filesize',
  'tags',
  'warn_evttypes',
  'skip-if-unknown-filter',
];

type Check = (v: Json, path: string) => string | undefined;

const TYPE_ERROR = "Value type not permitted by 'type' constraint.";
const fail = (path: string, why: string): string => `${path}: ${why}`;

const isObj = (v: Json): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v, p) => (typeof v === 'string' ? undefined : fail(p, TYPE_ERROR));
const bool: Check = (v, p) => (typeof v === 'boolean' ? undefined : fail(p, TYPE_ERROR));
const int: Check = (v, p) => (typeof v === 'number' && Number.isInteger(v) ? undefined : fail(p, TYPE_ERROR));
const any: Check = () => undefined;

function arrayOf(item: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return fail(p, TYPE_ERROR);
    for (let i = 0; i < v.length; i++) {
      const e = item(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return undefined;
  };
}

function object(props: Record<string, Check>, required: string[] = [], minProperties = 0): Check {
  return (v, p) => {
    if (!isObj(v)) return fail(p, TYPE_ERROR);
    for (const r of required) if (!(r in v)) return fail(p, `Missing required property '${r}'.`);
    const keys = Object.keys(v);
    if (keys.length < minProperties) return fail(p, `Object should have no fewer than ${minProperties} properties.`);
    for (const k of keys) {
      const check = props[k];
      if (!check) {
        return fail(
          p,
          `Object contains a property that could not be validated using 'properties' or 'additionalProperties' constraints: '${k}'.`,
        );
      }
      const e = check(v[k], `${p}[${k}]`);
      if (e) return e;
    }
    return undefined;
  };
}

const oneOfValues =
  (values: string[]): Check =>
  (v, p) =>
    typeof v !== 'string'
      ? fail(p, TYPE_ERROR)
      : values.includes(v)
        ? undefined
        : fail(p, 'Failed to match against any enum values.');

const overridden = oneOfValues(['append', 'replace']);
const itemCheck: Check = (v, p) =>
  typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))
    ? undefined
    : fail(p, 'Failed to validate against any schemas allowed by anyOf constraint.');
const alternative = object({ name: str, version: str }, ['name', 'version']);
const pluginVersion = object({ name: str, version: str, alternatives: arrayOf(alternative) }, ['name', 'version']);
const exception = object({ name: str, fields: any, comps: any, values: any }, ['name']);

const falcoItem = object({
  required_engine_version: str,
  required_plugin_versions: arrayOf(pluginVersion),
  macro: str,
  condition: str,
  list: str,
  items: arrayOf(itemCheck),
  rule: str,
  desc: str,
  enabled: bool,
  output: str,
  append: bool,
  priority: oneOfValues(PRIORITIES),
  capture: bool,
  capture_duration: int,
  capture_events: int,
  capture_filesize: int,
  source: str,
  exceptions: arrayOf(exception),
  override: object(Object.fromEntries(OVERRIDABLE.map((k) => [k, overridden])), [], 1),
  tags: arrayOf(str),
  warn_evttypes: bool,
  'skip-if-unknown-filter': bool,
});

const rulesFile = arrayOf(falcoItem);

/** Status of the schema check over all documents: "ok" or the first failure. */
export function validateSchema(views: YamlView[]): string {
  for (const view of views) {
    const json = toJson(view, view.deref(view.root()));
    if (json === null) continue;
    const err = rulesFile(json, '<root>');
    if (err) return `failed for ${err}`;
  }
  return 'ok';
}

function toJson(view: YamlView, n: YNode): Json {
  if (n === null) return null;
  if (view.isMap(n)) {
    const out: { [k: string]: Json } = {};
    for (const { key, value } of view.keys(n)) out[key] = toJson(view, value);
    return out;
  }
  if (view.isSeq(n)) return view.items(n).map((i) => toJson(view, i));
  const text = scalarText(n);
  if (/^[-+]?(0|[1-9][0-9]*)$/.test(text) && Math.abs(Number(text)) <= 0x7fffffff) return Number(text);
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  const b = asBool(text);
  return b === undefined ? text : b;
}
