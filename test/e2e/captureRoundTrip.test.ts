// `kestrel capture` records real activity; `kestrel replay --print` and `sysdig -r -p` must agree
// on the recording. The sensor writes exit events only (as Falco's modern eBPF probe does), and
// sysdig 0.29 still reads close's fd from the enter event, so close events are left out of the
// comparison: there sysdig shows the previous syscall's fd.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sensorUnavailableReason } from '../../src/sensor/load.js';
import { SYSDIG_MISSING } from '../capture/helpers.js';
import { kestrel, RunningKestrel } from '../cli/helpers.js';

const why = sensorUnavailableReason() ?? (SYSDIG_MISSING || undefined);
const FORMAT =
  '%evt.type %proc.name %proc.pname %proc.cmdline %proc.exe %proc.args %fd.name %fd.typechar %evt.res %evt.rawres %user.name %group.name %thread.tid %proc.pid';

describe('kestrel capture', { skip: why ? `cannot run: ${why}` : false }, () => {
  test('a recording of real activity reads the same in kestrel replay and sysdig', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kestrel-capture-')), 'live.scap');
    const k = new RunningKestrel(['capture', '-w', file]);
    await k.waitFor('stderr', /capture started/, 60_000);
    execFileSync('cat', ['/etc/hostname']);
    execFileSync('sh', ['-c', 'ls / > /dev/null']);
    // The sensor hands events over in batches; give the last ones time to arrive.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await k.stop('SIGINT'), 0);
    assert.match(k.stderr, /capture stopped: \d+ events written, \d+ dropped/);

    const filter = 'proc.name in (cat, ls) and evt.rawres >= 0 and evt.type != close';
    const sysdig = execFileSync('sysdig', ['-r', file, '-p', FORMAT, `(${filter}) and evt.dir=<`], {
      encoding: 'utf8',
    });
    const ours = await kestrel(['replay', file, '--print', FORMAT, filter]);
    assert.equal(ours.status, 0, ours.stderr);
    const lines = sysdig.trim().split('\n');
    assert.ok(lines.length > 10, sysdig);
    assert.ok(sysdig.includes('openat cat '), 'the cat run is in the recording');
    assert.deepEqual(ours.stdout.trim().split('\n'), lines);
  });

  test('bad -M and bad filters are refused with a clear message', async () => {
    const m = await kestrel(['capture', '-w', '/tmp/never.scap', '-M', 'soon']);
    assert.equal(m.status, 1);
    assert.match(m.stderr, /-M takes a number of seconds > 0, got 'soon'/);
    const f = await kestrel(['capture', '-w', '/tmp/never.scap', 'proc.name', '=', '=']);
    assert.equal(f.status, 1);
    assert.match(f.stderr, /invalid filter 'proc.name = ='/);
  });
});
