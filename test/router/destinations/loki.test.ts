import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { lokiDestination, lokiLabelName } from '../../../src/router/destinations/loki.js';
import {
  isObject,
  jsonBody,
  Problems,
  startApiReceiver,
  type ApiReceiver,
  type ReceivedRequest,
} from './apiReceiver.js';
import { assertFailureMapping, assertRefusedIsRetryable, closedUrl } from './deliveryErrors.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

/** Headers the receiver requires; set by each test. */
let expectedHeaders: Record<string, string> = {};

/** POST /loki/api/v1/push (JSON): {streams: [{stream: {label: value}, values: [["<unix ns>", "<line>"]]}]}, label names [a-zA-Z_][a-zA-Z0-9_]*. */
function checkPush(request: Omit<ReceivedRequest, 'problems'>): string[] {
  const p = new Problems();
  p.add(request.method === 'POST', `method ${request.method}`);
  p.add(request.url === '/loki/api/v1/push', `path ${request.url}`);
  p.add(/^application\/json\b/.test(request.headers['content-type'] ?? ''), 'Content-Type must be application/json');
  for (const [k, v] of Object.entries(expectedHeaders))
    p.add(
      request.headers[k.toLowerCase()] === v,
      `header ${k}: ${request.headers[k.toLowerCase()] ?? '(none)'}, want ${v}`,
    );
  const { value: body, problem } = jsonBody(request);
  if (!body) return [...p.list, problem ?? 'no body'];
  if (!Array.isArray(body.streams) || body.streams.length === 0)
    return [...p.list, 'streams must be a non-empty array'];
  body.streams.forEach((s: unknown, i: number) => {
    const at = `streams[${i}]`;
    if (!isObject(s) || !isObject(s.stream)) return p.add(false, `${at}.stream must be an object`);
    p.add(Object.keys(s.stream).length > 0, `${at}.stream has no labels`);
    for (const [name, value] of Object.entries(s.stream)) {
      p.add(/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name), `${at} label name ${name} is invalid`);
      p.string(value, `${at}.stream.${name}`, { nonEmpty: true });
    }
    if (!Array.isArray(s.values) || s.values.length === 0)
      return p.add(false, `${at}.values must be a non-empty array`);
    s.values.forEach((v: unknown, j: number) => {
      if (!Array.isArray(v) || (v.length !== 2 && v.length !== 3))
        return p.add(false, `${at}.values[${j}] must be [ts, line]`);
      p.add(
        typeof v[0] === 'string' && /^\d{1,19}$/.test(v[0]),
        `${at}.values[${j}][0] must be a unix-nanosecond string`,
      );
      p.string(v[1], `${at}.values[${j}][1]`);
    });
  });
  return p.list;
}

interface Push {
  streams: { stream: Record<string, string>; values: [string, string][] }[];
}

