// Top-level settings: rules files, priority, rule matching, logging, and the keys Kestrel knows
// from Falco but does not use (they are accepted with a warning so Falco files load unchanged).

import type { RuleMatching } from '../../engine/engine.js';
import { parsePriority } from '../../engine/priority.js';
import type { Section } from '../reader.js';
import type { KestrelConfig } from '../types.js';

const LOG_LEVELS = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];

/** Falco settings with no meaning for Kestrel (kernel capture, metrics, libs tuning, ...). */
export const UNUSED_FALCO_KEYS: readonly string[] = [
  'config_files',
  'engine',
  'plugins_hostinfo',
  'libs_logger',
  'metrics',
  'falco_libs',
  'capture',
  'container_engines',
  'syscall_buf_size_preset',
  'syscall_drop_failed_exit',
  'modern_bpf',
  'metadata_download',
];

/** Keys older Falco versions had and Falco 0.44 no longer has. */
export const REMOVED_FALCO_KEYS: Readonly<Record<string, string>> = {
  grpc: 'the gRPC server was removed in Falco 0.44',
  grpc_output: 'the gRPC output was removed in Falco 0.44',
  outputs: 'the outputs rate limiter (outputs.rate, outputs.max_burst) is no longer part of Falco',
};

type GeneralSettings = Pick<
  KestrelConfig,
  'rulesFiles' | 'priority' | 'ruleMatching' | 'logStderr' | 'logSyslog' | 'logLevel' | 'watchConfigFiles'
>;

function readRulesFiles(root: Section): string[] {
  const plural = root.node?.entries.has('rules_files') ?? false;
  const singular = root.node?.entries.has('rules_file') ?? false;
  if (plural && singular) throw root.error('rules_file', "both 'rules_files' and 'rules_file' keys set");
  if (singular) {
    root.warn(
      'rules_file',
      "Using deprecated config key 'rules_file' (singular form). Please use new 'rules_files' config key (plural form).",
    );
    return root.stringList('rules_file', []);
  }
  return root.stringList('rules_files', []);
}

export function readGeneral(root: Section): GeneralSettings {
  const priorityText = root.string('priority', 'debug');
  const priority = parsePriority(priorityText);
  if (priority === undefined) {
    throw root.error(
      'priority',
      `Unknown priority "${priorityText}"--must be one of emergency, alert, critical, error, warning, notice, informational, debug`,
    );
  }
  const matchingText = root.string('rule_matching', 'first');
  const matching = matchingText.toLowerCase();
  if (matching !== 'first' && matching !== 'all') {
    throw root.error('rule_matching', `Unknown rule matching strategy "${matchingText}"--must be one of first, all`);
  }
  const logLevel = root.string('log_level', 'info');
  if (!LOG_LEVELS.includes(logLevel)) {
    throw root.error('log_level', `Unknown log level "${logLevel}"--must be one of ${LOG_LEVELS.join(', ')}`);
  }
  for (const key of UNUSED_FALCO_KEYS) {
    if (root.node?.entries.has(key)) root.warn(key, 'a Falco setting Kestrel does not use, ignored');
  }
  for (const [key, why] of Object.entries(REMOVED_FALCO_KEYS)) {
    if (root.node?.entries.has(key)) root.warn(key, `${why}, ignored`);
  }
  return {
    rulesFiles: readRulesFiles(root),
    priority,
    ruleMatching: matching as RuleMatching,
    logStderr: root.bool('log_stderr', false),
    logSyslog: root.bool('log_syslog', true),
    logLevel,
    watchConfigFiles: root.bool('watch_config_files', true),
  };
}
