import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { natsDestination } from '../../../src/router/destinations/nats.js';
import { freeTcpPort } from '../servers/freePort.js';
import { startNats, type NatsTestServer } from '../servers/natsServer.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

/** The next `n` messages on the subscription, waiting at most 10 s. */
async function next(sub: Subscription, n: number): Promise<{ subject: string; body: unknown }[]> {
  const got: { subject: string; body: unknown }[] = [];
  const timer = setTimeout(() => sub.unsubscribe(), 10_000);
  for await (const m of sub) {
    got.push({ subject: m.subject, body: JSON.parse(m.string()) });
    if (got.length === n) break;
  }
  clearTimeout(timer);
  return got;
}

describe('nats destination against a real nats-server', () => {
  let server: NatsTestServer;
  let reader: NatsConnection;
  before(async () => {
    server = await startNats();
    reader = await connect({ servers: server.url });
  });
  after(async () => {
    await reader?.close();
    await server?.process.stop();
  });

  test('subject falco.<priority>.<rule> (lower case, rule slugged) and Falco JSON body', async () => {
    const sub = reader.subscribe('falco.>', { max: 2 });
    await reader.flush();
    const dest = natsDestination.create({ hostport: server.url }, context);
    try {
      await dest.send([delivery()], signal());
      await dest.send(
        [delivery(sampleAlert({ priority: 'informational', rule: '  Write below /etc (by RPM)!' }), 4)],
        signal(),
      );
      const [first, second] = await next(sub, 2);
      assert.equal(first.subject, 'falco.critical.terminal_shell_in_container');
      assert.deepEqual(first.body, sampleAlert());
      assert.equal(second.subject, 'falco.informational.write_below_etc_by_rpm');
      assert.deepEqual(second.body, {
        ...sampleAlert({ priority: 'informational', rule: '  Write below /etc (by RPM)!' }),
        count: 4,
      });
    } finally {
      await dest.close?.();
    }
  });

  test('a custom subjecttemplate', async () => {
    const sub = reader.subscribe('security.>', { max: 1 });
    await reader.flush();
    const dest = natsDestination.create(
      { hostport: server.url, subjecttemplate: 'security.<rule>.at.<priority>' },
      context,
    );
    try {
      await dest.send([delivery()], signal());
      const [got] = await next(sub, 1);
      assert.equal(got.subject, 'security.terminal_shell_in_container.at.critical');
    } finally {
      await dest.close?.();
    }
  });
});

describe('nats destination with credentials in hostport', () => {
  let server: NatsTestServer;
  before(async () => {
    server = await startNats({ auth: { user: 'kestrel', password: 'p@ss word' } });
  });
  after(async () => {
    await server?.process.stop();
  });

  test('user and password from nats://user:password@host:port are used; wrong ones fail', async () => {
    const reader = await connect({ servers: server.url, user: 'kestrel', pass: 'p@ss word' });
    const sub = reader.subscribe('falco.>', { max: 1 });
    await reader.flush();
    const good = natsDestination.create({ hostport: `nats://kestrel:p%40ss%20word@127.0.0.1:${server.port}` }, context);
    const bad = natsDestination.create({ hostport: `nats://kestrel:nope@127.0.0.1:${server.port}` }, context);
    try {
      await good.send([delivery()], signal());
      const [got] = await next(sub, 1);
      assert.equal(got.subject, 'falco.critical.terminal_shell_in_container');
      await assert.rejects(bad.send([delivery()], signal()), (err: unknown) => {
        assert.ok(err instanceof DeliveryError);
        assert.match(err.message, /^nats: cannot connect to nats:\/\/127\.0\.0\.1:\d+: .*AUTHORIZATION/i);
        return true;
      });
    } finally {
      await good.close?.();
      await bad.close?.();
      await reader.close();
    }
  });
});

describe('nats destination with TLS', () => {
  let server: NatsTestServer;
  before(async () => {
    server = await startNats({ tls: true });
  });
  after(async () => {
    await server?.process.stop();
  });

  test('tls:// with checkcert false is delivered; checkcert true refuses the self-signed certificate', async () => {
    const reader = await connect({
      servers: `tls://127.0.0.1:${server.port}`,
      tls: { rejectUnauthorized: false } as object,
    });
    const sub = reader.subscribe('falco.>', { max: 1 });
    await reader.flush();
    const insecure = natsDestination.create({ hostport: `tls://127.0.0.1:${server.port}`, checkcert: false }, context);
    const strict = natsDestination.create({ hostport: `tls://127.0.0.1:${server.port}` }, context);
    try {
      await insecure.send([delivery()], signal());
      const [got] = await next(sub, 1);
      assert.equal(got.subject, 'falco.critical.terminal_shell_in_container');
      await assert.rejects(strict.send([delivery()], signal()), (err: unknown) => {
        assert.ok(err instanceof DeliveryError);
        assert.equal(err.retryable, true);
        assert.match(err.message, /^nats: cannot connect to tls:\/\/127\.0\.0\.1:\d+: .*self[- ]signed certificate/i);
        return true;
      });
    } finally {
      await insecure.close?.();
      await strict.close?.();
      await reader.close();
    }
  });
});

describe('nats destination: errors', () => {
  test('server down: send throws a retryable DeliveryError', async () => {
    const port = await freeTcpPort();
    const dest = natsDestination.create({ hostport: `nats://127.0.0.1:${port}` }, context);
    await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
      assert.ok(err instanceof DeliveryError);
      assert.equal(err.retryable, true);
      assert.match(err.message, new RegExp(`^nats: cannot connect to nats://127\\.0\\.0\\.1:${port}`));
      return true;
    });
    await dest.close?.();
  });

  test('a server that goes away: the next send fails retryably; once it is back, sends reconnect', async () => {
    let server = await startNats();
    const port = server.port;
    const sink = natsDestination.create({ hostport: server.url }, context);
    try {
      await sink.send([delivery()], signal());
      await server.process.stop();
      await assert.rejects(
        sink.send([delivery()], signal()),
        (err: unknown) => err instanceof DeliveryError && err.retryable,
      );
      server = await startNats({ port });
      const reader = await connect({ servers: server.url });
      const sub = reader.subscribe('falco.>', { max: 1 });
      await reader.flush();
      await sink.send([delivery()], signal());
      const [got] = await next(sub, 1);
      assert.equal(got.subject, 'falco.critical.terminal_shell_in_container');
      await reader.close();
    } finally {
      await sink.close?.();
      await server.process.stop();
    }
  });

  test('bad options: each problem names the option', () => {
    assert.deepEqual(natsDestination.validate!({}), ['nats.hostport: is required']);
    assert.deepEqual(natsDestination.validate!({ hostport: 'http://nats:4222', subjecttemplate: 'falco.*.<rule>' }), [
      'nats.hostport: "http://nats:4222" must be a nats:// or tls:// URL',
      'nats.subjecttemplate: "falco.*.<rule>" contains a wildcard (* or >): one cannot publish to it',
    ]);
    assert.deepEqual(natsDestination.validate!({ hostport: 'nats host', subjecttemplate: 'falco..<rule>' }), [
      'nats.hostport: "nats host" is not a URL (nats://host:port)',
      'nats.subjecttemplate: "falco..<rule>" has an empty token (leading, trailing or double dot)',
    ]);
    assert.deepEqual(natsDestination.validate!({ hostport: 'nats://n:4222', subjecttemplate: 'falco <rule>' }), [
      'nats.subjecttemplate: "falco <rule>" contains whitespace',
    ]);
    assert.deepEqual(natsDestination.validate!({ hostport: 'nats://n:4222' }), []);
  });
});
