// The LZ4 frames the Kafka destination writes, checked by the reference decoder (the `lz4`
// command, LZ4's own implementation) rather than by lz4js, which wrote them: Kafka's brokers and
// Java consumers read them with other decoders.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { lz4Frame } from '../../../src/router/destinations/kafkaLz4.js';
import { alertLines } from './sampleAlert.js';

const LZ4 = '/usr/bin/lz4';

function referenceDecode(frame: Buffer): Buffer {
  const r = spawnSync(LZ4, ['-d', '-c'], { input: frame, maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
  assert.equal(r.status, 0, `lz4 -d refused the frame: ${r.stderr.toString()}`);
  return r.stdout;
}

describe('kafka LZ4 frames against the reference decoder', { skip: existsSync(LZ4) ? false : `no ${LZ4}` }, () => {
  const cases: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.from('x')],
    ['13 bytes', Buffer.from('abcabcabcabca')],
    ['zeros, several blocks', Buffer.alloc(300_000)],
    ['random (stored uncompressed)', randomBytes(150_000)],
    ['alert JSON, about 1 MB', alertLines(6000)],
    ['a block boundary inside a repeat', Buffer.from('0123456789abcdef'.repeat(4096 + 3))],
  ];
  for (const [name, data] of cases)
    test(name, () => {
      assert.deepEqual(referenceDecode(lz4Frame(data)), data);
    });

  test('a frame of many lengths just around the 64 KiB block size', () => {
    for (const n of [65_535, 65_536, 65_537, 65_536 + 12, 131_072 - 1]) {
      const data = Buffer.from('kestrel alert '.repeat(Math.ceil(n / 14)).slice(0, n));
      assert.deepEqual(referenceDecode(lz4Frame(data)), data, `${n} bytes`);
    }
  });
});
