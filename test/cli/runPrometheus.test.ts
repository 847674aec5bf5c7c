// Debian's Prometheus scrapes a real `kestrel run`'s /metrics: the target is up, and a rule that
// fired is stored both as Kestrel's series and under Falco's name and labels, so queries written
// for Falco (`falcosecurity_falco_rules_matches_total{rule_name=…}`) find it.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freeTcpPort } from '../router/servers/freePort.js';
import { type PrometheusServer, startPrometheus } from '../router/servers/prometheusServer.js';
import { AUDIT_TRACES, OFFICIAL_RULES, RunningKestrel } from './helpers.js';

const PRIVILEGED = readFileSync(join(AUDIT_TRACES, 'create_nginx_pod_privileged.json'), 'utf8').trim();

describe('Prometheus scraping kestrel run', () => {
  let k: RunningKestrel;
  let prometheus: PrometheusServer;
  let webhook: string;
  let port: number;
  before(async () => {
    port = await freeTcpPort();
    const conf = join(mkdtempSync(join(tmpdir(), 'kestrel-run-prom-')), 'kestrel.yaml');
    writeFileSync(
      conf,
      [
        'json_output: true',
        'stdout_output: {enabled: true}',
        `webserver: {enabled: true, listen_address: 127.0.0.1, listen_port: ${port}}`,
        'k8s_audit:',
        '  webhook: {enabled: true, listen_address: 127.0.0.1, listen_port: 0, path: /k8s-audit}',
      ].join('\n'),
    );
    k = new RunningKestrel(['run', '-c', conf, '-r', join(OFFICIAL_RULES, 'k8s_audit_rules.yaml')]);
    [, webhook] = await k.waitFor('stderr', /audit webhook listening on (\S+)/);
    await k.waitFor('stderr', /webserver listening on/);
    prometheus = await startPrometheus('kestrel', `127.0.0.1:${port}`);
  });
  after(async () => {
    await prometheus?.process.stop();
    await k?.stop('SIGTERM');
  });

  test('the target is up; a fired rule is in kestrel_alerts_total and falcosecurity_falco_rules_matches_total', async () => {
    const r = await fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: PRIVILEGED,
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(r.status, 200);
    await k.waitFor('stdout', /"rule":"Create Privileged Pod"/);
    const falcoQuery = 'falcosecurity_falco_rules_matches_total{job="kestrel",rule_name="Create Privileged Pod"}';
    let up: Awaited<ReturnType<PrometheusServer['query']>> = [];
    let falco: typeof up = [];
    let own: typeof up = [];
    // scrapes happen every second: poll at most 30 times, 500 ms apart
    for (let i = 0; i < 30; i++) {
      up = await prometheus.query('up{job="kestrel"}');
      falco = await prometheus.query(falcoQuery);
      own = await prometheus.query('kestrel_alerts_total{job="kestrel",rule="Create Privileged Pod"}');
      if (up[0]?.value[1] === '1' && falco[0]?.value[1] === '1' && own[0]?.value[1] === '1') break;
      await new Promise((res) => setTimeout(res, 500));
    }
    assert.equal(up[0]?.value[1], '1', `up: ${JSON.stringify(up)}\n${prometheus.process.log}`);
    assert.equal(falco[0]?.value[1], '1', `${falcoQuery}: ${JSON.stringify(falco)}`);
    assert.equal(falco[0]?.metric.priority, '4');
    assert.equal(falco[0]?.metric.source, 'k8s_audit');
    assert.equal(falco[0]?.metric.tag_k8s, 'true');
    assert.equal(own[0]?.value[1], '1');
    const n = await prometheus.query('falcosecurity_falco_n_evts_total{job="kestrel"}');
    assert.equal(n[0]?.value[1], '1');
  });
});
