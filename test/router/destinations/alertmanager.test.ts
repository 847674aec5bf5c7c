import assert from 'node:assert/strict';
import { get } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { alertmanagerDestination } from '../../../src/router/destinations/alertmanager.js';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { freeTcpPort } from '../servers/freePort.js';
import { startAlertmanager, type AlertmanagerServer } from '../servers/alertmanagerServer.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

interface StoredAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
}

// Alertmanager lists only alerts that have not ended yet: the alerts here happen now.
const NOW_MS = Math.floor(Date.now() / 1000) * 1000;
const NOW = new Date(NOW_MS).toISOString().replace('.000Z', '.123456789Z');
const alertNow = (o: Parameters<typeof sampleAlert>[0] = {}) => sampleAlert({ time: NOW, ...o });

async function storedAlerts(server: AlertmanagerServer, rule: string): Promise<StoredAlert[]> {
  const filter = encodeURIComponent(`rule="${rule}"`);
  const response = await fetch(`${server.url}/api/v2/alerts?filter=${filter}`, { signal: AbortSignal.timeout(5000) });
  assert.equal(response.status, 200);
  return (await response.json()) as StoredAlert[];
}

describe('alertmanager destination against a real Alertmanager', () => {
  let server: AlertmanagerServer;
  before(async () => {
    server = await startAlertmanager();
  });
  after(async () => {
    await server?.process.stop();
  });

  test('labels, annotations and endsAt of the alert Alertmanager stored', async () => {
    const dest = alertmanagerDestination.create(
      {
        hostport: server.url,
        expiresafter: 3_600_000,
        extralabels: { team: 'blue' },
        extraannotations: { runbook: 'https://runbooks.example/shell' },
        customheaders: { 'x-scope': 'kestrel' },
      },
      context,
    );
    await dest.send([delivery(alertNow())], signal());
    const [stored, ...rest] = await storedAlerts(server, 'Terminal shell in container');
    assert.equal(rest.length, 0);
    assert.deepEqual(stored.labels, {
      alertname: 'Terminal shell in container',
      rule: 'Terminal shell in container',
      source: 'falco',
      eventsource: 'syscall',
      hostname: 'node-1',
      tags: 'container,mitre_execution,shell',
      priority: 'Critical',
      severity: 'critical',
      proc_cmdline: 'bash -c "echo <b>pwned</b> & x=1"',
      user_name: 'root',
      proc_aname_2: 'containerd-shim',
      proc_pid: '4242',
      team: 'blue',
    });
    assert.deepEqual(stored.annotations, {
      info: sampleAlert().output,
      description: sampleAlert().output,
      summary: 'Terminal shell in container',
      runbook: 'https://runbooks.example/shell',
    });
    assert.equal(stored.startsAt, new Date(NOW_MS + 123).toISOString());
    assert.equal(stored.endsAt, new Date(NOW_MS + 123 + 3_600_000).toISOString());
  });

  test('severity follows Falcosidekick mapping, and customseveritymap overrides it', async () => {
    const plain = alertmanagerDestination.create({ hostport: server.url, expiresafter: 3_600_000 }, context);
    const custom = alertmanagerDestination.create(
      { hostport: server.url, expiresafter: 3_600_000, customseveritymap: { notice: 'page-me', Error: 'sev2' } },
      context,
    );
    const cases: [string, string, typeof plain, string][] = [
      ['sev emergency', 'Emergency', plain, 'critical'],
      ['sev error', 'Error', plain, 'warning'],
      ['sev notice', 'Notice', plain, 'information'],
      ['sev debug', 'Debug', plain, 'information'],
      ['sev custom notice', 'Notice', custom, 'page-me'],
      ['sev custom error', 'Error', custom, 'sev2'],
    ];
    for (const [rule, priority, dest] of cases) await dest.send([delivery(alertNow({ rule, priority }))], signal());
    for (const [rule, priority, , severity] of cases) {
      const [stored] = await storedAlerts(server, rule);
      assert.equal(stored?.labels.severity, severity, rule);
      assert.equal(stored?.labels.priority, priority, rule);
    }
  });

  test('a batch is one POST and each alert is stored; a dedup count is an annotation', async () => {
    const dest = alertmanagerDestination.create({ hostport: server.url, expiresafter: 3_600_000 }, context);
    await dest.send(
      [delivery(alertNow({ rule: 'batch one' }), 3), delivery(alertNow({ rule: 'batch two' }))],
      signal(),
    );
    const [one] = await storedAlerts(server, 'batch one');
    const [two] = await storedAlerts(server, 'batch two');
    assert.equal(one?.annotations.count, '3');
    assert.equal(two?.annotations.count, undefined);
  });

  test("Falco's syscall drop alert is re-prioritised by the drop thresholds", async () => {
    const dest = alertmanagerDestination.create(
      { hostport: server.url, expiresafter: 3_600_000, dropeventthresholds: '1000:critical, 10:error' },
      context,
    );
    const drop = alertNow({
      rule: 'Falco internal: syscall event drop',
      priority: 'Debug',
      output_fields: { n_drops: 150, n_drops_buffer_total: '0', n_evts: 99999 },
    });
    await dest.send([delivery(drop)], signal());
    const [stored] = await storedAlerts(server, 'Falco internal: syscall event drop');
    assert.equal(stored?.labels.n_drops, '>10');
    assert.equal(stored?.labels.n_drops_buffer_total, '0');
    assert.equal(stored?.labels.n_evts, undefined);
    assert.equal(stored?.labels.priority, 'Error');
    assert.equal(stored?.labels.severity, 'warning');
  });

  test('the v1 endpoint is accepted too', async () => {
    const dest = alertmanagerDestination.create(
      { hostport: `${server.url}/`, endpoint: '/api/v1/alerts', expiresafter: 3_600_000 },
      context,
    );
    await dest.send([delivery(alertNow({ rule: 'via v1' }))], signal());
    assert.equal((await storedAlerts(server, 'via v1')).length, 1);
  });

  test('a hostport with a path Alertmanager does not serve: 404, not retried', async () => {
    const dest = alertmanagerDestination.create({ hostport: `${server.url}/no-such-prefix` }, context);
    await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
      assert.ok(err instanceof DeliveryError);
      assert.equal(err.retryable, false);
      assert.equal(err.status, 404);
      return true;
    });
  });
});

