// PagerDuty Events API v2: one `trigger` event per alert. The alert's uuid is the dedup_key, so a
// retried delivery updates the same PagerDuty alert instead of paging twice.

import type { Delivery, DestinationType, OptionValues } from './destination.js';
import { isoMillis, priorityOf, truncate } from './alertText.js';
import { defaultHttpTimeoutMs, httpSend } from './httpSend.js';
import { oneOfProblem, problems, stringOption, urlProblem } from './optionValues.js';
import { checkCertOption, HttpAgents, mutualTlsOption } from './tlsClient.js';

export const pagerdutyEndpoints: Readonly<Record<string, string>> = {
  us: 'https://events.pagerduty.com',
  eu: 'https://events.eu.pagerduty.com',
};

/** Falco priority → PagerDuty severity (critical, error, warning, info). */
export function pagerdutySeverity(priority: string): string {
  switch (priority) {
    case 'emergency':
    case 'alert':
    case 'critical':
      return 'critical';
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    default:
      return 'info';
  }
}

/** PagerDuty's limit on payload.summary. */
export const pagerdutySummaryMax = 1024;

export function pagerdutyEvent(delivery: Delivery, routingKey: string) {
  const { alert, count } = delivery;
  const details: Record<string, unknown> = { ...alert.output_fields };
  details.rule = alert.rule;
  details.priority = alert.priority;
  details.source = alert.source;
  if (alert.hostname) details.hostname = alert.hostname;
  if (alert.tags.length) details.tags = alert.tags.join(', ');
  if (count > 1) details.count = count;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: alert.uuid,
    client: 'Kestrel',
    payload: {
      summary: truncate(alert.output, pagerdutySummaryMax),
      source: alert.hostname || 'falco',
      severity: pagerdutySeverity(priorityOf(alert)),
      timestamp: isoMillis(alert.time),
      component: alert.source,
      class: alert.rule,
      custom_details: details,
    },
  };
}

/** The API URL: `apiurl` when set, else the region's endpoint. */
export function pagerdutyEnqueueUrl(values: OptionValues): string {
  const base =
    stringOption(values, 'apiurl') || pagerdutyEndpoints[stringOption(values, 'region').toLowerCase() || 'us'];
  return `${base.replace(/\/+$/, '')}/v2/enqueue`;
}

export const pagerdutyDestination: DestinationType = {
  type: 'pagerduty',
  options: {
    mutualtls: mutualTlsOption,
    checkcert: checkCertOption,
    routingkey: {
      kind: 'string',
      enables: true,
      secret: true,
      doc: 'Integration (routing) key of an Events API v2 service',
    },
    region: { kind: 'string', default: 'us', doc: 'us or eu: which Events API endpoint' },
    apiurl: { kind: 'string', default: '', doc: 'Events API base URL; overrides region (a proxy, or tests)' },
  },
  validate(values) {
    const key = stringOption(values, 'routingkey');
    return problems(
      /^[A-Za-z0-9]{32}$/.test(key) ? undefined : 'pagerduty.routingkey: must be the 32-character integration key',
      oneOfProblem('pagerduty', values, 'region', Object.keys(pagerdutyEndpoints)),
      urlProblem('pagerduty', values, 'apiurl', false),
    );
  },
  create(values, context) {
    const agents = HttpAgents.of('pagerduty', values, context);
    const key = stringOption(values, 'routingkey');
    const url = pagerdutyEnqueueUrl(values);
    return {
      name: 'pagerduty',
      maxBatch: 1,
      async close() {
        agents.destroy();
      },
      async send(batch, signal) {
        for (const delivery of batch) {
          await httpSend(
            'pagerduty',
            {
              url,
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify(pagerdutyEvent(delivery, key)),
              timeoutMs: defaultHttpTimeoutMs,
              agents,
            },
            signal,
          );
        }
      },
    };
  },
};
