// Grafana Loki push API: one POST per batch, alerts grouped into streams by their labels (rule,
// priority, source, hostname, tags, k8s_ns_name, k8s_pod_name and the `extralabels` fields),
// each value [nanosecond timestamp, line], the line the output text or the alert as JSON.

import type { RouterAlert } from '../alert.js';
import type { Delivery, DestinationType } from './destination.js';
import { unixNanos } from './alertText.js';
import { alertBody } from './alertBody.js';
import { basicAuth, defaultHttpTimeoutMs, httpSend } from './httpSend.js';
import { listOption, mapOption, oneOfProblem, problems, stringOption, urlProblem } from './optionValues.js';
import { checkCertOption, HttpAgents, mutualTlsOption } from './tlsClient.js';

export const lokiFormats = ['text', 'json'];
export const lokiMaxBatch = 100;

/** Loki label names: [a-zA-Z_][a-zA-Z0-9_]*. A field becomes a label as Falcosidekick names it (k8s.ns.name → k8snsname). */
export function lokiLabelName(field: string): string {
  const name = field.replace(/[.[\]]/g, '').replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

export function lokiLabels(alert: RouterAlert, extraLabels: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const field of extraLabels) {
    const v = alert.output_fields[field];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      labels[lokiLabelName(field)] = String(v);
  }
  labels.rule = alert.rule;
  labels.priority = alert.priority;
  labels.source = alert.source;
  if (alert.hostname) labels.hostname = alert.hostname;
  if (alert.tags.length) labels.tags = [...alert.tags].sort().join(',');
  const ns = alert.output_fields['k8s.ns.name'];
  if (typeof ns === 'string' && ns) labels.k8s_ns_name = ns;
  const pod = alert.output_fields['k8s.pod.name'];
  if (typeof pod === 'string' && pod) labels.k8s_pod_name = pod;
  return labels;
}

export function lokiLine(delivery: Delivery, format: string): string {
  if (format === 'json') return alertBody(delivery);
  return delivery.count > 1 ? `${delivery.alert.output} (repeated ${delivery.count} times)` : delivery.alert.output;
}

export function lokiPush(batch: readonly Delivery[], format: string, extraLabels: readonly string[]) {
  const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
  for (const delivery of batch) {
    const labels = lokiLabels(delivery.alert, extraLabels);
    const key = JSON.stringify(Object.entries(labels).sort());
    let stream = streams.get(key);
    if (!stream) streams.set(key, (stream = { stream: labels, values: [] }));
    stream.values.push([unixNanos(delivery.alert.time), lokiLine(delivery, format)]);
  }
  for (const s of streams.values())
    s.values.sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : BigInt(a[0]) > BigInt(b[0]) ? 1 : 0));
  return { streams: [...streams.values()] };
}

export const lokiDestination: DestinationType = {
  type: 'loki',
  options: {
    mutualtls: mutualTlsOption,
    checkcert: checkCertOption,
    hostport: { kind: 'string', enables: true, doc: 'Loki base URL, http://host:port' },
    endpoint: { kind: 'string', default: '/loki/api/v1/push', doc: 'Path of the push API' },
    user: { kind: 'string', default: '', doc: 'Basic-auth user (Grafana Cloud Logs user id)' },
    apikey: { kind: 'string', default: '', secret: true, doc: 'Basic-auth password (Grafana Cloud API key)' },
    tenant: { kind: 'string', default: '', doc: 'X-Scope-OrgID tenant header, when not empty' },
    format: { kind: 'string', default: 'text', doc: 'Log line: text (the output) or json (the alert)' },
    extralabels: { kind: 'list', default: [], doc: 'Output fields added as stream labels' },
    customheaders: { kind: 'map', default: {}, doc: 'Extra request headers' },
  },
  validate(values) {
    const endpoint = stringOption(values, 'endpoint');
    const user = stringOption(values, 'user');
    const key = stringOption(values, 'apikey');
    return problems(
      urlProblem('loki', values, 'hostport', true),
      endpoint && !endpoint.startsWith('/')
        ? `loki.endpoint: ${JSON.stringify(endpoint)} must start with /`
        : undefined,
      oneOfProblem('loki', values, 'format', lokiFormats),
      (user === '') !== (key === '') ? 'loki.user and loki.apikey: set both for basic auth, or neither' : undefined,
      ...listOption(values, 'extralabels').map((f) =>
        /^[A-Za-z0-9_.[\]-]+$/.test(f)
          ? undefined
          : `loki.extralabels: ${JSON.stringify(f)} is not an output field name`,
      ),
    );
  },
  create(values, context) {
    const agents = HttpAgents.of('loki', values, context);
    const url = `${stringOption(values, 'hostport').replace(/\/+$/, '')}${stringOption(values, 'endpoint') || '/loki/api/v1/push'}`;
    const format = stringOption(values, 'format').toLowerCase() || 'text';
    const extraLabels = listOption(values, 'extralabels');
    const headers: Record<string, string> = {
      ...mapOption(values, 'customheaders'),
      'Content-Type': 'application/json',
    };
    const tenant = stringOption(values, 'tenant');
    if (tenant) headers['X-Scope-OrgID'] = tenant;
    const user = stringOption(values, 'user');
    if (user) headers.Authorization = basicAuth(user, stringOption(values, 'apikey'));
    return {
      name: 'loki',
      maxBatch: lokiMaxBatch,
      async close() {
        agents.destroy();
      },
      async send(batch, signal) {
        if (batch.length === 0) return;
        await httpSend(
          'loki',
          {
            url,
            headers,
            body: JSON.stringify(lokiPush(batch, format, extraLabels)),
            timeoutMs: defaultHttpTimeoutMs,
            agents,
          },
          signal,
        );
      },
    };
  },
};