/** GET over https without certificate checks (the server's certificate is self-signed). */
function insecureGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('alertmanager destination over https', () => {
  let server: AlertmanagerServer;
  before(async () => {
    server = await startAlertmanager({ tls: true });
  });
  after(async () => {
    await server?.process.stop();
  });

  test('checkcert false delivers to a self-signed server; checkcert true refuses it, retryably', async () => {
    const insecure = alertmanagerDestination.create(
      { hostport: server.url, checkcert: false, expiresafter: 3_600_000 },
      context,
    );
    await insecure.send([delivery(alertNow({ rule: 'over https' }))], signal());
    const stored = JSON.parse(
      await insecureGet(`${server.url}/api/v2/alerts?filter=${encodeURIComponent('rule="over https"')}`),
    ) as StoredAlert[];
    assert.equal(stored.length, 1);
    const strict = alertmanagerDestination.create({ hostport: server.url }, context);
    await assert.rejects(strict.send([delivery(alertNow())], signal()), (err: unknown) => {
      assert.ok(err instanceof DeliveryError);
      assert.equal(err.retryable, true);
      assert.match(err.message, /self[- ]signed certificate/i);
      return true;
    });
  });
});

describe('alertmanager destination: errors', () => {
  test('Alertmanager down: send throws a retryable DeliveryError', async () => {
    const port = await freeTcpPort();
    const dest = alertmanagerDestination.create({ hostport: `http://127.0.0.1:${port}` }, context);
    await assert.rejects(dest.send([delivery()], signal()), (err: unknown) => {
      assert.ok(err instanceof DeliveryError);
      assert.equal(err.retryable, true);
      assert.match(err.message, /^alertmanager: POST http:\/\/127\.0\.0\.1:\d+\/… failed: connect ECONNREFUSED/);
      return true;
    });
  });

  test('bad options: each problem names the option', () => {
    const problems = alertmanagerDestination.validate!({
      hostport: 'ftp://am:9093',
      endpoint: '/api/v3/alerts',
      dropeventthresholds: '10:loud',
      dropeventdefaultpriority: 'urgent',
      customseveritymap: { sometimes: 'x' },
      extralabels: { 'bad-name': 'x' },
      extraannotations: { '9lives': 'x' },
    });
    assert.deepEqual(problems, [
      'alertmanager.hostport: "ftp://am:9093" must be an http:// or https:// URL',
      'alertmanager.endpoint: "/api/v3/alerts" is not one of /api/v2/alerts, /api/v1/alerts',
      'alertmanager.dropeventthresholds: "10:loud" is not <count>:<priority> (priority one of emergency, alert, critical, error, warning, notice, informational, debug)',
      'alertmanager.dropeventdefaultpriority: "urgent" is not a priority (one of emergency, alert, critical, error, warning, notice, informational, debug)',
      'alertmanager.customseveritymap: "sometimes" is not a priority (one of emergency, alert, critical, error, warning, notice, informational, debug)',
      'alertmanager.extralabels: "bad-name" is not a valid name (letters, digits and _, not starting with a digit)',
      'alertmanager.extraannotations: "9lives" is not a valid name (letters, digits and _, not starting with a digit)',
    ]);
    assert.deepEqual(alertmanagerDestination.validate!({}), ['alertmanager.hostport: is required']);
    assert.deepEqual(alertmanagerDestination.validate!({ hostport: 'http://am:9093' }), []);
  });
});
