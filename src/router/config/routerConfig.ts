// The router's configuration once read and validated.

import type { DestinationType, OptionValues } from '../destinations/destination.js';
import type { ClientTls } from '../destinations/tlsClient.js';
import type { AlertFilter } from '../delivery/alertFilter.js';
import type { TemplateInput } from '../intake/template.js';
import type { UiServerSettings } from './uiServerConfig.js';

/** What the core applies to one destination (its common options, parsed). */
export interface DeliveryPolicy {
  /** Rank of the least severe priority delivered (0 Emergency … 7 Debug). */
  readonly minimumPriorityRank: number;
  readonly filter?: AlertFilter;
  readonly filterText: string;
  readonly dedupWindowMs: number;
  readonly maxRetryAgeMs: number;
  readonly maxBacklog: number;
  readonly maxRetryDelayMs: number;
  readonly timeoutMs: number;
}

export interface DestinationConfig {
  readonly type: DestinationType;
  /** Instance name: the type's key. */
  readonly name: string;
  readonly options: OptionValues;
  readonly policy: DeliveryPolicy;
}

export interface TlsServerConfig {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** Set with mutual TLS: client certificates must chain to it. */
  readonly ca?: Buffer;
  readonly mutual: boolean;
}

export interface RouterConfig {
  readonly listenAddress: string;
  readonly listenPort: number;
  readonly debug: boolean;
  readonly bodyLimit: number;
  readonly bearerToken?: string;
  readonly customFields: Readonly<Record<string, string>>;
  readonly customTags: readonly string[];
  readonly templatedFields: ReadonlyArray<readonly [string, (alert: TemplateInput) => string]>;
  readonly tls?: TlsServerConfig;
  /** Certificates of outgoing https connections (tlsclient.*, mutualtlsclient.*). */
  readonly clientTls: ClientTls;
  readonly queue: { readonly mode: 'durable' | 'memory'; readonly dir: string; readonly segmentSize: number };
  readonly destinations: readonly DestinationConfig[];
  /** Set when the router serves the web UI itself (uiserver.enabled). */
  readonly uiServer?: UiServerSettings;
  /** Non-fatal remarks (e.g. a Falcosidekick output Kestrel does not have). */
  readonly warnings: readonly string[];
}

/** Invalid configuration: every problem, each naming the YAML key or env var and the value. */
export class RouterConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid router configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RouterConfigError';
  }
}
