// The OpenAPI 3 description of every route the server has (a test checks that each registered
// route is here and each path here is registered).

import { KESTREL_VERSION } from '../../cli/version.js';

const str = { type: 'string' };
const int = { type: 'integer' };
const error = { $ref: '#/components/schemas/Error' };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema: object) => ({ description, ...json(schema) });
const errors = {
  '400': ok('a bad parameter or body field, named in `error`', error),
  '401': ok('not logged in', error),
};
const changing = { ...errors, '403': ok('missing or wrong X-CSRF-Token, or a cross-origin request', error) };
const q = (name: string, description: string, schema: object = str, extra: object = {}) => ({
  name,
  in: 'query',
  description,
  schema,
  ...extra,
});
const many = (name: string, what: string) =>
  q(
    name,
    `${what}; repeat the parameter for several (any of them matches)`,
    { type: 'array', items: str },
    { style: 'form', explode: true },
  );

const FILTERS = [
  q('from', 'start of the time window (inclusive): RFC 3339 or ms since the epoch'),
  q('to', 'end of the time window (exclusive): RFC 3339 or ms since the epoch'),
  q('window', 'the window ending at `to` (or now): a duration such as 15m, 6h, 7d; not with `from`'),
  q('priority', 'Falco priorities, comma-separated or repeated (any case)'),
  many('rule', 'rule name'),
  many('source', 'event source (syscall, k8s_audit...)'),
  many('hostname', 'host name'),
  many('namespace', 'Kubernetes namespace (k8s.ns.name)'),
  many('pod', 'Kubernetes pod (k8s.pod.name)'),
  many('image', 'container image repository'),
  q(
    'q',
    'free text: words separated by whitespace, "double quotes" around a phrase. Every word must occur in the output or in an output field (as `name=value`) as a substring, case-insensitively (both lowercased code point by code point); other characters, such as % _ \\ * \' and an unpaired ", are literal. At least one word needs 3 characters or more (the index looks it up); shorter words are allowed beside it',
  ),
  q('acknowledged', 'true: only acknowledged alerts; false: only the others', { type: 'boolean' }),
  q('muted', 'exclude (default), include or only the alerts a mute matches', { enum: ['exclude', 'include', 'only'] }),
  q('sort', 'time (default) or priority (then time)', { enum: ['time', 'priority'] }),
  q('order', 'desc (default: newest / most severe first) or asc', { enum: ['desc', 'asc'] }),
];

const alertSchema = {
  type: 'object',
  required: ['id', 'time', 'priority', 'rule', 'source', 'hostname', 'tags', 'output', 'output_fields', 'count'],
  properties: {
    id: { ...str, description: 'the uuid the router gave the alert' },
    time: { ...str, description: 'RFC 3339 with nanoseconds' },
    priority: str,
    rule: str,
    source: str,
    hostname: str,
    tags: { type: 'array', items: str },
    output: str,
    output_fields: { type: 'object', additionalProperties: true },
    count: { ...int, description: 'identical alerts folded into this one by the router' },
    acknowledged_at: { ...str, nullable: true },
    muted_by: { ...int, nullable: true, description: 'id of the mute that matches it' },
  },
};
const countRows = { type: 'array', items: { type: 'object', properties: { value: str, count: int } } };
const series = { type: 'array', items: { type: 'object', properties: { t: int, value: str, count: int } } };
const mute = {
  type: 'object',
  properties: {
    id: int,
    rule: str,
    fields: { type: 'object', additionalProperties: str },
    comment: str,
    created_at: str,
  },
};

