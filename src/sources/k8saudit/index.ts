export { K8sAuditEvent } from './event.js';
export { AuditFileFollower, type AuditFileFollowerOptions, type FollowedFile } from './fileFollower.js';
export { type AuditFileSummary, readAuditFile } from './fileReader.js';
export { K8S_AUDIT_SOURCE_NAME, K8sAuditSource, PLUGIN_EVENT_TYPE } from './k8sAuditSource.js';
export {
  MISSING_STAGE_TIMESTAMP,
  NOT_AN_AUDIT_EVENT,
  type ParsedAudit,
  parseAuditEvent,
  parseAuditText,
  parseAuditValue,
} from './parse.js';
export { type AuditLocation, AuditParseError, describeLocation } from './parseError.js';
export { BUILTIN_PLUGINS, type BuiltinPlugin } from './plugins.js';
export {
  type AuditWebhook,
  type AuditWebhookCounters,
  type AuditWebhookOptions,
  createAuditWebhook,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  DEFAULT_WEBHOOK_PATH,
  newAuditWebhookCounters,
} from './webhook.js';
