// `kestrel run`: the long-running job with the audit webhook and followed audit log files.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AUDIT_TRACES, kestrel, OFFICIAL_RULES, RunningKestrel } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'kestrel-run-'));
const K8S_RULES = join(OFFICIAL_RULES, 'k8s_audit_rules.yaml');
const PRIVILEGED = readFileSync(join(AUDIT_TRACES, 'create_nginx_pod_privileged.json'), 'utf8').trim();

function config(name: string, body: string): string {
  const path = join(tmp, name);
  writeFileSync(path, body);
  return path;
}

describe('kestrel run', () => {
  test('the webhook turns posted audit events into alerts and survives bad requests', async () => {
    const conf = config(
      'webhook.yaml',
      [
        'json_output: true',
        'stdout_output: {enabled: true}',
        'webserver: {enabled: true, listen_address: 127.0.0.1, listen_port: 0, k8s_healthz_endpoint: /healthz}',
        'k8s_audit:',
        '  webhook: {enabled: true, listen_address: 127.0.0.1, listen_port: 0, path: /k8s-audit}',
      ].join('\n'),
    );
    const k = new RunningKestrel(['run', '-c', conf, '-r', K8S_RULES]);
    try {
      const [, url] = await k.waitFor('stderr', /audit webhook listening on (\S+)/);
      const [, health] = await k.waitFor('stderr', /webserver listening on (\S+)/);
      assert.equal((await fetch(health)).status, 200);

      const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
      assert.equal(bad.status, 400);
      const notAudit = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"hello": "world"}',
      });
      assert.equal(notAudit.status, 400);

      const ok = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: PRIVILEGED,
      });
      assert.equal(ok.status, 200);
      const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [JSON.parse(PRIVILEGED)] };
      const okList = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(list),
      });
      assert.equal(okList.status, 200);

      await k.waitFor('stdout', /("rule":"Create Privileged Pod"[\s\S]*){2}/);

      // Prometheus metrics: events per source, alerts per rule and priority, memory.
      const metrics = await fetch(new URL('/metrics', health));
      assert.equal(metrics.status, 200);
      assert.match(metrics.headers.get('content-type') ?? '', /text\/plain/);
      const text = await metrics.text();
      assert.match(text, /^kestrel_events_total\{source="k8s_audit"\} 2$/m);
      assert.match(text, /^kestrel_alerts_total\{rule="Create Privileged Pod"\} 2$/m);
      assert.match(text, /^kestrel_alerts_by_priority_total\{priority="Warning"\} 2$/m);
      assert.match(text, /^kestrel_process_resident_memory_bytes \d+/m);
    } finally {
      assert.equal(await k.stop('SIGTERM'), 0);
    }
    assert.match(k.stdout, /^ {3}Create Privileged Pod: 2$/m);
  });

  test('followed audit files: appended lines raise alerts, a partial line waits for its end', async () => {
    const dir = mkdtempSync(join(tmp, 'audit-'));
    const log = join(dir, 'kube-apiserver.log');
    writeFileSync(log, `${PRIVILEGED}\n`); // already there at start: not replayed when following
    const conf = config(
      'follow.yaml',
      [
        'json_output: true',
        'stdout_output: {enabled: true}',
        'webserver: {enabled: false}',
        'k8s_audit:',
        '  webhook: {enabled: false}',
        `  files: ["${dir}/*.log"]`,
        '  follow: true',
      ].join('\n'),
    );
    const k = new RunningKestrel(['run', '-c', conf, '-r', K8S_RULES]);
    try {
      await k.waitFor('stderr', /following audit files/);
      const half = Math.floor(PRIVILEGED.length / 2);
      appendFileSync(log, PRIVILEGED.slice(0, half));
      appendFileSync(log, `${PRIVILEGED.slice(half)}\n`);
      await k.waitFor('stdout', /"rule":"Create Privileged Pod"/);
    } finally {
      assert.equal(await k.stop('SIGINT'), 0);
    }
    assert.match(k.stdout, /^ {3}Create Privileged Pod: 1$/m);
  });

  test('nothing to run is a clear error', async () => {
    const conf = config('nothing.yaml', 'k8s_audit:\n  webhook: {enabled: false}\nwebserver: {enabled: false}\n');
    const r = await kestrel(['run', '-c', conf, '-r', K8S_RULES]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /nothing to run/);
  });

  test('a port already in use is reported, not a stack trace', async () => {
    const first = new RunningKestrel([
      'run',
      '-c',
      config(
        'port1.yaml',
        'webserver: {enabled: false}\nk8s_audit:\n  webhook: {enabled: true, listen_address: 127.0.0.1, listen_port: 0}\n',
      ),
      '-r',
      K8S_RULES,
    ]);
    try {
      const [, port] = await first.waitFor('stderr', /audit webhook listening on http:\/\/127\.0\.0\.1:(\d+)/);
      const conf = config(
        'port2.yaml',
        `webserver: {enabled: false}\nk8s_audit:\n  webhook: {enabled: true, listen_address: 127.0.0.1, listen_port: ${port}}\n`,
      );
      const r = await kestrel(['run', '-c', conf, '-r', K8S_RULES]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /cannot listen/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    } finally {
      await first.stop();
    }
  });
});
