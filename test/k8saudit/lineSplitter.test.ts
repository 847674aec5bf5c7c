// Byte-level line splitting used by the file reader and follower.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineSplitter } from '../../src/sources/k8saudit/lineSplitter.js';

describe('LineSplitter', () => {
  test('lines split across chunks, inside a multi-byte character, with byte offsets', () => {
    const bytes = Buffer.from('héllo\r\nwörld\nlast', 'utf8');
    const lines: Array<[string, number]> = [];
    const s = new LineSplitter(100);
    // Cut inside 'é' (2 bytes) and inside 'ö'.
    for (const [a, b] of [
      [0, 2],
      [2, 9],
      [9, 10],
      [10, bytes.length],
    ]) {
      s.push(bytes.subarray(a, b), (t, o) => lines.push([t, o]));
    }
    assert.deepEqual(lines, [
      ['héllo', 100],
      ['wörld', 108],
    ]);
    assert.equal(s.pendingBytes, 4);
    s.flush((t, o) => lines.push([t, o]));
    assert.deepEqual(lines.at(-1), ['last', 115]);
    assert.equal(s.pendingBytes, 0);
  });

  test('reset drops a pending line', () => {
    const s = new LineSplitter();
    const lines: string[] = [];
    s.push(Buffer.from('partial'), (t) => lines.push(t));
    s.reset();
    s.push(Buffer.from('whole\n'), (t) => lines.push(t));
    assert.deepEqual(lines, ['whole']);
  });
});
