// Elasticsearch / OpenSearch bulk API: one POST /_bulk per batch, an `index` action per alert into
// `<index>-<date>` (by the alert's UTC day, month or year). The alert's uuid is the document _id,
// so a retried item overwrites instead of duplicating. The bulk answer is 200 even when items
// fail, so each item's status is reported to the core: 429 and 5xx items are retried alone,
// the others (mapping errors...) dead-lettered one by one.

import type { Delivery, DestinationType, PartialDelivery } from './destination.js';
import { DeliveryError } from './destination.js';
import { alertBody } from './alertBody.js';
import { basicAuth, defaultHttpTimeoutMs, httpSend } from './httpSend.js';
import { mapOption, oneOfProblem, problems, stringOption, urlProblem } from './optionValues.js';
import { checkCertOption, HttpAgents, mutualTlsOption } from './tlsClient.js';

export const elasticsearchSuffixes = ['daily', 'monthly', 'annually', 'none'];
export const elasticsearchMaxBatch = 500;

export function indexName(index: string, suffix: string, time: string): string {
  const ms = Date.parse(time);
  const d = new Date(Number.isNaN(ms) ? Date.now() : ms);
  const yyyy = String(d.getUTCFullYear());
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  switch (suffix) {
    case 'none':
      return index;
    case 'monthly':
      return `${index}-${yyyy}.${mm}`;
    case 'annually':
      return `${index}-${yyyy}`;
    default:
      return `${index}-${yyyy}.${mm}.${dd}`;
  }
}

/** Elasticsearch's rules for an index name (the date suffix keeps them). */
export function indexNameProblem(index: string): string | undefined {
  if (index === '') return 'elasticsearch.index: is required';
  if (index !== index.toLowerCase()) return `elasticsearch.index: ${JSON.stringify(index)} must be lower case`;
  if (/[\\/*?"<>| ,#:]/.test(index))
    return `elasticsearch.index: ${JSON.stringify(index)} holds a character Elasticsearch refuses`;
  if (/^[-_+]/.test(index) || index === '.' || index === '..')
    return `elasticsearch.index: ${JSON.stringify(index)} cannot start with -, _ or + or be . or ..`;
  return undefined;
}

export function bulkBody(batch: readonly Delivery[], index: string, suffix: string, type: string): string {
  let body = '';
  for (const { alert, count } of batch) {
    const action: Record<string, string> = { _index: indexName(index, suffix, alert.time), _id: alert.uuid };
    // Mapping types are gone since Elasticsearch 7; only an explicit legacy type is sent.
    if (type && type !== '_doc') action._type = type;
    body += `${JSON.stringify({ index: action })}\n${alertBody({ alert, count })}\n`;
  }
  return body;
}

interface BulkItem {
  status?: number;
  error?: { type?: string; reason?: string };
}

/**
 * The per-item outcome of a bulk answer: undefined when every item was indexed, else the failed
 * items, 429 and 5xx retryable, other statuses (mapping errors...) not. Throws a retryable
 * DeliveryError when the answer is not a bulk answer for this batch.
 */
export function bulkOutcome(text: string, expected: number): PartialDelivery | undefined {
  let parsed: { errors?: boolean; items?: Record<string, BulkItem>[] };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new DeliveryError('elasticsearch: bulk answer is not JSON', true);
  }
  if (!Array.isArray(parsed.items) || parsed.items.length !== expected)
    throw new DeliveryError(
      `elasticsearch: bulk answer has ${parsed.items?.length ?? 'no'} items for ${expected} actions`,
      true,
    );
  if (!parsed.errors) return undefined;
  const failed: { index: number; error: DeliveryError }[] = [];
  parsed.items.forEach((entry, index) => {
    const item = Object.values(entry ?? {})[0] ?? {};
    const status = item.status ?? 0;
    if (status >= 200 && status <= 299) return;
    const retryable = status === 429 || status >= 500;
    const reason = `${item.error?.type ?? 'error'}: ${item.error?.reason ?? ''}`.slice(0, 300);
    failed.push({
      index,
      error: new DeliveryError(`elasticsearch: document refused: ${status} ${reason}`, retryable, status),
    });
  });
  return failed.length > 0 ? { failed } : undefined;
}

export const elasticsearchDestination: DestinationType = {
  type: 'elasticsearch',
  options: {
    mutualtls: mutualTlsOption,
    checkcert: checkCertOption,
    hostport: { kind: 'string', enables: true, doc: 'Elasticsearch or OpenSearch base URL, http://host:port' },
    index: { kind: 'string', default: 'falco', doc: 'Index name before the date suffix' },
    type: {
      kind: 'string',
      default: '_doc',
      doc: 'Mapping type; only a value other than _doc is sent (Elasticsearch 6)',
    },
    suffix: { kind: 'string', default: 'daily', doc: 'Index date suffix: daily, monthly, annually or none' },
    username: { kind: 'string', default: '', doc: 'Basic-auth user' },
    password: { kind: 'string', default: '', secret: true, doc: 'Basic-auth password' },
    apikey: {
      kind: 'string',
      default: '',
      secret: true,
      doc: 'API key (the encoded id:key), sent as Authorization: ApiKey',
    },
    customheaders: { kind: 'map', default: {}, doc: 'Extra request headers' },
  },
  validate(values) {
    const user = stringOption(values, 'username');
    const password = stringOption(values, 'password');
    return problems(
      urlProblem('elasticsearch', values, 'hostport', true),
      indexNameProblem(stringOption(values, 'index')),
      oneOfProblem('elasticsearch', values, 'suffix', elasticsearchSuffixes),
      (user === '') !== (password === '')
        ? 'elasticsearch.username and elasticsearch.password: set both, or neither'
        : undefined,
      user && stringOption(values, 'apikey')
        ? 'elasticsearch.apikey: set an API key or a username, not both'
        : undefined,
    );
  },
  create(values, context) {
    const agents = HttpAgents.of('elasticsearch', values, context);
    const url = `${stringOption(values, 'hostport').replace(/\/+$/, '')}/_bulk`;
    const index = stringOption(values, 'index') || 'falco';
    const suffix = stringOption(values, 'suffix').toLowerCase() || 'daily';
    const type = stringOption(values, 'type');
    const headers: Record<string, string> = {
      ...mapOption(values, 'customheaders'),
      'Content-Type': 'application/x-ndjson',
    };
    const user = stringOption(values, 'username');
    const apikey = stringOption(values, 'apikey');
    if (user) headers.Authorization = basicAuth(user, stringOption(values, 'password'));
    else if (apikey) headers.Authorization = `ApiKey ${apikey}`;
    return {
      name: 'elasticsearch',
      maxBatch: elasticsearchMaxBatch,
      async close() {
        agents.destroy();
      },
      async send(batch, signal) {
        if (batch.length === 0) return;
        const response = await httpSend(
          'elasticsearch',
          { url, headers, body: bulkBody(batch, index, suffix, type), timeoutMs: defaultHttpTimeoutMs, agents },
          signal,
        );
        return bulkOutcome(response.text, batch.length);
      },
    };
  },
};
