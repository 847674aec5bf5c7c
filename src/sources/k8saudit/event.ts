import type { JsonObject } from '../../fields/json/jsonAccess.js';

/**
 * One Kubernetes audit event (an `audit.k8s.io` Event object) as rules see it: the parsed object,
 * its JSON text and its time, which is the event's `stageTimestamp` (what Falco's k8saudit
 * plugin stamps events with).
 */
export class K8sAuditEvent {
  readonly json: JsonObject;
  /** `stageTimestamp` in nanoseconds since the epoch. */
  readonly timestampNs: bigint;
  #raw: string | undefined;

  /**
   * @param raw the event's JSON text when it is at hand (a stand-alone Event line or body);
   *   otherwise it is serialised from `json` on first use.
   */
  constructor(json: JsonObject, timestampNs: bigint, raw?: string) {
    this.json = json;
    this.timestampNs = timestampNs;
    this.#raw = raw;
  }

  /** The event as JSON text. */
  get raw(): string {
    if (this.#raw === undefined) this.#raw = JSON.stringify(this.json);
    return this.#raw;
  }
}
