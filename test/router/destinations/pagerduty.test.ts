import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { pagerdutyEnqueueUrl, pagerdutyDestination } from '../../../src/router/destinations/pagerduty.js';
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

const routingKey = 'R0123456789abcdefABCDEF012345678';

/** Events API v2 (POST /v2/enqueue): routing_key of 32 characters, event_action, payload.summary ≤ 1024, source, severity, ISO 8601 timestamp. */
function checkEnqueue(request: Omit<ReceivedRequest, 'problems'>): string[] {
  const p = new Problems();
  p.add(request.method === 'POST', `method ${request.method}`);
  p.add(request.url === '/v2/enqueue', `path ${request.url}, want /v2/enqueue`);
  p.add(/^application\/json\b/.test(request.headers['content-type'] ?? ''), 'Content-Type must be application/json');
  const { value: body, problem } = jsonBody(request);
  if (!body) return [...p.list, problem ?? 'no body'];
  if (p.string(body.routing_key, 'routing_key'))
    p.add(body.routing_key.length === 32, 'routing_key must be 32 characters');
  p.add(
    ['trigger', 'acknowledge', 'resolve'].includes(String(body.event_action)),
    `event_action ${String(body.event_action)}`,
  );
  if (body.dedup_key !== undefined) p.string(body.dedup_key, 'dedup_key', { max: 255, nonEmpty: true });
  const payload = body.payload;
  if (!isObject(payload)) return [...p.list, 'payload must be an object'];
  p.string(payload.summary, 'payload.summary', { max: 1024, nonEmpty: true });
  p.string(payload.source, 'payload.source', { nonEmpty: true });
  p.add(
    ['critical', 'error', 'warning', 'info'].includes(String(payload.severity)),
    `payload.severity ${String(payload.severity)}`,
  );
  if (payload.timestamp !== undefined && p.string(payload.timestamp, 'payload.timestamp'))
    p.add(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?(Z|[+-]\d\d:\d\d)$/.test(payload.timestamp),
      `payload.timestamp ${payload.timestamp} is not ISO 8601`,
    );
  for (const k of ['component', 'group', 'class']) if (payload[k] !== undefined) p.string(payload[k], `payload.${k}`);
  if (payload.custom_details !== undefined)
    p.add(isObject(payload.custom_details), 'payload.custom_details must be an object');
  return p.list;
}

describe('pagerduty destination against an Events API v2 receiver', () => {
  let receiver: ApiReceiver;
  before(async () => {
    receiver = await startApiReceiver(checkEnqueue, (r) => ({
      status: 202,
      body: JSON.stringify({
        status: 'success',
        message: 'Event processed',
        dedup_key: (JSON.parse(r.body) as { dedup_key: string }).dedup_key,
      }),
    }));
  });
  after(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  test('a trigger event with the summary, severity, millisecond timestamp and the fields as custom_details', async () => {
    const dest = pagerdutyDestination.create({ routingkey: routingKey, region: 'us', apiurl: receiver.url }, context);
    await dest.send([delivery(sampleAlert(), 3)], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.deepEqual(JSON.parse(receiver.requests[0].body), {
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: '7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14',
      client: 'Kestrel',
      payload: {
        summary: 'A shell was spawned in a container (user=root cmdline=bash -c "echo <b>pwned</b> & x=1")',
        source: 'node-1',
        severity: 'critical',
        timestamp: '2026-12-01T10:20:30.123Z',
        component: 'syscall',
        class: 'Terminal shell in container',
        custom_details: {
          'proc.cmdline': 'bash -c "echo <b>pwned</b> & x=1"',
          'user.name': 'root',
          'proc.aname[2]': 'containerd-shim',
          'proc.pid': 4242,
          'container.id': null,
          rule: 'Terminal shell in container',
          priority: 'Critical',
          source: 'syscall',
          hostname: 'node-1',
          tags: 'shell, container, mitre_execution',
          count: 3,
        },
      },
    });
  });

  test('severity per Falco priority; a long output is cut to 1024 characters', async () => {
    const dest = pagerdutyDestination.create({ routingkey: routingKey, apiurl: receiver.url }, context);
    const priorities = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'];
    for (const priority of priorities)
      await dest.send([delivery(sampleAlert({ priority, output: 'x'.repeat(3000) }))], signal());
    assert.deepEqual(receiver.problems(), []);
    const events = receiver.requests.map(
      (r) => JSON.parse(r.body) as { payload: { severity: string; summary: string } },
    );
    assert.deepEqual(
      events.map((e) => e.payload.severity),
      ['critical', 'critical', 'critical', 'error', 'warning', 'info', 'info', 'info'],
    );
    assert.equal([...events[0].payload.summary].length, 1024);
  });

  test('429 and 5xx retryable; 400 (invalid event) not; refused retryable', async () => {
    const dest = pagerdutyDestination.create({ routingkey: routingKey, apiurl: receiver.url }, context);
    await assertFailureMapping(receiver, () => dest.send([delivery()], signal()), {
      retryable: [{ status: 429 }, { status: 500 }, { status: 503 }],
      permanent: [
        {
          status: 400,
          body: '{"status":"invalid event","message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect (should be 32 characters)"]}',
        },
      ],
    });
    const down = pagerdutyDestination.create({ routingkey: routingKey, apiurl: await closedUrl('') }, context);
    await assertRefusedIsRetryable(() => down.send([delivery()], signal()));
  });
});

describe('pagerduty options', () => {
  test('bad options are named', () => {
    const ok = { routingkey: routingKey, region: 'eu', apiurl: '' };
    assert.deepEqual(pagerdutyDestination.validate?.(ok), []);
    assert.deepEqual(pagerdutyDestination.validate?.({ ...ok, routingkey: 'short' }), [
      'pagerduty.routingkey: must be the 32-character integration key',
    ]);
    assert.deepEqual(pagerdutyDestination.validate?.({ ...ok, region: 'apac' }), [
      'pagerduty.region: "apac" is not one of us, eu',
    ]);
    assert.deepEqual(pagerdutyDestination.validate?.({ ...ok, apiurl: 'events' }), [
      'pagerduty.apiurl: "events" is not a URL',
    ]);
  });
  test('region picks the endpoint; apiurl overrides it', () => {
    assert.equal(pagerdutyEnqueueUrl({ region: 'us', apiurl: '' }), 'https://events.pagerduty.com/v2/enqueue');
    assert.equal(pagerdutyEnqueueUrl({ region: 'EU', apiurl: '' }), 'https://events.eu.pagerduty.com/v2/enqueue');
    assert.equal(pagerdutyEnqueueUrl({ region: 'eu', apiurl: 'http://127.0.0.1:9/' }), 'http://127.0.0.1:9/v2/enqueue');
  });
});
