// The file destination: JSON lines appended, rotation at maxsize, unwritable paths not retried.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DeliveryError } from '../../../src/router/destinations/destination.js';
import { fileDestination } from '../../../src/router/destinations/file.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

function dir(t: { after: (fn: () => unknown) => void }): string {
  const d = mkdtempSync(path.join(tmpdir(), 'kestrel-file-dest-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('file destination', () => {
  it('appends one JSON line per alert, with count when folded, across reopenings', async (t) => {
    const file = path.join(dir(t), 'alerts.jsonl');
    const a = fileDestination.create({ path: file, maxsize: 0 }, context);
    await a.send([delivery(), delivery(sampleAlert({ uuid: 'b' }), 2)], signal());
    await a.close?.();
    const b = fileDestination.create({ path: file, maxsize: 0 }, context);
    await b.send([delivery(sampleAlert({ uuid: 'c' }))], signal());
    await b.close?.();
    const got = lines(file);
    assert.deepEqual(
      got.map((l) => [l.uuid, l.count]),
      [
        [sampleAlert().uuid, undefined],
        ['b', 2],
        ['c', undefined],
      ],
    );
    assert.deepEqual(got[0], sampleAlert());
  });

  it('renames the file to PATH.1 when the next write would pass maxsize', async (t) => {
    const file = path.join(dir(t), 'alerts.jsonl');
    const size = Buffer.byteLength(`${JSON.stringify(sampleAlert())}\n`);
    const dest = fileDestination.create({ path: file, maxsize: size * 2 }, context);
    t.after(() => dest.close?.());
    for (let i = 0; i < 5; i++)
      await dest.send([delivery(sampleAlert({ uuid: sampleAlert().uuid.replace(/.$/, String(i)) }))], signal());
    assert.equal(lines(file).length, 1);
    assert.equal(lines(`${file}.1`).length, 2);
    assert.ok(!existsSync(`${file}.2`));
  });

  it('does not retry a path in a missing folder', async (t) => {
    const file = path.join(dir(t), 'missing', 'alerts.jsonl');
    const dest = fileDestination.create({ path: file, maxsize: 0 }, context);
    await assert.rejects(dest.send([delivery()], signal()), (e: unknown) => {
      assert.ok(e instanceof DeliveryError);
      assert.equal(e.retryable, false);
      assert.match(e.message, /^file: cannot write .*missing\/alerts\.jsonl: ENOENT/);
      return true;
    });
  });
});
