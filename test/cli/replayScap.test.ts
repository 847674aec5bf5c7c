// `kestrel replay` over scap captures: alerts from the official and legacy rules, --print in
// sysdig's -p style, filters, -w to a new capture, and what happens with damaged captures and bad
// filters or formats.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { kestrel, LEGACY, OFFICIAL_RULES } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'kestrel-replay-scap-'));
const TRACES = join(LEGACY, 'trace_files');
const CAT_WRITE = join(TRACES, 'cat_write.scap');
const SINGLE_RULE = join(LEGACY, 'rules/single_rule.yaml');

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('kestrel replay FILE.scap', () => {
  test('runs rules over a capture and prints Falco-shaped alerts and the summary', async () => {
    const r = await kestrel(['replay', CAT_WRITE, '-r', SINGLE_RULE, '--json', '--stats', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const lines = jsonLines(r.stdout);
    const summary = lines.pop() as { detections: number; by_rule: Record<string, number> };
    assert.deepEqual(summary.by_rule, { open_from_cat: 4 });
    const alert = lines[0] as { rule: string; source: string; output: string; output_fields: Record<string, unknown> };
    assert.equal(alert.rule, 'open_from_cat');
    assert.equal(alert.source, 'syscall');
    // the default append_output (suggested_output: true) adds the container and k8s fields, as Falco 0.44 does
    assert.match(
      alert.output,
      /Warning An open was seen \(command=cat \/dev\/null\) container_id=host container_name=host container_image_repository=<NA> container_image_tag=<NA> k8s_pod_name=<NA> k8s_ns_name=<NA>$/,
    );
    assert.equal(alert.output_fields['proc.cmdline'], 'cat /dev/null');
    assert.match(r.stderr, /event drop detected: 0 occurrences/);
  });

  test('the official Falco rules load and run over every legacy capture', async () => {
    for (const name of ['cat_write', 'connect_localhost', 'empty', 'open-multiple-files', 'ping_sendto', 'syscall']) {
      const r = await kestrel([
        'replay',
        join(TRACES, `${name}.scap`),
        '-r',
        join(OFFICIAL_RULES, 'falco_rules.yaml'),
        '--stats',
        'json',
      ]);
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      const summary = jsonLines(r.stdout).pop() as { events: number };
      assert.ok(summary.events > 0, name);
    }
  });

  test('--print shows events as sysdig -p does, with a filter after the file', async () => {
    const r = await kestrel([
      'replay',
      CAT_WRITE,
      '--print',
      '%evt.num %evt.type %proc.name %fd.name',
      'evt.type=open',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      '141 open cat /etc/ld.so.cache',
      '151 open cat /lib/x86_64-linux-gnu/libc.so.6',
      '187 open cat /usr/lib/locale/locale-archive',
      '197 open cat /dev/null',
    ]);
  });

  test('--print without * skips events lacking a field; with * prints them with <NA>', async () => {
    const strict = await kestrel(['replay', CAT_WRITE, '--print', '%evt.num %fd.name', '--filter', 'evt.num<135']);
    const all = await kestrel(['replay', CAT_WRITE, '--print', '*%evt.num %fd.name', '--filter', 'evt.num<135']);
    assert.equal(strict.status, 0, strict.stderr);
    assert.ok(all.stdout.split('\n').length > strict.stdout.split('\n').length);
    assert.match(all.stdout, /^\d+ <NA>$/m);
  });

  test('-w writes the selected events to a capture that replays the same', async () => {
    const out = join(tmp, 'cat.scap');
    const w = await kestrel(['replay', CAT_WRITE, '-w', out, 'proc.name=cat']);
    assert.equal(w.status, 0, w.stderr);
    const a = await kestrel(['replay', CAT_WRITE, '--print', '%evt.type %fd.name', 'proc.name=cat']);
    const b = await kestrel(['replay', out, '--print', '%evt.type %fd.name']);
    assert.equal(b.status, 0, b.stderr);
    assert.equal(b.stdout, a.stdout);
    assert.ok(b.stdout.includes('open /dev/null'));
  });

  test('a truncated capture: the events before the damage are processed, the error names the offset', async () => {
    const plain = gunzipSync(readFileSync(CAT_WRITE));
    const cut = join(tmp, 'cut.scap');
    writeFileSync(cut, plain.subarray(0, Math.floor(plain.length * 0.95)));
    const r = await kestrel(['replay', cut, '-r', SINGLE_RULE, '--stats', 'json']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Error: .*cut\.scap: .* at byte \d+/);
    const summary = jsonLines(r.stdout).pop() as { events: number; input_errors: number };
    assert.ok(summary.events > 100, JSON.stringify(summary));
    assert.equal(summary.input_errors, 1);
  });

  test('a bad filter and a bad --print format get clear errors', async () => {
    const f = await kestrel(['replay', CAT_WRITE, '--print', '%evt.num', '--filter', 'proc.name = = x']);
    assert.equal(f.status, 1);
    assert.match(f.stderr, /invalid filter 'proc\.name = = x'/);
    const p = await kestrel(['replay', CAT_WRITE, '--print', '%not.a_field']);
    assert.equal(p.status, 1);
    assert.match(p.stderr, /invalid --print format '%not\.a_field'/);
  });

  test('drop monitoring with simulated drops raises the internal alert', async () => {
    const r = await kestrel([
      'replay',
      join(TRACES, 'ping_sendto.scap'),
      '-r',
      SINGLE_RULE,
      '-c',
      join(LEGACY, 'confs/drops_alert.yaml'),
      '--stats',
      'none',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Debug Falco internal: syscall event drop\. 1 system calls dropped in last second\./);
    assert.match(r.stderr, /event drop detected: 9 occurrences/);
  });
});
