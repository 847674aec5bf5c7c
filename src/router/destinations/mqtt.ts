// MQTT: each alert published as Falco's JSON to one topic (Falcosidekick's `falco/events`), with
// its qos and retained flag. One connection, opened on first use without the client's own
// reconnect loop: a lost connection fails the send (retryable) and the next send reconnects.
// QoS 1 and 2 resolve on the broker's acknowledgement; QoS 0 once the packet is written.

import mqtt, { type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import { alertBody } from './alertBody.js';
import {
  DeliveryError,
  type Delivery,
  type Destination,
  type DestinationType,
  type OptionValues,
} from './destination.js';
import { boolOption, intOption, problems, stringOption } from './optionValues.js';

const TYPE = 'mqtt';
const TIMEOUT_MS = 10_000;
const SCHEMES = ['tcp:', 'mqtt:', 'ssl:', 'mqtts:', 'tls:'];

/** Falcosidekick's `tcp://` and `ssl://` as mqtt.js spells them. */
function brokerUrl(text: string): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${JSON.stringify(text)} is not a URL (tcp://host:1883 or ssl://host:8883)`;
  }
  if (!SCHEMES.includes(url.protocol))
    return `${JSON.stringify(text)} must start with tcp://, mqtt://, ssl:// or mqtts://`;
  if (url.hostname === '') return `${JSON.stringify(text)} has no host`;
  const secure = url.protocol === 'ssl:' || url.protocol === 'mqtts:' || url.protocol === 'tls:';
  return new URL(`${secure ? 'mqtts' : 'mqtt'}://${url.host}${url.pathname === '/' ? '' : url.pathname}`);
}

function validate(options: OptionValues): string[] {
  const broker = stringOption(options, 'broker');
  const url = broker === '' ? 'is required' : brokerUrl(broker);
  const topic = options.topic === undefined ? 'falco/events' : stringOption(options, 'topic');
  const qos = options.qos;
  return problems(
    typeof url === 'string' ? `${TYPE}.broker: ${url}` : undefined,
    topic === '' ? `${TYPE}.topic: is empty` : undefined,
    /[+#]/.test(topic)
      ? `${TYPE}.topic: ${JSON.stringify(topic)} contains a wildcard (+ or #): one cannot publish to it`
      : undefined,
    qos !== undefined && qos !== 0 && qos !== 1 && qos !== 2
      ? `${TYPE}.qos: ${JSON.stringify(qos)} is not 0, 1 or 2`
      : undefined,
    stringOption(options, 'password') !== '' && stringOption(options, 'user') === ''
      ? `${TYPE}.password: is set but ${TYPE}.user is not`
      : undefined,
  );
}

function failure(what: string, err: unknown): DeliveryError {
  return new DeliveryError(`${TYPE}: ${what}: ${err instanceof Error ? err.message || err.name : String(err)}`, true);
}

function create(options: OptionValues): Destination {
  const problemList = validate(options);
  if (problemList.length > 0) throw new Error(problemList.join('; '));
  const url = brokerUrl(stringOption(options, 'broker')) as URL;
  const topic = options.topic === undefined ? 'falco/events' : stringOption(options, 'topic');
  const qos = intOption(options, 'qos', 0) as 0 | 1 | 2;
  const retain = boolOption(options, 'retained');
  const user = stringOption(options, 'user');
  const checkCert = options.checkcert === undefined ? true : boolOption(options, 'checkcert');
  const where = `${url.protocol}//${url.host}`;
  let client: MqttClient | undefined;

  function open(signal: AbortSignal): Promise<MqttClient> {
    if (client?.connected) return Promise.resolve(client);
    client?.end(true);
    client = undefined;
    const c = mqtt.connect(url.toString(), {
      clientId: `kestrel-${randomBytes(4).toString('hex')}`,
      username: user || undefined,
      password: user ? stringOption(options, 'password') : undefined,
      rejectUnauthorized: checkCert,
      reconnectPeriod: 0,
      connectTimeout: TIMEOUT_MS,
      queueQoSZero: false,
    });
    return new Promise((resolve, reject) => {
      const fail = (err: unknown) => {
        c.removeAllListeners('connect');
        c.end(true);
        reject(failure(`cannot connect to ${where}`, err));
      };
      const onAbort = () => fail(new Error(`no connection within ${TIMEOUT_MS} ms, or aborted`));
      signal.addEventListener('abort', onAbort, { once: true });
      c.once('connect', () => {
        signal.removeEventListener('abort', onAbort);
        c.removeAllListeners('error');
        c.on('error', () => c.end(true));
        client = c;
        resolve(c);
      });
      c.once('error', (err) => {
        signal.removeEventListener('abort', onAbort);
        fail(err);
      });
      c.once('close', () => {
        signal.removeEventListener('abort', onAbort);
        if (client !== c) fail(new Error('connection closed'));
      });
    });
  }

  return {
    name: TYPE,
    maxBatch: 1,
    async send(batch: readonly Delivery[], outer: AbortSignal): Promise<void> {
      const signal = AbortSignal.any([outer, AbortSignal.timeout(TIMEOUT_MS)]);
      const c = await open(signal);
      for (const d of batch) {
        try {
          await new Promise<void>((resolve, reject) => {
            const onAbort = () => reject(new Error(`not acknowledged within ${TIMEOUT_MS} ms, or aborted`));
            signal.addEventListener('abort', onAbort, { once: true });
            const onClose = () => reject(new Error('connection closed'));
            c.once('close', onClose);
            c.publish(topic, alertBody(d), { qos, retain }, (err) => {
              signal.removeEventListener('abort', onAbort);
              c.removeListener('close', onClose);
              if (err) reject(err);
              else resolve();
            });
          });
        } catch (err) {
          c.end(true);
          if (client === c) client = undefined;
          throw failure(`publish to ${where} topic ${topic}`, err);
        }
      }
    },
    async close(): Promise<void> {
      const c = client;
      client = undefined;
      if (c) await c.endAsync().catch(() => undefined);
    },
  };
}

export const mqttDestination: DestinationType = {
  type: TYPE,
  options: {
    broker: {
      kind: 'string',
      enables: true,
      doc: 'broker address, tcp://host:port or ssl://host:port (mqtt:// and mqtts:// too); enables the destination',
    },
    topic: { kind: 'string', default: 'falco/events', doc: 'topic the alerts are published to' },
    qos: { kind: 'int', default: 0, doc: 'QoS of the messages: 0, 1 or 2' },
    retained: { kind: 'bool', default: false, doc: 'publish the messages as retained' },
    user: { kind: 'string', default: '', doc: 'user name, when the broker requires authentication' },
    password: { kind: 'string', default: '', secret: true, doc: 'password of user' },
    checkcert: { kind: 'bool', default: true, doc: 'verify the TLS certificate of an ssl:// broker' },
  },
  validate,
  create,
};
