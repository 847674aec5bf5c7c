import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { syslogDestination } from '../../../src/router/destinations/syslog.js';
import { freeTcpPort } from '../servers/freePort.js';
import { startRsyslog, type RsyslogServer } from '../servers/rsyslogServer.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

const SD =
  '[falco@32473 rule="Terminal shell in container" priority="Critical" source="syscall" uuid="7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14" tags="shell,container,mitre_execution"]';

const CEF =
  'CEF:0|Falcosecurity|Falco|1.0|Falco Event|Terminal shell in container|8|uuid=7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14 start=2026-12-01T10:20:30Z ' +
  'msg=A shell was spawned in a container (user\\=root cmdline\\=bash -c "echo <b>pwned</b> & x\\=1") source=syscall hostname=node-1 ' +
  'outputfields=proc.aname[2]:containerd-shim proc.cmdline:bash -c "echo <b>pwned</b> & x\\=1" proc.pid:4242 user.name:root ' +
  'tags=shell,container,mitre_execution';

describe('syslog destination against a real rsyslog', () => {
  let server: RsyslogServer;
  before(async () => {
    server = await startRsyslog();
  });
  after(async () => {
    await server?.process.stop();
  });

  test('RFC 5424 over TCP (octet counting), JSON body: every field as rsyslog parsed it', async () => {
    const dest = syslogDestination.create({ host: '127.0.0.1', port: server.tcpPort }, context);
    try {
      await dest.send([delivery()], signal());
      await dest.send([delivery(sampleAlert({ rule: 'second', priority: 'Debug', tags: [] }), 5)], signal());
      const [first, second] = await server.waitLines(2);
      assert.equal(first.input, 'tcp');
      assert.equal(first.pri, '2', 'facility kern (0), severity critical (2)');
      assert.equal(first.version, '1');
      assert.match(first.timestamp, /^2026-12-01T10:20:30\.123456(Z|\+00:00)$/);
      assert.equal(first.hostname, 'node-1');
      assert.equal(first.appName, 'falco');
      assert.equal(first.procId, '-');
      assert.equal(first.msgId, '-');
      assert.equal(first.structuredData, SD);
      assert.deepEqual(JSON.parse(first.msg), sampleAlert());
      assert.equal(second.pri, '7');
      assert.equal(
        second.structuredData,
        '[falco@32473 rule="second" priority="Debug" source="syscall" uuid="7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14" count="5"]',
      );
      assert.deepEqual(JSON.parse(second.msg), {
        ...sampleAlert({ rule: 'second', priority: 'Debug', tags: [] }),
        count: 5,
      });
    } finally {
      await dest.close?.();
    }
  });

  test('CEF over UDP with facility local3: Falcosidekick layout, escaped', async () => {
    const before = server.lines().length;
    const dest = syslogDestination.create(
      { host: '127.0.0.1', port: server.udpPort, protocol: 'udp', format: 'cef', facility: 'local3' },
      context,
    );
    try {
      await dest.send([delivery()], signal());
      const line = (await server.waitLines(before + 1))[before];
      assert.equal(line.input, 'udp');
      assert.equal(line.pri, String(19 * 8 + 2));
      assert.equal(line.msg, CEF);
    } finally {
      await dest.close?.();
    }
  });

  test('attacker-controlled text cannot break out of its field', async () => {
    const before = server.lines().length;
    const hostile = sampleAlert({
      rule: 'evil"] [x@1 a="b',
      hostname: 'host name\nwith spaces',
      output: 'line one\nline two | CEF:0|x=y \\',
      time: '2026-12-01T10:20:30.5+02:00',
    });
    const json = syslogDestination.create({ host: '127.0.0.1', port: server.tcpPort }, context);
    const cef = syslogDestination.create({ host: '127.0.0.1', port: server.tcpPort, format: 'cef' }, context);
    try {
      await json.send([delivery(hostile)], signal());
      await cef.send([delivery(hostile)], signal());
      const [j, c] = (await server.waitLines(before + 2)).slice(before);
      assert.equal(j.hostname, 'host_name_with_spaces');
      assert.match(j.timestamp, /^2026-12-01T10:20:30\.5(00000)?\+02:00$/);
      assert.ok(
        j.structuredData.startsWith('[falco@32473 rule="evil\\"\\] [x@1 a=\\"b" priority="Critical"'),
        j.structuredData,
      );
      assert.deepEqual(JSON.parse(j.msg), hostile);
      assert.ok(c.msg.startsWith('CEF:0|Falcosecurity|Falco|1.0|Falco Event|evil"] [x@1 a="b|8|'), c.msg);
      assert.ok(c.msg.includes(' msg=line one\\nline two | CEF:0|x\\=y \\\\ source=syscall'), c.msg);
    } finally {
      await json.close?.();
      await cef.close?.();
    }
  });
});

describe('syslog destination: errors', () => {
  test('TCP server down: send throws a retryable DeliveryError', async () => {
    const port = await freeTcpPort();
    const dest = syslogDestination.create({ host: '127.0.0.1', port }, context);
    await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
      assert.ok(err instanceof DeliveryError);
      assert.equal(err.retryable, true);
      assert.match(err.message, new RegExp(`^syslog: cannot connect to tcp 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
      return true;
    });
    await dest.close?.();
  });

  test('a TCP server that goes away: a later send fails retryably', async () => {
    const server = await startRsyslog();
    const dest = syslogDestination.create({ host: '127.0.0.1', port: server.tcpPort }, context);
    try {
      await dest.send([delivery()], signal());
      await server.waitLines(1);
      await server.process.stop();
      // The closed connection is noticed when its FIN is read: at most 20 sends, 50 ms apart.
      let failed: unknown;
      for (let i = 0; i < 20 && failed === undefined; i++) {
        await dest.send([delivery()], signal()).catch((err: unknown) => (failed = err));
        if (failed === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(failed instanceof DeliveryError && failed.retryable, String(failed));
    } finally {
      await dest.close?.();
      await server.process.stop();
    }
  });

  test('a message too big for one UDP datagram is not retried', async () => {
    const dest = syslogDestination.create({ host: '127.0.0.1', port: 9, protocol: 'udp' }, context);
    const huge = sampleAlert({ output: 'x'.repeat(70_000) });
    await assert.rejects(dest.send([delivery(huge)], signal()), (err: unknown) => {
      assert.ok(err instanceof DeliveryError);
      assert.equal(err.retryable, false);
      assert.match(err.message, /does not fit in one UDP datagram/);
      return true;
    });
    await dest.close?.();
  });

  test('bad options: each problem names the option', () => {
    assert.deepEqual(syslogDestination.validate!({}), ['syslog.host: is required']);
    assert.deepEqual(
      syslogDestination.validate!({
        host: 'log host',
        port: 70_000,
        protocol: 'tls',
        format: 'xml',
        facility: 'local9',
      }),
      [
        'syslog.host: "log host" contains whitespace',
        'syslog.port: 70000 is not a port (1-65535)',
        'syslog.protocol: "tls" is not one of tcp, udp',
        'syslog.format: "xml" is not one of json, cef',
        `syslog.facility: "local9" is not one of kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, audit, alert, clock, local0, local1, local2, local3, local4, local5, local6, local7`,
      ],
    );
    assert.deepEqual(
      syslogDestination.validate!({ host: 'logs', port: 6514, protocol: 'UDP', format: 'CEF', facility: 'local0' }),
      [],
    );
  });
});
