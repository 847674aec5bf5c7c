// Apache Kafka through kafkajs: each batch is one produce of JSON alert messages (the alert as
// Falco writes it) to `topic`. The router core retries, so kafkajs's own retries are off; its
// `retriable` flag decides whether a failure is worth retrying.

import kafkajs, {
  CompressionTypes,
  Kafka,
  logLevel,
  Partitioners,
  type ICustomPartitioner,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import snappyCodec from 'kafkajs-snappy';
import type { Delivery, DestinationType, OptionValues } from './destination.js';
import { DeliveryError } from './destination.js';
import { alertBody } from './alertBody.js';
import { lz4Codec } from './kafkaLz4.js';
import { zstdCodec } from './kafkaZstd.js';
import { boolOption, listOption, oneOfProblem, problems, stringOption } from './optionValues.js';

export const kafkaMaxBatch = 500;
export const kafkaSaslMechanisms = ['', 'plain', 'scram_sha256', 'scram_sha512'];
/** acks: NONE does not wait for the broker, so the router could not know an alert was lost. */
export const kafkaAcks: Readonly<Record<string, number>> = { none: 0, one: 1, all: -1 };
/** kafkajs ships GZIP only; SNAPPY, LZ4 (pure JS) and ZSTD (libzstd as WebAssembly) are registered below. */
export const kafkaCompressions: Readonly<Record<string, CompressionTypes>> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

// Once, at load: kafkajs looks codecs up in this shared table (CompressionCodecs is not an ES named
// export of the CommonJS package, hence the default import).
kafkajs.CompressionCodecs[CompressionTypes.Snappy] = snappyCodec;
kafkajs.CompressionCodecs[CompressionTypes.LZ4] = lz4Codec;
kafkajs.CompressionCodecs[CompressionTypes.ZSTD] = zstdCodec;
export const kafkaBalancers = ['round_robin', 'murmur2'];

export function kafkaMessages(batch: readonly Delivery[]) {
  return batch.map(({ alert, count }) => {
    const ms = Date.parse(alert.time);
    return {
      key: null,
      value: alertBody({ alert, count }),
      timestamp: String(Number.isNaN(ms) ? Date.now() : ms),
    };
  });
}

/** host or host:port; port 9092 when missing, as Falcosidekick does. */
export function kafkaBrokers(options: OptionValues): string[] {
  return listOption(options, 'hostport').map((b) => (/:\d+$/.test(b) ? b : `${b}:9092`));
}

const roundRobin: ICustomPartitioner = () => {
  let next = 0;
  return ({ partitionMetadata }) => {
    const ids = partitionMetadata.map((p) => p.partitionId).sort((a, b) => a - b);
    return ids[next++ % ids.length];
  };
};

function sasl(options: OptionValues): SASLOptions | undefined {
  const username = stringOption(options, 'username');
  const password = stringOption(options, 'password');
  switch (stringOption(options, 'sasl').toLowerCase()) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram_sha256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram_sha512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      return undefined;
  }
}

