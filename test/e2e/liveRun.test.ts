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
import { buildTools } from './support/tools.js';

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

  test('/metrics: kernel events and drops per CPU, drops by category, ignored 32-bit syscalls', async () => {
    const [, health] = await k.waitFor('stderr', /webserver listening on (\S+)/);
    const tools = buildTools('kestrel-', ['int80']);
    try {
      // i386 oldolduname (59) has no x86_64 equivalent; socketcall call 99 does not exist
      execFileSync(tools.path('int80'), ['oldolduname']);
      execFileSync(tools.path('int80'), ['sc-raw', '99']);
    } finally {
      rmSync(tools.dir, { recursive: true, force: true });
    }
    const value = (text: string, series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      assert.ok(line, `${series} in /metrics`);
      return Number(line.slice(series.length + 1));
    };
    // the sensor's counters are read at scrape time: scrape until the two calls are counted
    let text = '';
    for (let i = 0; i < 50; i++) {
      text = await (await fetch(new URL('/metrics', health))).text();
      const ignored = (reason: string) => value(text, `kestrel_kernel_ignored_syscalls_total{reason="${reason}"}`);
      if (ignored('ia32_unmapped') >= 1 && ignored('socketcall_unconverted') >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(value(text, 'kestrel_kernel_ignored_syscalls_total{reason="ia32_unmapped"}') >= 1, text);
    assert.ok(value(text, 'kestrel_kernel_ignored_syscalls_total{reason="socketcall_unconverted"}') >= 1, text);
    assert.ok(value(text, 'kestrel_kernel_events_total{cpu="0"}') > 0);
    assert.ok(value(text, 'kestrel_kernel_drops_total{cpu="0"}') >= 0);
    assert.ok(value(text, 'kestrel_kernel_drops_by_category_total{category="openExit"}') >= 0);
    assert.ok(value(text, 'kestrel_events_total{source="syscall"}') > 0);
    // the same under Falco's names
    assert.ok(value(text, 'falcosecurity_scap_n_evts_total') > 0);
    assert.ok(value(text, 'falcosecurity_scap_n_drops_total') >= 0);
    assert.ok(value(text, 'falcosecurity_scap_n_evts_cpu_total{cpu="0"}') >= 0);
    assert.ok(value(text, 'falcosecurity_scap_n_drops_buffer_total{dir="exit",drop="open"}') >= 0);
    assert.equal(value(text, 'falcosecurity_scap_engine_name_info{engine_name="modern_ebpf"}'), 1);
    // a rule's tags are labels; a dot in one (T1003.008) becomes `_`, as label names need
    const matches = text
      .split('\n')
      .find(
        (l) => l.startsWith('falcosecurity_falco_rules_matches_total{') && l.includes('"Kestrel Sensitive File Read"'),
      );
    assert.ok(matches, text);
    assert.match(matches, /priority="4"/);
    assert.match(matches, /source="syscall"/);
    assert.match(matches, /tag_T1003_008="true"/);
    assert.match(matches, /tag_mitre_credential_access="true"/);
    assert.ok(Number(matches.split(' ').at(-1)) >= 1);
  });
});
