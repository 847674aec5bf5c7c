// Prometheus Alertmanager: alerts POSTed as a JSON array to its API (v2 by default), with
// Falcosidekick's labels, annotations, severity mapping, `expiresafter` and extra labels.

import { PRIORITY_CHOICES, priorityRank } from '../priority.js';
import {
  DEFAULT_SEVERITIES,
  LABEL_NAME,
  alertmanagerAlert,
  type AlertmanagerShape,
  type DropThreshold,
} from './alertmanagerAlert.js';
import type { Delivery, Destination, DestinationContext, DestinationType, OptionValues } from './destination.js';
import { httpSend } from './httpSend.js';
import { mapOption, problems, stringOption, urlProblem } from './optionValues.js';
import { HttpAgents, mutualTlsOption } from './tlsClient.js';

const TYPE = 'alertmanager';
const DEFAULT_DROP_THRESHOLDS = '10000:critical, 1000:critical, 100:critical, 10:warning, 1:warning';
const ENDPOINTS = ['/api/v2/alerts', '/api/v1/alerts'];
const TIMEOUT_MS = 10_000;
const MAX_BATCH = 100;

/** `10000:critical, 10:warning` → thresholds largest first, or the problem with the text. */
export function parseDropThresholds(text: string): DropThreshold[] | string {
  const out: DropThreshold[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const m = /^(\d+)\s*:\s*(\S+)$/.exec(part);
    const rank = m ? priorityRank(m[2]) : undefined;
    if (!m || rank === undefined)
      return `${JSON.stringify(part)} is not <count>:<priority> (priority one of ${PRIORITY_CHOICES})`;
    out.push({ value: Number(m[1]), rank });
  }
  return out.sort((a, b) => b.value - a.value);
}

function severityProblems(map: Record<string, string>): string[] {
  return Object.keys(map)
    .filter((p) => priorityRank(p) === undefined)
    .map((p) => `${TYPE}.customseveritymap: ${JSON.stringify(p)} is not a priority (one of ${PRIORITY_CHOICES})`);
}

function labelProblems(key: string, map: Record<string, string>): string[] {
  return Object.keys(map)
    .filter((n) => !LABEL_NAME.test(n))
    .map(
      (n) =>
        `${TYPE}.${key}: ${JSON.stringify(n)} is not a valid name (letters, digits and _, not starting with a digit)`,
    );
}

function validate(options: OptionValues): string[] {
  const endpoint = stringOption(options, 'endpoint') || ENDPOINTS[0];
  const drop = parseDropThresholds(stringOption(options, 'dropeventthresholds') || DEFAULT_DROP_THRESHOLDS);
  const dropDefault = stringOption(options, 'dropeventdefaultpriority') || 'critical';
  const expires = options.expiresafter;
  return problems(
    urlProblem(TYPE, options, 'hostport', true),
    ENDPOINTS.includes(endpoint)
      ? undefined
      : `${TYPE}.endpoint: ${JSON.stringify(endpoint)} is not one of ${ENDPOINTS.join(', ')}`,
    typeof expires === 'number' && expires < 0 ? `${TYPE}.expiresafter: must not be negative` : undefined,
    typeof drop === 'string' ? `${TYPE}.dropeventthresholds: ${drop}` : undefined,
    priorityRank(dropDefault) === undefined
      ? `${TYPE}.dropeventdefaultpriority: ${JSON.stringify(dropDefault)} is not a priority (one of ${PRIORITY_CHOICES})`
      : undefined,
    ...severityProblems(mapOption(options, 'customseveritymap')),
    ...labelProblems('extralabels', mapOption(options, 'extralabels')),
    ...labelProblems('extraannotations', mapOption(options, 'extraannotations')),
  );
}

function shapeOf(options: OptionValues): AlertmanagerShape {
  const severityByRank = [...DEFAULT_SEVERITIES];
  for (const [priority, severity] of Object.entries(mapOption(options, 'customseveritymap'))) {
    const rank = priorityRank(priority);
    if (rank !== undefined) severityByRank[rank] = severity;
  }
  const drop = parseDropThresholds(stringOption(options, 'dropeventthresholds') || DEFAULT_DROP_THRESHOLDS);
  const expires = options.expiresafter;
  return {
    expiresAfterMs: typeof expires === 'number' ? expires : 0,
    extraLabels: mapOption(options, 'extralabels'),
    extraAnnotations: mapOption(options, 'extraannotations'),
    severityByRank,
    dropThresholds: typeof drop === 'string' ? [] : drop,
    dropDefaultRank: priorityRank(stringOption(options, 'dropeventdefaultpriority') || 'critical') ?? 2,
  };
}

function create(options: OptionValues, context: DestinationContext): Destination {
  const problemList = validate(options);
  if (problemList.length > 0) throw new Error(problemList.join('; '));
  const base = stringOption(options, 'hostport').replace(/\/+$/, '');
  const url = new URL(base + (stringOption(options, 'endpoint') || ENDPOINTS[0]));
  const shape = shapeOf(options);
  const headers = { ...mapOption(options, 'customheaders'), 'content-type': 'application/json' };
  const agents = HttpAgents.of(TYPE, options, context);
  return {
    name: TYPE,
    maxBatch: MAX_BATCH,
    async send(batch: readonly Delivery[], signal: AbortSignal): Promise<void> {
      const body = JSON.stringify(batch.map((d) => alertmanagerAlert(d.alert, d.count, shape)));
      await httpSend(TYPE, { url: url.href, headers, body, timeoutMs: TIMEOUT_MS, agents }, signal);
    },
    async close() {
      agents.destroy();
    },
  };
}

export const alertmanagerDestination: DestinationType = {
  type: TYPE,
  options: {
    hostport: {
      kind: 'string',
      enables: true,
      doc: 'http://{domain or ip}:{port} of Alertmanager; enables the destination',
    },
    endpoint: { kind: 'string', default: ENDPOINTS[0], doc: 'API path: /api/v2/alerts (default) or /api/v1/alerts' },
    expiresafter: {
      kind: 'duration',
      default: 0,
      doc: 'when non-zero, the alert ends (endsAt) this long after its time; a number is seconds',
    },
    extralabels: { kind: 'map', default: {}, doc: 'labels added to every alert (name:value,name2:value2)' },
    extraannotations: { kind: 'map', default: {}, doc: 'annotations added to every alert (name:value,name2:value2)' },
    customseveritymap: {
      kind: 'map',
      default: {},
      doc: 'overrides of the priority → severity label mapping (priority:severity,...)',
    },
    dropeventdefaultpriority: {
      kind: 'string',
      default: 'critical',
      doc: 'priority of a syscall-drop alert whose count is under every threshold',
    },
    dropeventthresholds: {
      kind: 'string',
      default: DEFAULT_DROP_THRESHOLDS,
      doc: 'drop counts re-prioritising syscall-drop alerts (<count>:<priority>,...)',
    },
    customheaders: {
      kind: 'map',
      default: {},
      secret: true,
      doc: 'headers added to the POST, e.g. for authentication',
    },
    checkcert: { kind: 'bool', default: true, doc: 'verify the TLS certificate of an https:// hostport' },
    mutualtls: mutualTlsOption,
  },
  validate,
  create,
};