export const OPENAPI = {
  openapi: '3.0.3',
  info: {
    title: 'Kestrel UI API',
    version: KESTREL_VERSION,
    description:
      'Alerts stored by the router’s `ui` destination. Log in with POST /api/v1/login; the session is a cookie, valid on every `kestrel ui` sharing the store (sessions are kept in its database, as hashes). Requests other than GET need the X-CSRF-Token header the login returned.',
  },
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'kestrel_session' },
      csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { ...str, description: 'PARAMETER: what is wrong' } },
      },
      Alert: alertSchema,
      Mute: mute,
    },
  },
  security: [{ session: [] }],
  paths: {
    '/healthz': { get: { summary: 'liveness', security: [], responses: { '200': ok('up', { type: 'object' }) } } },
    '/api/v1/openapi.json': {
      get: { summary: 'this document', security: [], responses: { '200': ok('OpenAPI 3', { type: 'object' }) } },
    },
    '/api/v1/login': {
      post: {
        summary: 'log in; sets the session cookie',
        security: [],
        requestBody: {
          required: true,
          ...json({ type: 'object', required: ['password'], properties: { password: str } }),
        },
        responses: {
          '200': ok('logged in', { type: 'object', properties: { csrfToken: str } }),
          '400': ok('no password', error),
          '401': ok('wrong password', error),
          '429': ok('too many failed attempts from this address; see Retry-After', error),
        },
      },
    },
    '/api/v1/logout': {
      post: {
        summary: 'end the session, or with {"everywhere": true} every session',
        security: [{ session: [], csrf: [] }],
        requestBody: {
          required: false,
          ...json({
            type: 'object',
            properties: {
              everywhere: {
                type: 'boolean',
                default: false,
                description: 'end every session (there is one password: all are the same user’s)',
              },
            },
            additionalProperties: false,
          }),
        },
        responses: {
          '200': ok('logged out', {
            type: 'object',
            properties: { loggedOut: { type: 'boolean' }, ended: { ...int, description: 'sessions ended' } },
          }),
          ...changing,
        },
      },
    },
    '/api/v1/session': {
      get: {
        summary: 'the current session and its CSRF token',
        responses: {
          '200': ok('logged in', {
            type: 'object',
            properties: { authenticated: { type: 'boolean' }, csrfToken: str },
          }),
          ...errors,
        },
      },
    },
    '/api/v1/alerts': {
      get: {
        summary: 'alerts, filtered, sorted and paged by keyset',
        parameters: [
          ...FILTERS,
          q('limit', 'page size, 1 to 1000 (default 50)', int),
          q('cursor', 'the `next` of the previous page'),
        ],
        responses: {
          '200': ok('a page', {
            type: 'object',
            properties: {
              alerts: { type: 'array', items: { $ref: '#/components/schemas/Alert' } },
              next: { ...str, nullable: true },
            },
          }),
          ...errors,
        },
      },
    },
    '/api/v1/alerts/export': {
      get: {
        summary: 'the selection as JSON lines or CSV, streamed',
        parameters: [
          ...FILTERS,
          q('format', 'jsonl (default) or csv', { enum: ['jsonl', 'csv'] }),
          q(
            'csvFormulas',
            "CSV only: guard (default) puts a ' before a text cell starting with = + - @ TAB or CR, so a spreadsheet does not run it as a formula; raw writes values exactly. 400 with format=jsonl (always exact)",
            { enum: ['guard', 'raw'], default: 'guard' },
          ),
          q('limit', 'most alerts written, 1 to 1,000,000 (default 1,000,000)', int),
        ],
        responses: {
          '200': {
            description: 'one alert per line (JSON lines), or CSV with a header row (RFC 4180 quoting)',
            content: { 'application/x-ndjson': { schema: str }, 'text/csv': { schema: str } },
          },
          ...errors,
        },
      },
    },
    '/api/v1/alerts/stream': {
      get: {
        summary: 'Server-Sent Events: `latest` at once, then `alerts` whenever new alerts are stored',
        description:
          'Each event’s data is `{"latest": N}`, the store’s newest sequence number; a page re-reads its own selection when it grows. `logout` ends the stream when the session ends. The stream does not renew the session.',
        responses: {
          '200': { description: 'an event stream', content: { 'text/event-stream': { schema: str } } },
          ...errors,
        },
      },
    },
    '/api/v1/alerts/{id}': {
      get: {
        summary: 'one alert with its raw JSON',
        parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
        responses: {
          '200': ok('the alert', {
            type: 'object',
            properties: { alert: { $ref: '#/components/schemas/Alert' }, raw: { type: 'object' } },
          }),
          '404': ok('no such alert', error),
          ...errors,
        },
      },
    },
    '/api/v1/alerts/ack': {
      post: {
        summary: 'acknowledge alerts, or clear their acknowledgement',
        security: [{ session: [], csrf: [] }],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['ids'],
            properties: {
              ids: { type: 'array', items: str, minItems: 1, maxItems: 1000 },
              acknowledged: { type: 'boolean', default: true },
            },
          }),
        },
        responses: {
          '200': ok('how many alerts exist among ids', { type: 'object', properties: { updated: int } }),
          ...changing,
        },
      },
    },
    '/api/v1/alerts/{id}/exception': {
      post: {
        summary:
          'append a Falco exception (the rule, the chosen fields with this alert’s values) to the exceptions file',
        security: [{ session: [], csrf: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['fields'],
            properties: {
              fields: { type: 'array', items: str, minItems: 1, maxItems: 20 },
              comment: str,
              dryRun: { type: 'boolean', default: false },
            },
          }),
        },
        responses: {
          '200': ok('dry run: the YAML, not written', {
            type: 'object',
            properties: { rule: str, name: str, yaml: str, file: str, written: { type: 'boolean' } },
          }),
          '201': ok('written', {
            type: 'object',
            properties: { rule: str, name: str, yaml: str, file: str, written: { type: 'boolean' } },
          }),
          '404': ok('no such alert', error),
          '409': ok('no rules or exceptions file configured', error),
          '422': ok('the rules loader rejects the exception, or the rule is not in the configured rules', error),
          ...changing,
        },
      },
    },
    '/api/v1/exceptions': {
      get: {
        summary: 'the exceptions file',
        responses: {
          '200': ok('its text', { type: 'object', properties: { file: str, text: str } }),
          '409': ok('not configured', error),
          ...errors,
        },
      },
    },
    '/api/v1/mutes': {
      get: {
        summary: 'mute rules',
        responses: {
          '200': ok('all', {
            type: 'object',
            properties: { mutes: { type: 'array', items: { $ref: '#/components/schemas/Mute' } } },
          }),
          ...errors,
        },
      },
      post: {
        summary:
          'mute alerts of a rule whose output fields equal the given values: {alert, fields} takes them from an alert, {rule, match} states them',
        security: [{ session: [], csrf: [] }],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            properties: {
              alert: str,
              fields: { type: 'array', items: str },
              rule: str,
              match: { type: 'object', additionalProperties: str },
              comment: str,
            },
          }),
        },
        responses: {
          '201': ok('the mute', { $ref: '#/components/schemas/Mute' }),
          '404': ok('no such alert', error),
          ...changing,
        },
      },
    },
    '/api/v1/mutes/{id}': {
      delete: {
        summary: 'remove a mute',
        security: [{ session: [], csrf: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: int }],
        responses: {
          '200': ok('removed', { type: 'object', properties: { deleted: int } }),
          '404': ok('no such mute', error),
          ...changing,
        },
      },
    },
    '/api/v1/dashboard': {
      get: {
        summary: 'counts by priority, series and top values over a window',
        parameters: [
          q('window', 'from 5m to 30d (default 1h)'),
          q('to', 'end of the window: RFC 3339 or ms since the epoch (default now)'),
          q('top', 'values in each top list, 1 to 50 (default 10)', int),
        ],
        responses: {
          '200': ok('the aggregations', {
            type: 'object',
            properties: {
              from: str,
              to: str,
              window: str,
              bucket: str,
              bucketMs: int,
              total: int,
              byPriority: countRows,
              series: {
                type: 'object',
                properties: { priority: series, rule: series, source: series, hostname: series },
              },
              top: {
                type: 'object',
                properties: { rule: countRows, namespace: countRows, pod: countRows, image: countRows },
              },
            },
          }),
          ...errors,
        },
      },
    },
    '/api/v1/router': {
      get: {
        summary: 'the router’s destinations, queue depths and errors (from its /metrics)',
        responses: { '200': ok('status', { type: 'object' }), ...errors },
      },
    },
    '/api/v1/versions': {
      get: {
        summary: 'versions of Kestrel, the rules engine, Node and the store',
        responses: { '200': ok('versions', { type: 'object' }), ...errors },
      },
    },
  },
} as const;
