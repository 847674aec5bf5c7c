// The one interface every router destination implements (one file per destination in this
// folder). The router core owns the queue, retries, batching limits, dedup, filters and metrics;
// a destination only turns a batch of alerts into its API's request and says whether a failure
// is worth retrying.

import type { RouterAlert } from '../alert.js';
import type { ClientTls } from './tlsClient.js';

/** One alert to deliver; `count` > 1 when dedup folded identical alerts into it. */
export interface Delivery {
  readonly alert: RouterAlert;
  readonly count: number;
}

/** A failed delivery. `retryable: false` sends the alert straight to the dead-letter file. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** HTTP status → DeliveryError: 408, 429 and 5xx are retried, other 4xx are not. */
export function httpDeliveryError(destination: string, status: number, body: string): DeliveryError {
  const retryable = status === 408 || status === 429 || status >= 500;
  return new DeliveryError(`${destination}: HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ''}`, retryable, status);
}

/**
 * What send() returns when items of one batch can fail on their own (Elasticsearch's bulk API):
 * the failed ones by their index in the batch; every other item was delivered. The core retries
 * the retryable ones alone and dead-letters the others.
 */
export interface PartialDelivery {
  readonly failed: ReadonlyArray<{ readonly index: number; readonly error: DeliveryError }>;
}

export interface Destination {
  /** Instance name used in logs, metrics and cursors, e.g. `slack` or `webhook`. */
  readonly name: string;
  /** Most alerts one send() takes: 1 unless the API batches (Loki, Elasticsearch, Kafka). */
  readonly maxBatch: number;
  /**
   * Delivers the batch, or throws (a DeliveryError, or any error: treated as retryable) when
   * none of it was; a PartialDelivery tells which items failed when only some did.
   */
  send(batch: readonly Delivery[], signal: AbortSignal): Promise<void | PartialDelivery>;
  close?(): Promise<void>;
}

/** The kinds of option values a destination declares; the core reads YAML and env vars into them. */
export type OptionKind = 'string' | 'int' | 'bool' | 'duration' | 'list' | 'map';

export interface OptionSpec {
  readonly kind: OptionKind;
  readonly default?: string | number | boolean | readonly string[] | Readonly<Record<string, string>>;
  /** When set, the destination is enabled only if this option is non-empty (Falcosidekick's rule). */
  readonly enables?: boolean;
  /** Never logged or shown by the UI. */
  readonly secret?: boolean;
  readonly doc: string;
}

/** Option values after parsing: `duration` is milliseconds, `list` string[], `map` Record<string,string>. */
export type OptionValues = Readonly<
  Record<string, string | number | boolean | readonly string[] | Readonly<Record<string, string>>>
>;

export interface DestinationContext {
  /** The router's hostname, for destinations that name a source host. */
  readonly hostname: string;
  /** Global client TLS settings (tlsclient.*, mutualtlsclient.*); absent: none set. */
  readonly tls?: ClientTls;
}

/**
 * A destination type: its YAML key (lower case, as Falcosidekick names it: `slack`, `alertmanager`,
 * `loki`...), the options it reads under that key (env vars are the upper-cased path joined by
 * `_`, e.g. `SLACK_WEBHOOKURL`), and how to build it. `validate` returns problems with options
 * that the generic parsing cannot see (e.g. a bad URL), each message naming the option.
 */
export interface DestinationType {
  readonly type: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  validate?(options: OptionValues): string[];
  create(options: OptionValues, context: DestinationContext): Destination;
}
