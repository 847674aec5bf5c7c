// The `k8s_audit` event source: Kubernetes audit events with the fields of Falco's k8saudit and
// json plugins.

import type { EventSource } from '../../events/source.js';
import { bindK8sAuditField, findK8sAuditField, K8SAUDIT_FIELD_CLASSES } from '../../fields/k8saudit/catalog.js';
import type { Extractor, FieldClass, FieldDef, FieldRef } from '../../fields/types.js';
import type { K8sAuditEvent } from './event.js';

/** Event type of every plugin event in Falco (scap PPME_PLUGINEVENT_E). */
export const PLUGIN_EVENT_TYPE = 322;

export const K8S_AUDIT_SOURCE_NAME = 'k8s_audit';

export class K8sAuditSource implements EventSource<K8sAuditEvent> {
  readonly name = K8S_AUDIT_SOURCE_NAME;
  readonly fieldClasses: readonly FieldClass[] = K8SAUDIT_FIELD_CLASSES;

  findField(name: string): FieldDef | undefined {
    return findK8sAuditField(name);
  }

  bindField(ref: FieldRef): Extractor<K8sAuditEvent> {
    return bindK8sAuditField(ref);
  }

  eventTypeOf(_evt: K8sAuditEvent): number {
    return PLUGIN_EVENT_TYPE;
  }

  timestampOf(evt: K8sAuditEvent): bigint {
    return evt.timestampNs;
  }
}
