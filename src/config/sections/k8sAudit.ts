// Kestrel's own `k8s_audit:` section, where Kubernetes audit events come from:
//
//   k8s_audit:
//     webhook: {enabled: true, listen_address: 0.0.0.0, listen_port: 9765, path: /k8s-audit}
//     files: [/var/log/audit/kube/*.log]    # globs allowed
//     follow: true                           # keep reading as the files grow
//
// Falco configures the same through the k8saudit plugin's open_params: a URL
// (`http://:9765/k8s-audit`) starts the webhook, anything else names an audit file. When that
// plugin is loaded its open_params are honoured; keys written in `k8s_audit:` win over them.

import { ConfigError } from '../errors.js';
import type { Section } from '../reader.js';
import type { K8sAuditConfig, PluginConfig } from '../types.js';

const WEBHOOK_URL = /^(https?):\/\/(\[[^\]]*\]|[^/:]*)(?::(\d+))?(\/.*)?$/;

interface Derived {
  webhook?: Partial<K8sAuditConfig['webhook']>;
  files?: string[];
}

/** What the k8saudit plugin's open_params (and init_config) say about the audit input. */
function fromPlugin(plugin: PluginConfig | undefined, pluginsPath: string): Derived {
  const params = plugin?.openParams ?? '';
  if (plugin === undefined || params === '') return {};
  const m = WEBHOOK_URL.exec(params);
  if (m === null) return { webhook: { enabled: false }, files: [params] };
  const host = m[2].replace(/^\[|\]$/g, '');
  const port = m[3] === undefined ? (m[1] === 'https' ? 443 : 80) : Number(m[3]);
  if (port > 65535) {
    throw new ConfigError(`port ${port} in open_params "${params}" is out of range`, `${pluginsPath}.open_params`);
  }
  const webhook: Partial<K8sAuditConfig['webhook']> = {
    enabled: true,
    listenAddress: host === '' ? '0.0.0.0' : host,
    listenPort: port,
    path: m[4] ?? '/',
  };
  if (m[1] === 'https') {
    let cert = '/etc/falco/falco.pem';
    if (plugin.initConfig !== '') {
      try {
        const init = JSON.parse(plugin.initConfig) as { sslCertificate?: unknown };
        if (typeof init.sslCertificate === 'string') cert = init.sslCertificate;
      } catch {
        // A non-JSON init_config carries no certificate setting.
      }
    }
    webhook.sslCertificate = cert;
  }
  return { webhook, files: [] };
}

export function readK8sAudit(
  root: Section,
  loadedPlugins: readonly PluginConfig[],
  defaults: K8sAuditConfig,
): K8sAuditConfig {
  const plugin = loadedPlugins.find((p) => p.name === 'k8saudit');
  const derived = fromPlugin(plugin, 'plugins');
  const s = root.section('k8s_audit');
  s.warnUnknown(['webhook', 'files', 'follow']);
  const w = s.section('webhook');
  w.warnUnknown(['enabled', 'listen_address', 'listen_port', 'path', 'ssl_certificate']);
  const base = { ...defaults.webhook, ...derived.webhook };
  const webhook = {
    enabled: w.bool('enabled', base.enabled),
    listenAddress: w.string('listen_address', base.listenAddress),
    listenPort: w.int('listen_port', base.listenPort, { min: 0, max: 65535 }),
    path: w.string('path', base.path),
    sslCertificate: w.string('ssl_certificate', base.sslCertificate),
  };
  if (!webhook.path.startsWith('/'))
    throw w.error('path', `the webhook path must start with "/", got "${webhook.path}"`);
  return {
    webhook,
    files: s.stringList('files', derived.files ?? defaults.files),
    follow: s.bool('follow', defaults.follow),
  };
}
