// Every field offered on Kubernetes audit events (k8saudit plugin, json plugin, legacy jevt.time
// fields) and how a reference to one of them becomes an extractor.

import { JSON_EXTRACTORS } from '../json/extractors.js';
import { JEVT_LEGACY_FIELD_CLASS, JSON_FIELD_CLASS } from '../json/fieldDefs.js';
import { getMember } from '../json/jsonAccess.js';
import type { JsonEvent } from '../json/jsonEvent.js';
import { type Extractor, type FieldClass, type FieldDef, FieldError, type FieldRef } from '../types.js';
import { K8SAUDIT_EXTRACTORS } from './extractors.js';
import { K8SAUDIT_FIELD_CLASS } from './fieldDefs.js';
import { bindPluginFieldArg } from './pluginFieldArg.js';

export const K8SAUDIT_FIELD_CLASSES: FieldClass[] = [K8SAUDIT_FIELD_CLASS, JSON_FIELD_CLASS, JEVT_LEGACY_FIELD_CLASS];

const FIELDS_BY_NAME: ReadonlyMap<string, FieldDef> = new Map(
  K8SAUDIT_FIELD_CLASSES.flatMap((c) => c.fields.map((f) => [f.name, f] as const)),
);

export function findK8sAuditField(name: string): FieldDef | undefined {
  return FIELDS_BY_NAME.get(name);
}

/**
 * Validates a field reference and compiles its extractor. Throws FieldError, worded as Falco
 * words it, for unknown fields and bad arguments.
 */
export function bindK8sAuditField(ref: FieldRef): Extractor<JsonEvent> {
  const def = FIELDS_BY_NAME.get(ref.name);
  if (def === undefined) throw new FieldError(`filter_check called with nonexistent field ${ref.name}`);
  const arg = bindPluginFieldArg(def, ref);

  const json = JSON_EXTRACTORS.get(def.name);
  if (json !== undefined) return json(arg.key);

  const ka = K8SAUDIT_EXTRACTORS.get(def.name);
  if (ka === undefined) throw new Error(`internal error: no extractor for field ${def.name}`);
  const extract = ka(arg);
  // JSON without an auditID is not an audit event: the plugin gives no ka.* value for it.
  return (evt) => (getMember(evt.json, 'auditID') === undefined ? undefined : extract(evt.json));
}
