import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { opsgenieAlertsUrl, opsgenieDestination } from '../../../src/router/destinations/opsgenie.js';
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

const apiKey = 'eb243592-faa2-4ba2-a551q-1afdf565c889';

/** Alert API v2 create (POST /v2/alerts, Authorization: GenieKey): message ≤ 130, alias ≤ 512, description ≤ 15000, ≤ 20 tags of ≤ 50, details string→string, priority P1–P5. */
function checkCreateAlert(request: Omit<ReceivedRequest, 'problems'>): string[] {
  const p = new Problems();
  p.add(request.method === 'POST', `method ${request.method}`);
  p.add(request.url === '/v2/alerts', `path ${request.url}, want /v2/alerts`);
  p.add(
    request.headers.authorization === `GenieKey ${apiKey}`,
    `Authorization ${request.headers.authorization ?? '(none)'}`,
  );
  p.add(/^application\/json\b/.test(request.headers['content-type'] ?? ''), 'Content-Type must be application/json');
  const { value: body, problem } = jsonBody(request);
  if (!body) return [...p.list, problem ?? 'no body'];
  p.string(body.message, 'message', { max: 130, nonEmpty: true });
  if (body.alias !== undefined) p.string(body.alias, 'alias', { max: 512 });
  if (body.description !== undefined) p.string(body.description, 'description', { max: 15000 });
  if (body.entity !== undefined) p.string(body.entity, 'entity', { max: 512 });
  if (body.source !== undefined) p.string(body.source, 'source', { max: 100 });
  if (body.priority !== undefined) p.add(/^P[1-5]$/.test(String(body.priority)), `priority ${String(body.priority)}`);
  if (body.tags !== undefined) {
    if (!Array.isArray(body.tags)) p.add(false, 'tags must be an array');
    else {
      p.add(body.tags.length <= 20, 'more than 20 tags');
      body.tags.forEach((t: unknown, i: number) => p.string(t, `tags[${i}]`, { max: 50 }));
    }
  }
  if (body.details !== undefined) {
    if (!isObject(body.details)) p.add(false, 'details must be an object');
    else for (const [k, v] of Object.entries(body.details)) p.string(v, `details.${k}`);
  }
  return p.list;
}

describe('opsgenie destination against an Alert API v2 receiver', () => {
  let receiver: ApiReceiver;
  before(async () => {
    receiver = await startApiReceiver(checkCreateAlert, () => ({
      status: 202,
      body: '{"result":"Request will be processed","took":0.302,"requestId":"43a29c5c-3dbf-4fa4-9c26-f4f71023e120"}',
    }));
  });
  after(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  test('an alert with the GenieKey header, a 130-character message, the uuid as alias and dot-free detail keys', async () => {
    const dest = opsgenieDestination.create({ apikey: apiKey, region: 'eu', apiurl: receiver.url }, context);
    await dest.send([delivery(sampleAlert({ output: `${'o'.repeat(200)} end` }), 2)], signal());
    assert.deepEqual(receiver.problems(), []);
    const body = JSON.parse(receiver.requests[0].body) as Record<string, unknown>;
    assert.equal([...(body.message as string)].length, 130);
    assert.deepEqual(
      { ...body, message: undefined },
      {
        message: undefined,
        alias: '7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14',
        description: `Terminal shell in container\n\n${'o'.repeat(200)} end`,
        entity: 'node-1',
        source: 'Kestrel',
        tags: ['shell', 'container', 'mitre_execution'],
        details: {
          'proc_aname[2]': 'containerd-shim',
          proc_cmdline: 'bash -c "echo <b>pwned</b> & x=1"',
          proc_pid: '4242',
          user_name: 'root',
          source: 'syscall',
          rule: 'Terminal shell in container',
          priority: 'Critical',
          hostname: 'node-1',
          tags: 'shell, container, mitre_execution',
          count: '2',
        },
        priority: 'P2',
      },
    );
  });

  test('priority per Falco priority as Falcosidekick maps it', async () => {
    const dest = opsgenieDestination.create({ apikey: apiKey, apiurl: receiver.url }, context);
    for (const priority of ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'])
      await dest.send([delivery(sampleAlert({ priority }))], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.deepEqual(
      receiver.requests.map((r) => (JSON.parse(r.body) as { priority: string }).priority),
      ['P1', 'P1', 'P2', 'P3', 'P4', 'P5', 'P5', 'P5'],
    );
  });

  test('429 and 5xx retryable; 401, 403 and 422 not; refused retryable', async () => {
    const dest = opsgenieDestination.create({ apikey: apiKey, apiurl: receiver.url }, context);
    await assertFailureMapping(receiver, () => dest.send([delivery()], signal()), {
      retryable: [{ status: 429 }, { status: 500 }],
      permanent: [
        { status: 401, body: '{"message":"Key format is not valid!","took":0.001}' },
        { status: 403 },
        {
          status: 422,
          body: '{"message":"Request body is not processable","errors":{"message":"Message can not be empty."}}',
        },
      ],
    });
    const down = opsgenieDestination.create({ apikey: apiKey, apiurl: await closedUrl('') }, context);
    await assertRefusedIsRetryable(() => down.send([delivery()], signal()));
  });
});

describe('opsgenie options', () => {
  test('bad options are named', () => {
    const ok = { apikey: apiKey, region: 'us', apiurl: '' };
    assert.deepEqual(opsgenieDestination.validate?.(ok), []);
    assert.deepEqual(opsgenieDestination.validate?.({ ...ok, apikey: '' }), ['opsgenie.apikey: is required']);
    assert.deepEqual(opsgenieDestination.validate?.({ ...ok, region: 'de' }), [
      'opsgenie.region: "de" is not one of us, eu',
    ]);
    assert.deepEqual(opsgenieDestination.validate?.({ ...ok, apiurl: 'file:///etc' }), [
      'opsgenie.apiurl: "file:///etc" must be an http:// or https:// URL',
    ]);
  });
  test('region picks the endpoint; apiurl overrides it', () => {
    assert.equal(opsgenieAlertsUrl({ region: 'us', apiurl: '' }), 'https://api.opsgenie.com/v2/alerts');
    assert.equal(opsgenieAlertsUrl({ region: 'EU', apiurl: '' }), 'https://api.eu.opsgenie.com/v2/alerts');
    assert.equal(opsgenieAlertsUrl({ region: 'eu', apiurl: 'http://127.0.0.1:9/' }), 'http://127.0.0.1:9/v2/alerts');
  });
});
