// `kestrel run` on the real kernel: the eBPF sensor, the /proc scan, Kestrel's default rules and
// stdout alerts, end to end. Real acts trigger rules; benign neighbours raise nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sensorUnavailableReason } from '../../src/sensor/load.js';
import { RunningKestrel } from '../cli/helpers.js';

const why = sensorUnavailableReason();
const dir = mkdtempSync(join(tmpdir(), 'kestrel-live-'));

describe('kestrel run (live eBPF capture)', { skip: why ? `live capture unavailable: ${why}` : false }, () => {
  let k: RunningKestrel;

  before(async () => {
    k = new RunningKestrel([
      'run',
      '--json',
      '-o',
      'webserver.listen_address=127.0.0.1',
      '-o',
      'webserver.listen_port=0',
      '-o',
      'k8s_audit.webhook.enabled=false',
    ]);
    await k.waitFor('stderr', /capture started: modern eBPF sensor/, 60_000);
  });

  after(async () => {
    await k?.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  function alertsFor(rule: string): Array<Record<string, unknown>> {
    return k.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((a) => a.rule === rule);
  }

  test('reading /etc/shadow raises the sensitive file rule with process context', async () => {
    execFileSync('cat', ['/etc/shadow']);
    await k.waitFor('stdout', /\/etc\/shadow[^\n]*"rule":"Kestrel Sensitive File Read"/);
    const [alert] = alertsFor('Kestrel Sensitive File Read');
    const fields = alert.output_fields as Record<string, unknown>;
    assert.equal(fields['proc.name'], 'cat');
    assert.equal(fields['fd.name'], '/etc/shadow');
    assert.equal(alert.source, 'syscall');
    assert.ok(Array.isArray(alert.tags) && (alert.tags as string[]).includes('kestrel'));
  });

  test('a dropper: chmod +x in /tmp, then exec from there', async () => {
    const bin = join(dir, 'dropped');
    copyFileSync('/bin/true', bin);
    execFileSync('chmod', ['+x', bin]);
    execFileSync(bin);
    await k.waitFor('stdout', /"rule":"Kestrel Binary Executed from Writable Directory"/);
    await k.waitFor('stdout', /"rule":"Kestrel Executable Bit Set in Writable Directory"/);
  });

  test('benign neighbours raise nothing: reading /etc/hostname, running /bin/true', async () => {
    const before = k.stdout.length;
    execFileSync('cat', ['/etc/hostname']);
    execFileSync('/bin/true');
    const marker = join(dir, 'marker');
    copyFileSync('/bin/true', marker);
    chmodSync(marker, 0o644);
    // Something that alerts, to know the benign events before it were processed.
    execFileSync('cat', ['/etc/shadow']);
    await k.waitFor('stdout', /(Kestrel Sensitive File Read[\s\S]*){2}/);
    const added = k.stdout.slice(before);
    assert.doesNotMatch(added, /\/etc\/hostname/);
    assert.doesNotMatch(added, /"proc.name":"true"/);
  });
});
