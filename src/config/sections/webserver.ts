// `webserver:`, the health endpoint server, with Falco's defaults and checks.

import { isIP } from 'node:net';
import type { Section } from '../reader.js';
import type { WebserverConfig } from '../types.js';

/** Falco also accepts an IPv6 zone suffix (`fe80::1%eth0`). */
function isIpAddress(text: string): boolean {
  const trimmed = text.trim();
  const zone = trimmed.indexOf('%');
  return isIP(trimmed) !== 0 || (zone > 0 && isIP(trimmed.slice(0, zone)) === 6);
}

export function readWebserver(root: Section): WebserverConfig {
  const s = root.section('webserver');
  s.warnUnknown([
    'enabled',
    'threadiness',
    'listen_port',
    'listen_address',
    'k8s_healthz_endpoint',
    'ssl_enabled',
    'ssl_certificate',
    'prometheus_metrics_enabled',
  ]);
  const out: WebserverConfig = {
    enabled: s.bool('enabled', false),
    threadiness: s.int('threadiness', 0, { min: 0 }),
    listenPort: s.int('listen_port', 8765, { min: 0, max: 65535 }),
    listenAddress: s.string('listen_address', '0.0.0.0'),
    k8sHealthzEndpoint: s.string('k8s_healthz_endpoint', '/healthz'),
    sslEnabled: s.bool('ssl_enabled', false),
    sslCertificate: s.string('ssl_certificate', '/etc/falco/falco.pem'),
    prometheusMetricsEnabled: s.bool('prometheus_metrics_enabled', false),
  };
  if (!isIpAddress(out.listenAddress)) {
    throw s.error('listen_address', `webserver listen address "${out.listenAddress}" is not a valid IP address`);
  }
  return out;
}
