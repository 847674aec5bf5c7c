// Kestrel's default configuration, used when no configuration file is given: the settings
// Falco's shipped falco.yaml makes (stdout alerts, the health endpoint, suggested output fields,
// drop alerts), plus Kestrel's audit webhook. A configuration file replaces it entirely; keys the
// file leaves out take the built-in defaults of each setting, as in Falco (for instance
// stdout_output is then off unless the file enables it).

import { fileURLToPath } from 'node:url';
import type { K8sAuditConfig } from './types.js';

export const DEFAULT_CONFIG_NAME = '<built-in kestrel.yaml>';

/** Kestrel's own rules, shipped in the package's rules/ folder (loaded in name order). */
export const KESTREL_RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url));

export const DEFAULT_CONFIG_YAML = `
rules_files:
  - ${JSON.stringify(KESTREL_RULES_DIR)}

priority: debug
rule_matching: first

json_output: false
json_include_output_property: true
json_include_tags_property: true
json_include_message_property: false
json_include_output_fields_property: true
time_format_iso_8601: false
buffered_outputs: false
output_timeout: 2000
outputs_queue:
  capacity: 0

append_output:
  - suggested_output: true

stdout_output:
  enabled: true
syslog_output:
  enabled: false
file_output:
  enabled: false
  keep_alive: false
  filename: ./events.txt
program_output:
  enabled: false
  keep_alive: false
  program: "jq '{text: .output}' | curl -d @- -X POST https://hooks.slack.com/services/XXX"
http_output:
  enabled: false
  url: ""
  user_agent: "falcosecurity/falco"

webserver:
  enabled: true
  threadiness: 0
  listen_port: 8765
  listen_address: 0.0.0.0
  k8s_healthz_endpoint: /healthz
  prometheus_metrics_enabled: false
  ssl_enabled: false
  ssl_certificate: /etc/falco/falco.pem

log_stderr: true
log_syslog: false
log_level: info

syscall_event_drops:
  threshold: .1
  actions:
    - log
    - alert
  rate: .03333
  max_burst: 1
  simulate_drops: false
syscall_event_timeouts:
  max_consecutives: 1000

k8s_audit:
  webhook:
    enabled: true
    listen_address: 0.0.0.0
    listen_port: 9765
    path: /k8s-audit
  files: []
  follow: false
`;

/** The audit input when a configuration file says nothing about it: none. */
export const K8S_AUDIT_CODE_DEFAULTS: K8sAuditConfig = Object.freeze({
  webhook: Object.freeze({
    enabled: false,
    listenAddress: '0.0.0.0',
    listenPort: 9765,
    path: '/k8s-audit',
    sslCertificate: '',
  }),
  files: [],
  follow: false,
}) as K8sAuditConfig;
