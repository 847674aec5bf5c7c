import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DeliveryError, type Destination } from '../../../src/router/destinations/destination.js';
import { kafkaBrokers, kafkaDestination } from '../../../src/router/destinations/kafka.js';
import { freeTcpPort } from '../servers/freePort.js';
import { rejection } from './apiReceiver.js';
import snappy from 'snappyjs';
import lz4 from 'lz4js';
import { lz4Frame } from '../../../src/router/destinations/kafkaLz4.js';
import { crc32c, snappyDecode, startKafkaBroker, type KafkaBroker } from './kafkaBroker.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

const topic = 'falco-alerts';

describe('kafka destination against a local Kafka-protocol broker', () => {
  let broker: KafkaBroker;
  const open: Destination[] = [];
  before(async () => {
    broker = await startKafkaBroker({ topics: { [topic]: 3 } });
  });
  after(async () => {
    for (const d of open) await d.close?.();
    await broker?.close();
  });
  beforeEach(() => {
    broker.records.length = 0;
  });
  const create = (more: Record<string, string | boolean | string[]> = {}) => {
    const d = kafkaDestination.create(
      { hostport: [broker.hostport], topic, clientid: 'kestrel-test', requiredacks: 'ALL', ...more },
      context,
    );
    open.push(d);
    return d;
  };

  test('a batch is one produce: the alerts as JSON values, alert-time timestamps, round-robin partitions, acks all', async () => {
    const dest = create();
    assert.ok(dest.maxBatch > 1);
    const alerts = [
      sampleAlert({ uuid: 'a' }),
      sampleAlert({ uuid: 'b', time: '2026-12-01T10:20:31.5Z' }),
      sampleAlert({ uuid: 'c' }),
    ];
    await dest.send([delivery(alerts[0]), delivery(alerts[1], 7), delivery(alerts[2])], signal());
    assert.deepEqual(broker.problems, []);
    assert.equal(broker.records.length, 3);
    const byUuid = new Map(
      broker.records.map((r) => [(JSON.parse(r.value?.toString('utf8') ?? '') as { uuid: string }).uuid, r]),
    );
    assert.deepEqual(JSON.parse(byUuid.get('a')?.value?.toString('utf8') ?? ''), alerts[0]);
    assert.deepEqual(JSON.parse(byUuid.get('b')?.value?.toString('utf8') ?? ''), { ...alerts[1], count: 7 });
    assert.equal(byUuid.get('a')?.timestamp, BigInt(Date.parse('2026-12-01T10:20:30.123Z')));
    assert.equal(byUuid.get('b')?.timestamp, BigInt(Date.parse('2026-12-01T10:20:31.500Z')));
    assert.ok(broker.records.every((r) => r.topic === topic && r.key === null && r.acks === -1 && r.compression === 0));
    assert.deepEqual([...new Set(broker.records.map((r) => r.partition))].sort(), [0, 1, 2]);
    assert.ok(broker.clientIds.has('kestrel-test'));
  });

  test('GZIP compression and acks ONE reach the broker as such', async () => {
    await create({ compression: 'GZIP', requiredacks: 'ONE' }).send(
      [delivery(), delivery(sampleAlert({ uuid: 'x' }))],
      signal(),
    );
    assert.deepEqual(broker.problems, []);
    assert.equal(broker.records.length, 2);
    assert.ok(broker.records.every((r) => r.compression === 1 && r.acks === 1));
    assert.deepEqual(JSON.parse(broker.records[0].value?.toString('utf8') ?? ''), sampleAlert());
  });

  for (const [value, codec] of [
    ['SNAPPY', 2],
    ['snappy', 2],
    ['LZ4', 3],
    ['lz4', 3],
    ['ZSTD', 4],
    ['zstd', 4],
  ] as const)
    test(`${value} compression: the batch says codec ${codec} and decodes to the exact alerts`, async () => {
      // enough alerts that LZ4 needs more than one 64 KiB block (the broker decodes ZSTD with `zstd -d`)
      const alerts = Array.from({ length: 300 }, (_, i) => sampleAlert({ uuid: `u${i}` }));
      await create({ compression: value }).send(
        alerts.map((a) => delivery(a)),
        signal(),
      );
      assert.deepEqual(broker.problems, []);
      assert.equal(broker.records.length, alerts.length);
      assert.ok(broker.records.every((r) => r.compression === codec));
      const got = broker.records.map((r) => JSON.parse(r.value?.toString('utf8') ?? '') as { uuid: string });
      got.sort((a, b) => Number(a.uuid.slice(1)) - Number(b.uuid.slice(1)));
      assert.deepEqual(got, alerts);
    });

  test('ZSTD goes in Produce v7, the first version brokers accept it in; the others too, as offered', async () => {
    await create({ compression: 'ZSTD' }).send([delivery()], signal());
    await create({ compression: 'GZIP' }).send([delivery()], signal());
    assert.deepEqual(broker.problems, []);
    assert.deepEqual(
      broker.records.map((r) => [r.compression, r.version]),
      [
        [4, 7],
        [1, 7],
      ],
    );
  });

  test('murmur2 balancing and acks NONE also deliver (acks NONE: no answer awaited)', async () => {
    await create({ balancer: 'murmur2' }).send([delivery()], signal());
    await create({ requiredacks: 'NONE' }).send([delivery(sampleAlert({ uuid: 'fire-and-forget' }))], signal());
    // With acks 0 the broker sends no answer, so wait (bounded) for it to have the record.
    for (let i = 0; i < 100 && broker.records.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(broker.problems, []);
    assert.equal(broker.records.length, 2);
    assert.deepEqual(
      broker.records.map((r) => r.acks),
      [-1, 0],
    );
  });

  test('a retriable produce error (NOT_LEADER_FOR_PARTITION) is retryable, MESSAGE_TOO_LARGE is not; the next send works', async () => {
    const dest = create();
    broker.failNextProduce(6);
    const notLeader = await rejection(() => dest.send([delivery()], signal()));
    assert.ok(notLeader instanceof DeliveryError, notLeader.message);
    assert.equal(notLeader.retryable, true, notLeader.message);
    broker.failNextProduce(10);
    const tooLarge = await rejection(() => dest.send([delivery()], signal()));
    assert.ok(tooLarge instanceof DeliveryError, tooLarge.message);
    assert.equal(tooLarge.retryable, false, tooLarge.message);
    assert.match(tooLarge.message, /larger than the max message size/);
    await dest.send([delivery()], signal());
    assert.equal(broker.records.length, 1);
    assert.deepEqual(broker.problems, []);
  });

  test('a topic the broker does not have is retryable (it may be created)', async () => {
    const err = await rejection(() => create({ topic: 'no-such-topic' }).send([delivery()], signal()));
    assert.ok(err instanceof DeliveryError);
    assert.equal(err.retryable, true, err.message);
    assert.equal(broker.records.length, 0);
  });

  test('no broker listening is retryable', async () => {
    const d = kafkaDestination.create({ hostport: [`127.0.0.1:${await freeTcpPort()}`], topic }, context);
    open.push(d);
    const err = await rejection(() => d.send([delivery()], signal()));
    assert.ok(err instanceof DeliveryError);
    assert.equal(err.retryable, true, err.message);
  });
});

describe('kafka destination against a broker older than Kafka 2.1 (Produce up to v6)', () => {
  let broker: KafkaBroker;
  const open: Destination[] = [];
  before(async () => {
    broker = await startKafkaBroker({ topics: { [topic]: 1 }, maxProduceVersion: 6 });
  });
  after(async () => {
    for (const d of open) await d.close?.();
    await broker?.close();
  });

  test('ZSTD is refused by the broker: not retryable, named, nothing kept; LZ4 still delivers', async () => {
    const zstd = kafkaDestination.create({ hostport: [broker.hostport], topic, compression: 'ZSTD' }, context);
    const lz4 = kafkaDestination.create({ hostport: [broker.hostport], topic, compression: 'LZ4' }, context);
    open.push(zstd, lz4);
    const err = await rejection(() => zstd.send([delivery()], signal()));
    assert.ok(err instanceof DeliveryError, err.message);
    assert.equal(err.retryable, false, err.message);
    assert.match(err.message, /does not support the compression type/);
    assert.equal(broker.records.length, 0);
    await lz4.send([delivery()], signal());
    assert.deepEqual(
      broker.records.map((r) => [r.compression, r.version]),
      [[3, 6]],
    );
    assert.deepEqual(broker.problems, []);
  });
});

describe('kafka destination with SASL PLAIN', () => {
  let broker: KafkaBroker;
  const open: Destination[] = [];
  before(async () => {
    broker = await startKafkaBroker({ topics: { [topic]: 1 }, plain: { username: 'kestrel', password: 's3cret' } });
  });
  after(async () => {
    for (const d of open) await d.close?.();
    await broker?.close();
  });

  test('the right credentials produce; a wrong password is not retryable and produces nothing', async () => {
    const good = kafkaDestination.create(
      { hostport: [broker.hostport], topic, sasl: 'PLAIN', username: 'kestrel', password: 's3cret' },
      context,
    );
    const bad = kafkaDestination.create(
      { hostport: [broker.hostport], topic, sasl: 'PLAIN', username: 'kestrel', password: 'guess' },
      context,
    );
    open.push(good, bad);
    await good.send([delivery()], signal());
    assert.equal(broker.records.length, 1);
    const err = await rejection(() => bad.send([delivery()], signal()));
    assert.ok(err instanceof DeliveryError);
    assert.equal(err.retryable, false, err.message);
    assert.match(err.message, /SASL PLAIN authentication failed|Authentication failed/);
    assert.equal(broker.records.length, 1);
    assert.deepEqual(broker.problems, []);
  });
});

describe('kafka options', () => {
  const ok = {
    hostport: ['kafka-0:9092', 'kafka-1'],
    topic,
    sasl: '',
    requiredacks: 'ALL',
    compression: 'NONE',
    balancer: 'round_robin',
  };
  test('a good configuration has no problems; brokers default to port 9092', () => {
    assert.deepEqual(kafkaDestination.validate?.(ok), []);
    assert.deepEqual(kafkaBrokers({ hostport: 'kafka-0:9093, kafka-1' }), ['kafka-0:9093', 'kafka-1:9092']);
  });
  test('bad options are named', () => {
    assert.deepEqual(kafkaDestination.validate?.({ ...ok, hostport: [] }), ['kafka.hostport: is required']);
    assert.deepEqual(kafkaDestination.validate?.({ ...ok, hostport: ['http://kafka:9092'] }), [
      'kafka.hostport: "http://kafka:9092" is not host or host:port',
    ]);
    assert.deepEqual(kafkaDestination.validate?.({ ...ok, topic: '' }), ['kafka.topic: is required']);
    assert.deepEqual(kafkaDestination.validate?.({ ...ok, topic: 'a/b' }), [
      'kafka.topic: "a/b" is not a valid topic name',
    ]);
    assert.deepEqual(kafkaDestination.validate?.({ ...ok, sasl: 'GSSAPI', username: 'u', password: 'p' }), [
      'kafka.sasl: "GSSAPI" is not PLAIN, SCRAM_SHA256, SCRAM_SHA512 or empty',
    ]);
    assert.deepEqual(kafkaDestination.validate?.({ ...ok, sasl: 'PLAIN' }), [
      'kafka.username and kafka.password: required with kafka.sasl',
    ]);
    assert.deepEqual(kafkaDestination.validate?.({ ...ok, requiredacks: 'TWO' }), [
      'kafka.requiredacks: "TWO" is not one of none, one, all',
    ]);
    assert.deepEqual(kafkaDestination.validate?.({ ...ok, compression: 'BROTLI' }), [
      'kafka.compression: "BROTLI" is not one of none, gzip, snappy, lz4, zstd',
    ]);
    for (const good of ['snappy', 'LZ4', 'Gzip', 'ZSTD', 'zstd'])
      assert.deepEqual(kafkaDestination.validate?.({ ...ok, compression: good }), [], good);
    assert.deepEqual(kafkaDestination.validate?.({ ...ok, balancer: 'least_bytes' }), [
      'kafka.balancer: "least_bytes" is not one of round_robin, murmur2',
    ]);
  });
});

describe('the local broker’s own checks', () => {
  test('Snappy: xerial framing (as Java clients write it) of several chunks, and a raw block', () => {
    const a = Buffer.from('{"rule":"one"}'.repeat(20));
    const b = Buffer.from('{"rule":"two"}'.repeat(30));
    const chunk = (data: Buffer) => {
      const c = Buffer.from(snappy.compress(data));
      const size = Buffer.alloc(4);
      size.writeInt32BE(c.length);
      return [size, c];
    };
    const versions = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1]);
    const magic = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0]);
    const xerial = Buffer.concat([magic, versions, ...chunk(a), ...chunk(b)]);
    assert.deepEqual(snappyDecode(xerial), Buffer.concat([a, b]));
    assert.deepEqual(snappyDecode(Buffer.from(snappy.compress(a))), a);
  });
  test('LZ4 frames of several independent blocks decode with lz4js', () => {
    const data = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `{"n":${i % 311}}`).join('\n'));
    const frame = lz4Frame(data);
    assert.ok(data.length > 2 * 64 * 1024 && frame.length < data.length / 2, `${frame.length} of ${data.length}`);
    assert.equal(frame[4] & 0x20, 0x20, 'independent blocks flag');
    assert.deepEqual(Buffer.from(lz4.decompress(frame)), data);
    assert.deepEqual(Buffer.from(lz4.decompress(lz4Frame(Buffer.alloc(0)))), Buffer.alloc(0));
  });

  test('CRC-32C is Castagnoli’s (check value of "123456789")', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  });
});
