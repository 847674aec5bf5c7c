// Loading kestrel.yaml: read the file (or the built-in defaults), apply `-o` overrides in order,
// then read every setting with its type checked. Wrong types and invalid values are ConfigErrors
// naming the key path and where the value came from; unknown keys are warnings.

import { DEFAULT_CONFIG_NAME, DEFAULT_CONFIG_YAML, K8S_AUDIT_CODE_DEFAULTS } from './defaults.js';
import { ConfigError } from './errors.js';
import { applyOverride } from './overrides.js';
import { Section } from './reader.js';
import { readAppendOutput } from './sections/appendOutput.js';
import { readBaseSyscalls, readSyscallEventDrops, readSyscallEventTimeouts } from './sections/drops.js';
import { REMOVED_FALCO_KEYS, readGeneral, UNUSED_FALCO_KEYS } from './sections/general.js';
import { readK8sAudit } from './sections/k8sAudit.js';
import { readOutputSettings } from './sections/outputs.js';
import { readPlugins } from './sections/plugins.js';
import { readRuleSelections } from './sections/ruleSelection.js';
import { readWebserver } from './sections/webserver.js';
import { type CNode, kindName, type MapNode, parseConfigText, readConfigFile } from './tree.js';
import type { KestrelConfig } from './types.js';

export { ConfigError } from './errors.js';

/** Every top-level key Kestrel reads. */
const KNOWN_KEYS: readonly string[] = [
  'rules_files',
  'rules_file',
  'rules',
  'priority',
  'rule_matching',
  'json_output',
  'json_include_output_property',
  'json_include_tags_property',
  'json_include_message_property',
  'json_include_output_fields_property',
  'time_format_iso_8601',
  'buffer_format_base64',
  'buffered_outputs',
  'output_timeout',
  'outputs_queue',
  'append_output',
  'static_fields',
  'stdout_output',
  'syslog_output',
  'file_output',
  'program_output',
  'http_output',
  'webserver',
  'plugins',
  'load_plugins',
  'syscall_event_drops',
  'syscall_event_timeouts',
  'base_syscalls',
  'log_stderr',
  'log_syslog',
  'log_level',
  'watch_config_files',
  'k8s_audit',
  ...UNUSED_FALCO_KEYS,
  ...Object.keys(REMOVED_FALCO_KEYS),
];

export interface LoadedConfig {
  config: KestrelConfig;
  warnings: string[];
}

function asRoot(node: CNode): MapNode {
  if (node.kind === 'map') return node;
  if (node.kind === 'null') return { kind: 'map', entries: new Map(), origin: node.origin };
  throw new ConfigError(`the configuration must be a mapping of settings, got ${kindName(node)}`, '', node.origin);
}

/**
 * Loads the configuration from `path` (the built-in defaults when undefined) and applies the
 * `-o key=value` overrides in order. Throws ConfigError.
 */
export function loadConfig(
  path: string | undefined,
  overrides: readonly string[] = [],
  env = process.env,
): LoadedConfig {
  const tree =
    path === undefined
      ? parseConfigText(DEFAULT_CONFIG_YAML, DEFAULT_CONFIG_NAME, { expandEnv: false })
      : readConfigFile(path, env);
  const root = asRoot(tree);
  for (const option of overrides) applyOverride(root, option);

  const warnings: string[] = [];
  const top = new Section(root, '', { warnings });
  top.warnUnknown(KNOWN_KEYS);
  const general = readGeneral(top);
  const outputs = readOutputSettings(top);
  const { plugins, loadedPlugins } = readPlugins(top);
  const config: KestrelConfig = {
    ...(path !== undefined ? { configFile: path } : {}),
    ...general,
    ...outputs,
    appendOutput: readAppendOutput(top),
    rules: readRuleSelections(top),
    webserver: readWebserver(top),
    plugins,
    loadedPlugins,
    syscallEventDrops: readSyscallEventDrops(top),
    syscallEventTimeoutsMaxConsecutives: readSyscallEventTimeouts(top),
    baseSyscalls: readBaseSyscalls(top),
    k8sAudit: readK8sAudit(top, loadedPlugins, K8S_AUDIT_CODE_DEFAULTS),
  };
  return { config, warnings };
}
