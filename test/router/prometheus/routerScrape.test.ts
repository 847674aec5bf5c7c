// Debian's Prometheus scrapes the real `kestrel router`'s /metrics: the target is up and the
// router's kestrel_router_* series are stored.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort, tcpOpen } from '../servers/freePort.js';
import { startPrometheus, type PrometheusServer } from '../servers/prometheusServer.js';
import { ServerProcess, makeTempDir } from '../servers/serverProcess.js';
import { sampleAlert } from '../destinations/sampleAlert.js';

const BIN = join(resolve(fileURLToPath(import.meta.url), '../../../../..'), 'bin/kestrel.js');

describe('Prometheus scraping the router', () => {
  let router: ServerProcess;
  let prometheus: PrometheusServer;
  let port: number;
  before(async () => {
    port = await freeTcpPort();
    const dir = makeTempDir('router-scrape');
    const env = {
      ...process.env,
      LISTENADDRESS: '127.0.0.1',
      LISTENPORT: String(port),
      QUEUE_DIR: join(dir, 'queue'),
      FILE_PATH: join(dir, 'alerts.jsonl'),
    };
    router = ServerProcess.start('kestrel router', process.execPath, [BIN, 'router'], dir, env);
    await router.waitReady(() => tcpOpen(port), 300);
    prometheus = await startPrometheus('kestrel-router', `127.0.0.1:${port}`);
  });
  after(async () => {
    await prometheus?.process.stop();
    await router?.stop();
  });

  test('the target is up and kestrel_router_alerts_in_total counts the accepted alert', async () => {
    const { uuid: _uuid, ...falcoAlert } = sampleAlert();
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(falcoAlert),
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(response.status, 200, await response.text());
    // Scrapes happen every second: poll at most 30 times, 500 ms apart.
    let up: Awaited<ReturnType<PrometheusServer['query']>> = [];
    let accepted: typeof up = [];
    for (let i = 0; i < 30; i++) {
      up = await prometheus.query('up{job="kestrel-router"}');
      accepted = await prometheus.query('kestrel_router_alerts_in_total{job="kestrel-router",status="accepted"}');
      if (up[0]?.value[1] === '1' && accepted[0]?.value[1] === '1') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(up[0]?.value[1], '1', `up: ${JSON.stringify(up)}\n${prometheus.process.log}`);
    assert.equal(up[0]?.metric.instance, `127.0.0.1:${port}`);
    assert.equal(accepted[0]?.value[1], '1', `kestrel_router_alerts_in_total: ${JSON.stringify(accepted)}`);
    const names = await fetch(`${prometheus.url}/api/v1/label/__name__/values`, {
      signal: AbortSignal.timeout(5000),
    }).then((r) => r.json() as Promise<{ data: string[] }>);
    const routerSeries = names.data.filter((n) => n.startsWith('kestrel_router_'));
    assert.ok(routerSeries.includes('kestrel_router_queue_depth'), routerSeries.join(', '));
    assert.ok(routerSeries.includes('kestrel_router_alerts_out_total'), routerSeries.join(', '));
  });
});
