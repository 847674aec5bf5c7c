import type { JsonValue } from './jsonAccess.js';

/**
 * What the json and k8saudit field extractors read from an event: its parsed JSON payload and its
 * timestamp. Kubernetes audit events satisfy it; so can any other JSON-carrying source.
 */
export interface JsonEvent {
  readonly json: JsonValue;
  /** Nanoseconds since the epoch. */
  readonly timestampNs: bigint;
}
