// Opsgenie Alert API v2: one alert per Falco alert, priority P1–P5 from the Falco priority as
// Falcosidekick maps it. The alert's uuid is the alias, so a retried delivery is deduplicated by
// Opsgenie instead of opening a second alert.

import type { Delivery, DestinationType, OptionValues } from './destination.js';
import { fieldEntries, priorityOf, truncate } from './alertText.js';
import { defaultHttpTimeoutMs, httpSend } from './httpSend.js';
import { oneOfProblem, problems, stringOption, urlProblem } from './optionValues.js';
import { checkCertOption, HttpAgents, mutualTlsOption } from './tlsClient.js';

export const opsgenieEndpoints: Readonly<Record<string, string>> = {
  us: 'https://api.opsgenie.com',
  eu: 'https://api.eu.opsgenie.com',
};

/** Opsgenie's field limits. */
export const opsgenieLimits = { message: 130, description: 15000, alias: 512, tag: 50, tags: 20 };

export function opsgeniePriority(priority: string): string {
  switch (priority) {
    case 'emergency':
    case 'alert':
      return 'P1';
    case 'critical':
      return 'P2';
    case 'error':
      return 'P3';
    case 'warning':
      return 'P4';
    default:
      return 'P5';
  }
}

export function opsgenieAlert(delivery: Delivery) {
  const { alert, count } = delivery;
  const details: Record<string, string> = {};
  // Opsgenie keys cannot hold dots, as Falcosidekick found: proc.name → proc_name.
  for (const [k, v] of fieldEntries(alert)) details[k.replace(/\./g, '_')] = v;
  details.source = alert.source;
  details.rule = alert.rule;
  details.priority = alert.priority;
  if (alert.hostname) details.hostname = alert.hostname;
  if (alert.tags.length) details.tags = alert.tags.join(', ');
  if (count > 1) details.count = String(count);
  return {
    message: truncate(alert.output, opsgenieLimits.message),
    alias: alert.uuid,
    description: truncate(`${alert.rule}\n\n${alert.output}`, opsgenieLimits.description),
    entity: alert.hostname || 'Kestrel',
    source: 'Kestrel',
    tags: alert.tags.slice(0, opsgenieLimits.tags).map((t) => truncate(t, opsgenieLimits.tag)),
    details,
    priority: opsgeniePriority(priorityOf(alert)),
  };
}

/** The API URL: `apiurl` when set, else the region's endpoint. */
export function opsgenieAlertsUrl(values: OptionValues): string {
  const base =
    stringOption(values, 'apiurl') || opsgenieEndpoints[stringOption(values, 'region').toLowerCase() || 'us'];
  return `${base.replace(/\/+$/, '')}/v2/alerts`;
}

export const opsgenieDestination: DestinationType = {
  type: 'opsgenie',
  options: {
    mutualtls: mutualTlsOption,
    checkcert: checkCertOption,
    apikey: { kind: 'string', enables: true, secret: true, doc: 'API key of an Opsgenie API integration' },
    region: { kind: 'string', default: 'us', doc: 'us or eu: which Opsgenie API endpoint' },
    apiurl: { kind: 'string', default: '', doc: 'API base URL; overrides region (a proxy, or tests)' },
  },
  validate(values) {
    return problems(
      stringOption(values, 'apikey') === '' ? 'opsgenie.apikey: is required' : undefined,
      oneOfProblem('opsgenie', values, 'region', Object.keys(opsgenieEndpoints)),
      urlProblem('opsgenie', values, 'apiurl', false),
    );
  },
  create(values, context) {
    const agents = HttpAgents.of('opsgenie', values, context);
    const key = stringOption(values, 'apikey');
    const url = opsgenieAlertsUrl(values);
    return {
      name: 'opsgenie',
      maxBatch: 1,
      async close() {
        agents.destroy();
      },
      async send(batch, signal) {
        for (const delivery of batch) {
          await httpSend(
            'opsgenie',
            {
              url,
              headers: { 'Content-Type': 'application/json', Authorization: `GenieKey ${key}` },
              body: JSON.stringify(opsgenieAlert(delivery)),
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