describe('loki destination against a push API receiver', () => {
  let receiver: ApiReceiver;
  before(async () => {
    receiver = await startApiReceiver(checkPush, () => ({ status: 204 }));
  });
  after(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
    expectedHeaders = {};
  });

  test('stream labels as Falcosidekick sets them, nanosecond timestamp, text line', async () => {
    const dest = lokiDestination.create(
      { hostport: receiver.url, endpoint: '/loki/api/v1/push', format: 'text' },
      context,
    );
    const alert = sampleAlert({
      output_fields: { ...sampleAlert().output_fields, 'k8s.ns.name': 'prod', 'k8s.pod.name': 'web-1' },
    });
    await dest.send([delivery(alert)], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.deepEqual(JSON.parse(receiver.requests[0].body), {
      streams: [
        {
          stream: {
            rule: 'Terminal shell in container',
            priority: 'Critical',
            source: 'syscall',
            hostname: 'node-1',
            tags: 'container,mitre_execution,shell',
            k8s_ns_name: 'prod',
            k8s_pod_name: 'web-1',
          },
          values: [['1796120430123456789', alert.output]],
        },
      ],
    });
  });

  test('one push per batch: alerts grouped by labels, values in time order, json lines with the dedup count', async () => {
    const dest = lokiDestination.create(
      { hostport: `${receiver.url}/`, format: 'json', extralabels: ['user.name', 'proc.aname[2]', 'missing.field'] },
      context,
    );
    assert.ok(dest.maxBatch > 1);
    const later = sampleAlert({ uuid: 'b', time: '2026-12-01T10:20:31.5Z' });
    const earlier = sampleAlert({ uuid: 'a', time: '2026-12-01T12:20:30.000000001+02:00' });
    const other = sampleAlert({ uuid: 'c', rule: 'Write below etc', priority: 'Error' });
    await dest.send([delivery(later), delivery(other, 4), delivery(earlier)], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.equal(receiver.requests.length, 1);
    const push = JSON.parse(receiver.requests[0].body) as Push;
    assert.equal(push.streams.length, 2);
    const [shell, etc] = push.streams;
    assert.equal(shell.stream.username, 'root');
    assert.equal(shell.stream.procaname2, 'containerd-shim');
    assert.equal(shell.stream.missingfield, undefined);
    assert.deepEqual(
      shell.values.map((v) => v[0]),
      ['1796120430000000001', '1796120431500000000'],
    );
    assert.deepEqual(
      shell.values.map((v) => (JSON.parse(v[1]) as { uuid: string }).uuid),
      ['a', 'b'],
    );
    assert.deepEqual(etc.stream.rule, 'Write below etc');
    const line = JSON.parse(etc.values[0][1]) as Record<string, unknown>;
    assert.equal(line.count, 4);
    assert.deepEqual(line.output_fields, sampleAlert().output_fields);
  });

  test('tenant header, basic auth and custom headers', async () => {
    expectedHeaders = {
      'X-Scope-OrgID': 'team-a',
      Authorization: `Basic ${Buffer.from('123456:glc_key').toString('base64')}`,
      'X-Extra': 'yes',
    };
    const dest = lokiDestination.create(
      {
        hostport: receiver.url,
        tenant: 'team-a',
        user: '123456',
        apikey: 'glc_key',
        customheaders: { 'X-Extra': 'yes' },
      },
      context,
    );
    await dest.send([delivery()], signal());
    assert.deepEqual(receiver.problems(), []);
    // Without them, this receiver refuses, as a multi-tenant Loki does.
    await assert.rejects(
      lokiDestination.create({ hostport: receiver.url }, context).send([delivery()], signal()),
      /HTTP 400/,
    );
  });

  test('429 and 5xx retryable; 400 (out of order, bad labels) not; refused retryable', async () => {
    const dest = lokiDestination.create({ hostport: receiver.url }, context);
    await assertFailureMapping(receiver, () => dest.send([delivery()], signal()), {
      retryable: [
        { status: 429, body: 'Ingestion rate limit exceeded', contentType: 'text/plain' },
        { status: 500 },
        { status: 503 },
      ],
      permanent: [
        { status: 400, body: 'entry for stream has timestamp too old', contentType: 'text/plain' },
        { status: 401 },
      ],
    });
    const down = lokiDestination.create({ hostport: await closedUrl('') }, context);
    await assertRefusedIsRetryable(() => down.send([delivery()], signal()));
  });

  test('label names Loki accepts', () => {
    assert.equal(lokiLabelName('k8s.ns.name'), 'k8snsname');
    assert.equal(lokiLabelName('proc.aname[2]'), 'procaname2');
    assert.equal(lokiLabelName('ka.user-name'), 'kauser_name');
    assert.equal(lokiLabelName('9lives'), '_9lives');
  });
});

describe('loki options', () => {
  test('bad options are named', () => {
    const ok = {
      hostport: 'http://loki:3100',
      endpoint: '/loki/api/v1/push',
      format: 'text',
      user: '',
      apikey: '',
      extralabels: [],
    };
    assert.deepEqual(lokiDestination.validate?.(ok), []);
    assert.deepEqual(lokiDestination.validate?.({ ...ok, hostport: '' }), ['loki.hostport: is required']);
    assert.deepEqual(lokiDestination.validate?.({ ...ok, hostport: 'loki:3100' }), [
      'loki.hostport: "loki:3100" must be an http:// or https:// URL',
    ]);
    assert.deepEqual(lokiDestination.validate?.({ ...ok, endpoint: 'push' }), [
      'loki.endpoint: "push" must start with /',
    ]);
    assert.deepEqual(lokiDestination.validate?.({ ...ok, format: 'logfmt' }), [
      'loki.format: "logfmt" is not one of text, json',
    ]);
    assert.deepEqual(lokiDestination.validate?.({ ...ok, user: 'u' }), [
      'loki.user and loki.apikey: set both for basic auth, or neither',
    ]);
    assert.deepEqual(lokiDestination.validate?.({ ...ok, extralabels: ['a b'] }), [
      'loki.extralabels: "a b" is not an output field name',
    ]);
  });
});