export const kafkaDestination: DestinationType = {
  type: 'kafka',
  options: {
    hostport: { kind: 'list', enables: true, doc: 'Bootstrap brokers, host:port,host:port (port 9092 by default)' },
    topic: { kind: 'string', default: '', doc: 'Topic the alerts are produced to' },
    topiccreation: { kind: 'bool', default: false, doc: 'Let the broker create the topic when missing' },
    sasl: { kind: 'string', default: '', doc: 'SASL mechanism: PLAIN, SCRAM_SHA256, SCRAM_SHA512, or empty for none' },
    tls: { kind: 'bool', default: false, doc: 'Connect with TLS (system CAs)' },
    username: { kind: 'string', default: '', doc: 'SASL user' },
    password: { kind: 'string', default: '', secret: true, doc: 'SASL password' },
    requiredacks: { kind: 'string', default: 'ALL', doc: 'Acks the produce waits for: NONE, ONE or ALL' },
    compression: { kind: 'string', default: 'NONE', doc: 'NONE, GZIP, SNAPPY, LZ4 or ZSTD' },
    balancer: {
      kind: 'string',
      default: 'round_robin',
      doc: 'Partition choice: round_robin or murmur2 (kafkajs default)',
    },
    clientid: { kind: 'string', default: 'kestrel', doc: 'client.id sent to the brokers' },
  },
  validate(values) {
    const brokers = listOption(values, 'hostport');
    const mechanism = stringOption(values, 'sasl');
    return problems(
      brokers.length === 0 ? 'kafka.hostport: is required' : undefined,
      ...brokers.map((b) =>
        /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(b)
          ? undefined
          : `kafka.hostport: ${JSON.stringify(b)} is not host or host:port`,
      ),
      stringOption(values, 'topic') === '' ? 'kafka.topic: is required' : undefined,
      /^[A-Za-z0-9._-]{0,249}$/.test(stringOption(values, 'topic'))
        ? undefined
        : `kafka.topic: ${JSON.stringify(stringOption(values, 'topic'))} is not a valid topic name`,
      kafkaSaslMechanisms.includes(mechanism.toLowerCase())
        ? undefined
        : `kafka.sasl: ${JSON.stringify(mechanism)} is not PLAIN, SCRAM_SHA256, SCRAM_SHA512 or empty`,
      mechanism && (stringOption(values, 'username') === '' || stringOption(values, 'password') === '')
        ? 'kafka.username and kafka.password: required with kafka.sasl'
        : undefined,
      oneOfProblem('kafka', values, 'requiredacks', Object.keys(kafkaAcks)),
      oneOfProblem('kafka', values, 'compression', Object.keys(kafkaCompressions)),
      oneOfProblem('kafka', values, 'balancer', kafkaBalancers),
    );
  },
  create(values) {
    const topic = stringOption(values, 'topic');
    const acks = kafkaAcks[stringOption(values, 'requiredacks').toLowerCase() || 'all'];
    const compression = kafkaCompressions[stringOption(values, 'compression').toLowerCase() || 'none'];
    const kafka = new Kafka({
      clientId: stringOption(values, 'clientid') || 'kestrel',
      brokers: kafkaBrokers(values),
      ssl: boolOption(values, 'tls'),
      sasl: sasl(values),
      connectionTimeout: 5000,
      requestTimeout: 10_000,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
    const producer: Producer = kafka.producer({
      allowAutoTopicCreation: boolOption(values, 'topiccreation'),
      createPartitioner:
        stringOption(values, 'balancer').toLowerCase() === 'murmur2' ? Partitioners.DefaultPartitioner : roundRobin,
      retry: { retries: 0 },
    });
    let connected: Promise<void> | undefined;
    return {
      name: 'kafka',
      maxBatch: kafkaMaxBatch,
      async send(batch, signal) {
        if (batch.length === 0) return;
        try {
          connected ??= producer.connect();
          await abortable(connected, signal);
          await abortable(producer.send({ topic, acks, compression, messages: kafkaMessages(batch) }), signal);
        } catch (err) {
          connected = undefined;
          throw kafkaDeliveryError(err);
        }
      },
      async close() {
        await producer.disconnect();
      },
    };
  },
};

/**
 * kafkajs wraps the last failure: KafkaJSNumberOfRetriesExceeded means the cause was retriable
 * (our retries are 0), KafkaJSNonRetriableError that it was not; the cause says what happened.
 */
export function kafkaDeliveryError(err: unknown): DeliveryError {
  const e = err as { name?: string; retriable?: boolean; message?: string; cause?: { message?: string } };
  const retryable = e.name === 'KafkaJSNumberOfRetriesExceeded' || e.retriable !== false;
  const cause = e.cause?.message && e.cause.message !== e.message ? ` (${e.cause.message})` : '';
  return new DeliveryError(`kafka: ${e.message ?? String(err)}${cause}`, retryable);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
