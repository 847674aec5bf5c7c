import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type LineSink, StdoutChannel } from '../../src/outputs/channels/stdout.js';
import { testAlert } from './testAlert.js';

function collector(): LineSink & { chunks: string[] } {
  const chunks: string[] = [];
  return {
    chunks,
    write(chunk, cb) {
      chunks.push(chunk);
      cb();
      return true;
    },
  };
}

describe('StdoutChannel', () => {
  test('unbuffered: one write per alert, newline-terminated', async () => {
    const sink = collector();
    const ch = new StdoutChannel({ buffered: false, sink });
    await ch.write(testAlert(), 'line 1');
    await ch.write(testAlert(), 'line 2');
    assert.deepEqual(sink.chunks, ['line 1\n', 'line 2\n']);
    await ch.close();
  });

  test('buffered: lines collect until the block fills, then on flush and close', async () => {
    const sink = collector();
    const ch = new StdoutChannel({ buffered: true, sink, bufferSize: 10 });
    await ch.write(testAlert(), 'abc');
    assert.deepEqual(sink.chunks, []);
    await ch.write(testAlert(), 'defghij');
    assert.deepEqual(sink.chunks, ['abc\ndefghij\n']);
    await ch.write(testAlert(), 'k');
    await ch.flush();
    assert.deepEqual(sink.chunks, ['abc\ndefghij\n', 'k\n']);
    await ch.write(testAlert(), 'l');
    await ch.close();
    assert.deepEqual(sink.chunks, ['abc\ndefghij\n', 'k\n', 'l\n']);
  });

  test('write failures (a closed pipe) are rejected', async () => {
    const sink: LineSink = {
      write(_chunk, cb) {
        cb(new Error('write EPIPE'));
        return false;
      },
    };
    const ch = new StdoutChannel({ buffered: false, sink });
    await assert.rejects(Promise.resolve(ch.write(testAlert(), 'x')), /EPIPE/);
  });
});
