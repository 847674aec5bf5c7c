// Kestrel's configuration once loaded and validated. Keys keep falco.yaml's names and meanings
// (camel-cased here); `k8sAudit` is Kestrel's own.

import type { RuleMatching } from '../engine/engine.js';
import type { Priority } from '../engine/priority.js';
import type { RuleSelection } from '../engine/selection.js';
import type { AppendOutputEntry } from '../outputs/appendOutput.js';

export interface FileOutputConfig {
  enabled: boolean;
  keepAlive: boolean;
  filename: string;
}

export interface ProgramOutputConfig {
  enabled: boolean;
  keepAlive: boolean;
  program: string;
}

export interface HttpOutputConfig {
  enabled: boolean;
  url: string;
  userAgent: string;
  insecure: boolean;
  echo: boolean;
  caCert: string;
  caBundle: string;
  caPath: string;
  mtls: boolean;
  clientCert: string;
  clientKey: string;
  compressUploads: boolean;
  keepAlive: boolean;
  maxConsecutiveTimeouts: number;
}

export interface WebserverConfig {
  enabled: boolean;
  threadiness: number;
  listenPort: number;
  listenAddress: string;
  k8sHealthzEndpoint: string;
  sslEnabled: boolean;
  sslCertificate: string;
  prometheusMetricsEnabled: boolean;
}

/** One `plugins:` entry. `libraryPath` is kept but unused: Kestrel's plugins are built in. */
export interface PluginConfig {
  name: string;
  libraryPath: string;
  /** A mapping is turned into JSON text, as Falco does. */
  initConfig: string;
  openParams: string;
}

export interface BaseSyscallsConfig {
  customSet: string[];
  repair: boolean;
  all: boolean;
}

export type DropAction = 'ignore' | 'log' | 'alert' | 'exit';

export interface SyscallEventDropsConfig {
  threshold: number;
  actions: DropAction[];
  rate: number;
  maxBurst: number;
  simulateDrops: boolean;
}

export interface K8sAuditWebhookConfig {
  enabled: boolean;
  listenAddress: string;
  listenPort: number;
  path: string;
  /** Serve HTTPS with this PEM file (certificate and key), when set. */
  sslCertificate: string;
}

export interface K8sAuditConfig {
  webhook: K8sAuditWebhookConfig;
  /** Audit log files (globs allowed) to read. */
  files: string[];
  /** Keep reading the files as they grow. */
  follow: boolean;
}

export interface KestrelConfig {
  /** The configuration file read, if any. */
  configFile?: string;
  /** `rules_files` (or the deprecated `rules_file`), as written: files or directories. */
  rulesFiles: string[];
  priority: Priority;
  ruleMatching: RuleMatching;
  jsonOutput: boolean;
  jsonIncludeOutputProperty: boolean;
  jsonIncludeTagsProperty: boolean;
  jsonIncludeMessageProperty: boolean;
  jsonIncludeOutputFieldsProperty: boolean;
  timeFormatIso8601: boolean;
  bufferFormatBase64: boolean;
  bufferedOutputs: boolean;
  /** `output_timeout`, milliseconds. */
  outputTimeout: number;
  /** `outputs_queue.capacity`; 0 for unbounded. */
  outputsQueueCapacity: number;
  stdoutOutput: { enabled: boolean };
  syslogOutput: { enabled: boolean };
  fileOutput: FileOutputConfig;
  programOutput: ProgramOutputConfig;
  httpOutput: HttpOutputConfig;
  appendOutput: AppendOutputEntry[];
  staticFields: Record<string, string>;
  /** `rules:` enable/disable selections, in order. */
  rules: RuleSelection[];
  webserver: WebserverConfig;
  /** Every `plugins:` entry. */
  plugins: PluginConfig[];
  /** The plugins to load: those named by `load_plugins`, in its order, or all when it is absent. */
  loadedPlugins: PluginConfig[];
  syscallEventDrops: SyscallEventDropsConfig;
  syscallEventTimeoutsMaxConsecutives: number;
  baseSyscalls: BaseSyscallsConfig;
  logStderr: boolean;
  logSyslog: boolean;
  logLevel: string;
  watchConfigFiles: boolean;
  k8sAudit: K8sAuditConfig;
}
