import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { mqttDestination } from '../../../src/router/destinations/mqtt.js';
import { freeTcpPort } from '../servers/freePort.js';
import { startMosquitto, type MosquittoServer } from '../servers/mosquittoServer.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

interface Received {
  topic: string;
  body: unknown;
  qos: number;
  retain: boolean;
}

/** A subscriber on `topic`, connected and subscribed before it is returned. */
async function subscriber(url: string, topic: string, auth: { username?: string; password?: string } = {}) {
  const client: MqttClient = await mqtt.connectAsync(url, { ...auth, reconnectPeriod: 0, rejectUnauthorized: false });
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  client.on('message', (t, payload, packet) => {
    received.push({ topic: t, body: JSON.parse(payload.toString('utf8')), qos: packet.qos, retain: packet.retain });
    waiters.splice(0).forEach((w) => w());
  });
  await client.subscribeAsync(topic, { qos: 2 });
  /** Waits (at most 10 s) until `n` messages have arrived. */
  async function messages(n: number): Promise<Received[]> {
    for (let i = 0; i < 100 && received.length < n; i++)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    assert.ok(received.length >= n, `expected ${n} messages on ${topic}, got ${received.length}`);
    return received.slice(0, n);
  }
  return { client, messages };
}

describe('mqtt destination against a real mosquitto', () => {
  let server: MosquittoServer;
  before(async () => {
    server = await startMosquitto();
  });
  after(async () => {
    await server?.process.stop();
  });

  test('default topic falco/events, Falco JSON body, qos 0', async () => {
    const sub = await subscriber(`mqtt://127.0.0.1:${server.port}`, 'falco/#');
    const dest = mqttDestination.create({ broker: `tcp://127.0.0.1:${server.port}` }, context);
    try {
      await dest.send([delivery()], signal());
      await dest.send([delivery(sampleAlert({ rule: 'second' }), 2)], signal());
      const [first, second] = await sub.messages(2);
      assert.deepEqual(first, { topic: 'falco/events', body: sampleAlert(), qos: 0, retain: false });
      assert.deepEqual(second.body, { ...sampleAlert({ rule: 'second' }), count: 2 });
    } finally {
      await dest.close?.();
      await sub.client.endAsync();
    }
  });

  test('topic, qos 1 and retained: a subscriber arriving later gets the retained alert', async () => {
    const dest = mqttDestination.create(
      { broker: `tcp://127.0.0.1:${server.port}`, topic: 'security/kestrel', qos: 1, retained: true },
      context,
    );
    try {
      await dest.send([delivery()], signal());
      const sub = await subscriber(`mqtt://127.0.0.1:${server.port}`, 'security/kestrel');
      const [got] = await sub.messages(1);
      assert.deepEqual(got, { topic: 'security/kestrel', body: sampleAlert(), qos: 1, retain: true });
      await sub.client.endAsync();
    } finally {
      await dest.close?.();
    }
  });

  test('qos 2 is acknowledged by the broker', async () => {
    const sub = await subscriber(`mqtt://127.0.0.1:${server.port}`, 'q2');
    const dest = mqttDestination.create({ broker: `mqtt://127.0.0.1:${server.port}`, topic: 'q2', qos: 2 }, context);
    try {
      await dest.send([delivery()], signal());
      const [got] = await sub.messages(1);
      assert.equal(got.qos, 2);
    } finally {
      await dest.close?.();
      await sub.client.endAsync();
    }
  });
});

describe('mqtt destination with a user and TLS', () => {
  let server: MosquittoServer;
  const auth = { user: 'kestrel', password: 's3cret' };
  before(async () => {
    server = await startMosquitto({ auth, tls: true });
  });
  after(async () => {
    await server?.process.stop();
  });

  test('ssl:// with checkcert false and user/password: delivered; a wrong password fails', async () => {
    const sub = await subscriber(`mqtts://127.0.0.1:${server.port}`, 'falco/events', {
      username: auth.user,
      password: auth.password,
    });
    const base = { broker: `ssl://127.0.0.1:${server.port}`, user: auth.user, checkcert: false };
    const dest = mqttDestination.create({ ...base, password: auth.password }, context);
    const wrong = mqttDestination.create({ ...base, password: 'nope' }, context);
    try {
      await dest.send([delivery()], signal());
      const [got] = await sub.messages(1);
      assert.deepEqual(got.body, sampleAlert());
      await assert.rejects(wrong.send([delivery()], signal()), (err: unknown) => {
        assert.ok(err instanceof DeliveryError);
        assert.match(
          err.message,
          /^mqtt: cannot connect to mqtts:\/\/127\.0\.0\.1:\d+: .*(Not authorized|Bad User Name or Password)/i,
        );
        return true;
      });
    } finally {
      await dest.close?.();
      await wrong.close?.();
      await sub.client.endAsync();
    }
  });

  test('ssl:// with checkcert true refuses the self-signed certificate', async () => {
    const dest = mqttDestination.create(
      { broker: `ssl://127.0.0.1:${server.port}`, ...{ user: auth.user, password: auth.password } },
      context,
    );
    try {
      await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
        assert.ok(err instanceof DeliveryError);
        assert.match(err.message, /self[- ]signed certificate/i);
        return true;
      });
    } finally {
      await dest.close?.();
    }
  });
});

describe('mqtt destination: errors', () => {
  test('broker down: send throws a retryable DeliveryError', async () => {
    const port = await freeTcpPort();
    const dest = mqttDestination.create({ broker: `tcp://127.0.0.1:${port}` }, context);
    await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
      assert.ok(err instanceof DeliveryError);
      assert.equal(err.retryable, true);
      assert.match(err.message, new RegExp(`^mqtt: cannot connect to mqtt://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
      return true;
    });
    await dest.close?.();
  });

  test('a broker that goes away: the next send fails retryably', async () => {
    const server = await startMosquitto();
    const dest = mqttDestination.create({ broker: `tcp://127.0.0.1:${server.port}`, qos: 1 }, context);
    try {
      await dest.send([delivery()], signal());
      await server.process.stop();
      await assert.rejects(
        dest.send([delivery()], signal()),
        (err: unknown) => err instanceof DeliveryError && err.retryable,
      );
    } finally {
      await dest.close?.();
      await server.process.stop();
    }
  });

  test('bad options: each problem names the option', () => {
    assert.deepEqual(mqttDestination.validate!({}), ['mqtt.broker: is required']);
    assert.deepEqual(mqttDestination.validate!({ broker: 'http://b:1883', topic: 'falco/+', qos: 3, password: 'x' }), [
      'mqtt.broker: "http://b:1883" must start with tcp://, mqtt://, ssl:// or mqtts://',
      'mqtt.topic: "falco/+" contains a wildcard (+ or #): one cannot publish to it',
      'mqtt.qos: 3 is not 0, 1 or 2',
      'mqtt.password: is set but mqtt.user is not',
    ]);
    assert.deepEqual(mqttDestination.validate!({ broker: 'b:1883', topic: '' }), [
      'mqtt.broker: "b:1883" must start with tcp://, mqtt://, ssl:// or mqtts://',
      'mqtt.topic: is empty',
    ]);
    assert.deepEqual(mqttDestination.validate!({ broker: 'tcp://b:1883' }), []);
  });
});
