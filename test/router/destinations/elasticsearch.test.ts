import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { elasticsearchDestination, indexName } from '../../../src/router/destinations/elasticsearch.js';
import {
  isObject,
  Problems,
  rejection,
  startApiReceiver,
  type ApiReceiver,
  type ReceivedRequest,
} from './apiReceiver.js';
import { assertFailureMapping, assertRefusedIsRetryable, closedUrl } from './deliveryErrors.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';
import { falcoAlert, post, routerInProcess, tempDir, waitUntil } from '../core/support.js';

let expectedAuthorization: string | undefined;

/**
 * POST /_bulk, Content-Type application/x-ndjson: action lines ({"index"|"create": {"_index", "_id"?}}) each
 * followed by a document line, every line ending in \n, index names lower case without \ / * ? " < > | , # or space.
 */
function checkBulk(request: Omit<ReceivedRequest, 'problems'>): string[] {
  const p = new Problems();
  p.add(request.method === 'POST', `method ${request.method}`);
  p.add(request.url === '/_bulk', `path ${request.url}, want /_bulk`);
  p.add(
    /^application\/x-ndjson\b/.test(request.headers['content-type'] ?? ''),
    `Content-Type ${request.headers['content-type']}, want application/x-ndjson`,
  );
  p.add(
    request.headers.authorization === expectedAuthorization,
    `Authorization ${request.headers.authorization ?? '(none)'}`,
  );
  p.add(request.body.endsWith('\n'), 'the bulk body must end with a newline');
  const lines = request.body.split('\n').slice(0, -1);
  p.add(lines.length > 0 && lines.length % 2 === 0, `${lines.length} lines: want action and document pairs`);
  for (let i = 0; i + 1 < lines.length; i += 2) {
    let action: unknown, doc: unknown;
    try {
      action = JSON.parse(lines[i]);
      doc = JSON.parse(lines[i + 1]);
    } catch {
      p.add(false, `line ${i + 1} or ${i + 2} is not JSON`);
      continue;
    }
    if (!isObject(action) || Object.keys(action).length !== 1) {
      p.add(false, `line ${i + 1} must be one action`);
      continue;
    }
    const [op] = Object.keys(action);
    p.add(op === 'index' || op === 'create', `line ${i + 1}: action ${op} carries no document`);
    const meta = action[op];
    if (!isObject(meta) || typeof meta._index !== 'string') {
      p.add(false, `line ${i + 1}: _index is required`);
      continue;
    }
    p.add(
      /^[a-z0-9][^A-Z\\/*?"<>|, #:]*$/.test(meta._index) && meta._index.length <= 255,
      `line ${i + 1}: index ${meta._index} is invalid`,
    );
    if (meta._id !== undefined) p.string(meta._id, `line ${i + 1}: _id`, { nonEmpty: true, max: 512 });
    p.add(isObject(doc), `line ${i + 2} must be a JSON object`);
  }
  return p.list;
}

function bulkAnswer(request: ReceivedRequest, statuses: number[] = []) {
  const actions = request.body
    .split('\n')
    .filter((_, i) => i % 2 === 0)
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { index: { _index: string; _id: string } }).index);
  const items = actions.map((a, i) => {
    const status = statuses[i] ?? 201;
    const item: Record<string, unknown> = { _index: a._index, _id: a._id, status };
    if (status >= 300)
      item.error =
        status === 429
          ? { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' }
          : { type: 'mapper_parsing_exception', reason: 'failed to parse field [output_fields.proc.pid]' };
    else
      Object.assign(item, {
        _version: 1,
        result: 'created',
        _shards: { total: 2, successful: 1, failed: 0 },
        _seq_no: i,
        _primary_term: 1,
      });
    return { index: item };
  });
  return {
    status: 200,
    body: JSON.stringify({ took: 3, errors: items.some((i) => (i.index.status as number) >= 300), items }),
  };
}

describe('elasticsearch destination against a bulk API receiver', () => {
  let receiver: ApiReceiver;
  let nextStatuses: number[] = [];
  before(async () => {
    receiver = await startApiReceiver(checkBulk, (r) => {
      const answer = bulkAnswer(r, nextStatuses);
      nextStatuses = [];
      return answer;
    });
  });
  after(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
    expectedAuthorization = undefined;
    nextStatuses = [];
  });

  test('one bulk request per batch: index actions into the daily index, the uuid as _id, the alert as document', async () => {
    const dest = elasticsearchDestination.create(
      { hostport: receiver.url, index: 'falco', suffix: 'daily', type: '_doc' },
      context,
    );
    assert.ok(dest.maxBatch > 1);
    const next = sampleAlert({ uuid: 'second', time: '2026-12-02T00:00:00.5Z' });
    await dest.send([delivery(sampleAlert(), 2), delivery(next)], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.equal(receiver.requests.length, 1);
    const lines = receiver.requests[0].body.split('\n');
    assert.equal(lines.length, 5);
    assert.deepEqual(JSON.parse(lines[0]), {
      index: { _index: 'falco-2026.12.01', _id: '7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14' },
    });
    assert.deepEqual(JSON.parse(lines[1]), { ...sampleAlert(), count: 2 });
    assert.deepEqual(JSON.parse(lines[2]), { index: { _index: 'falco-2026.12.02', _id: 'second' } });
    assert.deepEqual(JSON.parse(lines[3]), next);
    assert.equal(lines[4], '');
  });

  test('index suffixes', () => {
    const t = '2026-03-04T23:59:59.999999999-02:00';
    assert.equal(indexName('falco', 'daily', t), 'falco-2026.03.05');
    assert.equal(indexName('falco', 'monthly', t), 'falco-2026.03');
    assert.equal(indexName('falco', 'annually', t), 'falco-2026');
    assert.equal(indexName('falco', 'none', t), 'falco');
  });

  test('basic auth, API key and custom headers; a legacy mapping type is sent as _type', async () => {
    expectedAuthorization = `Basic ${Buffer.from('elastic:changeme').toString('base64')}`;
    await elasticsearchDestination
      .create(
        { hostport: receiver.url, username: 'elastic', password: 'changeme', type: 'event', suffix: 'none' },
        context,
      )
      .send([delivery()], signal());
    expectedAuthorization = 'ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==';
    await elasticsearchDestination
      .create(
        {
          hostport: receiver.url,
          apikey: 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==',
          customheaders: { 'X-Opaque-Id': 'kestrel' },
        },
        context,
      )
      .send([delivery()], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.deepEqual(JSON.parse(receiver.requests[0].body.split('\n')[0]), {
      index: { _index: 'falco', _id: '7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14', _type: 'event' },
    });
    assert.equal(receiver.requests[1].headers['x-opaque-id'], 'kestrel');
  });

  test('per-item failures in a 200 answer are reported per item: 429 retryable, mapping errors not', async () => {
    const dest = elasticsearchDestination.create({ hostport: receiver.url }, context);
    const batch = [
      delivery(sampleAlert({ uuid: 'a' })),
      delivery(sampleAlert({ uuid: 'b' })),
      delivery(sampleAlert({ uuid: 'c' })),
    ];
    nextStatuses = [201, 429, 400];
    const outcome = await dest.send(batch, signal());
    assert.ok(outcome);
    assert.deepEqual(
      outcome.failed.map((f) => [f.index, f.error.retryable, f.error.status]),
      [
        [1, true, 429],
        [2, false, 400],
      ],
    );
    assert.match(outcome.failed[0].error.message, /429 es_rejected_execution_exception: rejected execution/);
    assert.match(outcome.failed[1].error.message, /400 mapper_parsing_exception: failed to parse field/);
    assert.equal(await dest.send(batch, signal()), undefined, 'all indexed: nothing to report');
    assert.deepEqual(receiver.problems(), []);
  });

  test('an answer that is not a bulk answer is retryable', async () => {
    const dest = elasticsearchDestination.create({ hostport: receiver.url }, context);
    receiver.script({ status: 200, body: '<html>proxy</html>', contentType: 'text/html' });
    const err = await rejection(() => dest.send([delivery()], signal()));
    assert.ok(err instanceof DeliveryError && err.retryable);
    receiver.script({ status: 200, body: '{"took":1,"errors":false,"items":[]}' });
    const short = await rejection(() => dest.send([delivery()], signal()));
    assert.ok(short instanceof DeliveryError && short.retryable, short.message);
  });

  test('HTTP 429 and 5xx retryable; 400, 401, 403 and 413 not; refused retryable', async () => {
    const dest = elasticsearchDestination.create({ hostport: receiver.url }, context);
    await assertFailureMapping(receiver, () => dest.send([delivery()], signal()), {
      retryable: [{ status: 429 }, { status: 500 }, { status: 503 }],
      permanent: [
        {
          status: 400,
          body: '{"error":{"type":"illegal_argument_exception","reason":"The bulk request must be terminated by a newline [\\n]"},"status":400}',
        },
        { status: 401, body: '{"error":{"type":"security_exception"},"status":401}' },
        { status: 403 },
        { status: 413 },
      ],
    });
    const down = elasticsearchDestination.create({ hostport: await closedUrl('') }, context);
    await assertRefusedIsRetryable(() => down.send([delivery()], signal()));
  });
});

describe('elasticsearch options', () => {
  test('bad options are named', () => {
    const ok = { hostport: 'https://es:9200', index: 'falco', suffix: 'daily', username: '', password: '', apikey: '' };
    assert.deepEqual(elasticsearchDestination.validate?.(ok), []);
    assert.deepEqual(elasticsearchDestination.validate?.({ ...ok, hostport: '' }), [
      'elasticsearch.hostport: is required',
    ]);
    assert.deepEqual(elasticsearchDestination.validate?.({ ...ok, index: 'Falco' }), [
      'elasticsearch.index: "Falco" must be lower case',
    ]);
    assert.deepEqual(elasticsearchDestination.validate?.({ ...ok, index: 'fal co' }), [
      'elasticsearch.index: "fal co" holds a character Elasticsearch refuses',
    ]);
    assert.deepEqual(elasticsearchDestination.validate?.({ ...ok, index: '_falco' }), [
      'elasticsearch.index: "_falco" cannot start with -, _ or + or be . or ..',
    ]);
    assert.deepEqual(elasticsearchDestination.validate?.({ ...ok, suffix: 'weekly' }), [
      'elasticsearch.suffix: "weekly" is not one of daily, monthly, annually, none',
    ]);
    assert.deepEqual(elasticsearchDestination.validate?.({ ...ok, username: 'elastic' }), [
      'elasticsearch.username and elasticsearch.password: set both, or neither',
    ]);
    assert.deepEqual(elasticsearchDestination.validate?.({ ...ok, username: 'e', password: 'p', apikey: 'k' }), [
      'elasticsearch.apikey: set an API key or a username, not both',
    ]);
  });
});

describe('elasticsearch bulk items through the router', () => {
  test('indexed items are delivered, 429 items retried alone, mapping errors dead-lettered one by one', async (t) => {
    // the answer depends on the document, not its place: evt.num 1 never maps, evt.num 2 is refused once
    const seen = new Map<string, number>();
    const statusOf = (doc: { uuid: string; output_fields: Record<string, unknown> }): number => {
      const times = (seen.get(doc.uuid) ?? 0) + 1;
      seen.set(doc.uuid, times);
      const n = doc.output_fields['evt.num'];
      return n === 1 ? 400 : n === 2 && times === 1 ? 429 : 201;
    };
    const es = await startApiReceiver(checkBulk, (r) => {
      const docs = r.body
        .split('\n')
        .filter((l, i) => i % 2 === 1 && l !== '')
        .map((l) => JSON.parse(l) as { uuid: string; output_fields: Record<string, unknown> });
      return bulkAnswer(r, docs.map(statusOf));
    });
    t.after(() => es.close());
    const dir = tempDir(t);
    const router = await routerInProcess(t, {
      QUEUE_DIR: dir,
      ELASTICSEARCH_HOSTPORT: es.url,
      // a dedup window gathers the three alerts into one bulk request
      ELASTICSEARCH_DEDUPWINDOW: '400ms',
      ELASTICSEARCH_MAXRETRYDELAY: '200ms',
    });
    const uuids: string[] = [];
    for (let i = 0; i < 3; i++) uuids.push(String((await post(router.url, falcoAlert(i))).json.uuid));
    const deadFile = path.join(dir, 'deadletter', 'elasticsearch.jsonl');
    await waitUntil(() => es.requests.length >= 2 && existsSync(deadFile), 'the retry and the dead letter');
    await new Promise((r) => setTimeout(r, 500));
    const ids = es.requests.map((r) =>
      r.body
        .split('\n')
        .filter((l, i) => i % 2 === 0 && l !== '')
        .map((l) => (JSON.parse(l) as { index: { _id: string } }).index._id),
    );
    assert.deepEqual(ids, [uuids, [uuids[2]]], 'one bulk of three, then the 429 item alone');
    const dead = readFileSync(deadFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { reason: string; alert: { uuid: string } });
    assert.equal(dead.length, 1);
    assert.equal(dead[0].alert.uuid, uuids[1]);
    assert.match(dead[0].reason, /^not retryable: elasticsearch: document refused: 400 mapper_parsing_exception/);
    const metrics = await (await fetch(`${router.url}/metrics`)).text();
    assert.match(metrics, /kestrel_router_alerts_out_total\{destination="elasticsearch",status="delivered"\} 2\b/);
    assert.match(metrics, /kestrel_router_alerts_out_total\{destination="elasticsearch",status="deadlettered"\} 1\b/);
    assert.deepEqual(es.problems(), []);
  });
});
