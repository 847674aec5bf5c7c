// Damaged captures, made from the real ones: every fault gives a CaptureFormatError naming the
// byte offset and block type, after every complete event before the fault was delivered.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CaptureFormatError, readCapture, readCaptureBuffer } from '../../src/capture/index.js';
import { blockIndex, capturePath, plainCapture, rawBlock, recorder } from './helpers.js';

const TMP = mkdtempSync(join(tmpdir(), 'kestrel-corrupt-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

function tmpFile(name: string, data: Buffer): string {
  const p = join(TMP, name);
  writeFileSync(p, data);
  return p;
}

const EV_TYPES = new Set([0x204, 0x216, 0x208, 0x217, 0x221, 0x222, 0x8010abcd]);

/** A real capture with the index of its event blocks. */
function fixture(name: string) {
  const data = plainCapture(name);
  const blocks = blockIndex(data);
  const events = blocks.filter((b) => EV_TYPES.has(b.type));
  return { data, blocks, events };
}

function expectFormatError(fn: () => unknown, offset: number, typeText: string, reason: RegExp): CaptureFormatError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CaptureFormatError, `expected CaptureFormatError, got ${String(e)}`);
    assert.equal(e.offset, offset);
    assert.match(e.message, new RegExp(`${typeText.replace(/[()]/g, '\\$&')} at byte ${offset}: `));
    assert.match(e.message, reason);
    return e;
  }
  assert.fail('no error raised');
}

async function expectFormatErrorAsync(
  p: Promise<unknown>,
  offset: number,
  reason: RegExp,
): Promise<CaptureFormatError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CaptureFormatError, `expected CaptureFormatError, got ${String(e)}`);
    assert.equal(e.offset, offset);
    assert.match(e.message, new RegExp(`at byte ${offset}: `));
    assert.match(e.message, reason);
    return e;
  }
  assert.fail('no error raised');
}

describe('corrupted captures', () => {
  test('bad magic: not starting with a section header', () => {
    const { data } = fixture('syscall.scap');
    const bad = Buffer.from(data);
    bad.write('GIF8', 0);
    const { rec, handler } = recorder();
    expectFormatError(() => readCaptureBuffer(bad, handler), 0, 'unknown block type 0x38464947', /not a scap capture/);
    assert.equal(rec.events.length, 0);
  });

  test('bad byte-order magic, and a big-endian one', () => {
    const { data } = fixture('syscall.scap');
    const bad = Buffer.from(data);
    bad.writeUInt32LE(0xdeadbeef, 8);
    expectFormatError(
      () => readCaptureBuffer(bad, recorder().handler),
      0,
      'SHB_BLOCK_TYPE (0xa0d0d0a)',
      /bad byte-order magic 0xdeadbeef/,
    );
    bad.writeUInt32LE(0x4d3c2b1a, 8);
    expectFormatError(() => readCaptureBuffer(bad, recorder().handler), 0, 'SHB_BLOCK_TYPE (0xa0d0d0a)', /big-endian/);
  });

  test('a newer major version is refused', () => {
    const bad = Buffer.from(fixture('empty.scap').data);
    bad.writeUInt16LE(2, 12);
    expectFormatError(
      () => readCaptureBuffer(bad, recorder().handler),
      0,
      'SHB_BLOCK_TYPE (0xa0d0d0a)',
      /version 2\.2 is newer/,
    );
  });

  for (const name of ['syscall.scap', 'ping_sendto.scap']) {
    test(`${name}: truncated inside an event block, from memory and from a gzip file`, async () => {
      const { data, events } = fixture(name);
      const k = Math.floor(events.length / 2);
      const cut = data.subarray(0, events[k].at + 20);
      const typeText = events[k].type === 0x204 ? 'EV_BLOCK_TYPE (0x204)' : 'EV_BLOCK_TYPE_V2 (0x216)';
      const a = recorder();
      const e = expectFormatError(() => readCaptureBuffer(cut, a.handler), events[k].at, typeText, /truncated file/);
      assert.equal(a.rec.events.length, k);
      assert.equal(e.summary?.events, k);
      const b = recorder();
      const p = tmpFile(`trunc-${name}.gz`, gzipSync(cut));
      const e2 = await expectFormatErrorAsync(
        readCapture(p, b.handler, { chunkBytes: 100 }),
        events[k].at,
        /truncated/,
      );
      assert.equal(e2.path, p);
      assert.equal(b.rec.events.length, k);
    });
  }

  test('truncated gzip stream: events before the cut still arrive', async () => {
    const gz = readFileSync(capturePath('ping_sendto.scap'));
    const p = tmpFile('cut.gz', gz.subarray(0, Math.floor(gz.length * 0.9)));
    const { rec, handler } = recorder();
    await assert.rejects(readCapture(p, handler), (e: unknown) => {
      assert.ok(e instanceof CaptureFormatError);
      assert.match(e.message, /at byte \d+: /);
      return true;
    });
    assert.ok(rec.events.length > 100 && rec.events.length < 1526, String(rec.events.length));
    assert.deepEqual(
      rec.events.map((e) => e.num),
      rec.events.map((_, i) => i + 1),
    );
  });

  test('truncated inside a block header', () => {
    const { data, events } = fixture('syscall.scap');
    const cut = data.subarray(0, events[10].at + 5);
    const { rec, handler } = recorder();
    expectFormatError(
      () => readCaptureBuffer(cut, handler),
      events[10].at,
      'block header',
      /5 bytes into a block header/,
    );
    assert.equal(rec.events.length, 10);
  });

  test('block length running past the end of the file, and a huge bogus length', async () => {
    const { data, events } = fixture('ping_sendto.scap');
    const k = 40;
    const bad = Buffer.from(data);
    bad.writeUInt32LE(data.length - events[k].at + 64, events[k].at + 4);
    const a = recorder();
    expectFormatError(
      () => readCaptureBuffer(bad, a.handler),
      events[k].at,
      'EV_BLOCK_TYPE_V2 (0x216)',
      /truncated file/,
    );
    assert.equal(a.rec.events.length, k);
    // 4 GiB: refused before anything is gathered, from memory and streaming.
    bad.writeUInt32LE(0xfffffff0, events[k].at + 4);
    const b = recorder();
    expectFormatError(
      () => readCaptureBuffer(bad, b.handler),
      events[k].at,
      'EV_BLOCK_TYPE_V2 (0x216)',
      /exceeds the limit/,
    );
    assert.equal(b.rec.events.length, k);
    const c = recorder();
    await expectFormatErrorAsync(readCapture(tmpFile('huge.scap', bad), c.handler), events[k].at, /exceeds the limit/);
    assert.equal(c.rec.events.length, k);
  });

  test('block length shorter than a frame', () => {
    const { data, events } = fixture('syscall.scap');
    const bad = Buffer.from(data);
    bad.writeUInt32LE(4, events[3].at + 4);
    expectFormatError(
      () => readCaptureBuffer(bad, recorder().handler),
      events[3].at,
      'EV_BLOCK_TYPE (0x204)',
      /shorter than a block's frame/,
    );
  });

  test('trailing length mismatch, in an event block and in the process list', () => {
    const { data, events, blocks } = fixture('ping_sendto.scap');
    const k = 7;
    const bad = Buffer.from(data);
    const ev = events[k];
    bad.writeUInt32LE(ev.len + 4, ev.at + ev.len - 4);
    const { rec, handler } = recorder();
    expectFormatError(
      () => readCaptureBuffer(bad, handler),
      ev.at,
      'EV_BLOCK_TYPE_V2 (0x216)',
      /trailing length \d+ does not match/,
    );
    assert.equal(rec.events.length, k);
    const pl = blocks.find((b) => b.type === 0x215)!;
    const bad2 = Buffer.from(data);
    bad2.writeUInt32LE(1, pl.at + pl.len - 4);
    expectFormatError(
      () => readCaptureBuffer(bad2, recorder().handler),
      pl.at,
      'PL_BLOCK_TYPE_V9 (0x215)',
      /trailing length 1/,
    );
  });

  for (const name of ['syscall.scap', 'empty.scap']) {
    test(`${name}: an event whose length contradicts its block`, () => {
      const { data, events } = fixture(name);
      const k = 12;
      const ev = events[k];
      const evAt = ev.at + 8 + 2;
      const typeText = ev.type === 0x204 ? 'EV_BLOCK_TYPE (0x204)' : 'EV_BLOCK_TYPE_V2 (0x216)';
      const longer = Buffer.from(data);
      longer.writeUInt32LE(longer.readUInt32LE(evAt + 16) + 8, evAt + 16);
      const a = recorder();
      expectFormatError(() => readCaptureBuffer(longer, a.handler), ev.at, typeText, /block holds \d+ bytes for it/);
      assert.equal(a.rec.events.length, k);
      const shorter = Buffer.from(data);
      shorter.writeUInt32LE(shorter.readUInt32LE(evAt + 16) - 8, evAt + 16);
      expectFormatError(() => readCaptureBuffer(shorter, recorder().handler), ev.at, typeText, /unused|parameter/);
    });
  }

  test('parameter lengths running past the event', () => {
    const { data, events } = fixture('empty.scap');
    const ev = events[20];
    const evAt = ev.at + 8 + 2;
    const bad = Buffer.from(data);
    assert.ok(bad.readUInt32LE(evAt + 22) > 0);
    bad.writeUInt16LE(0xfff0, evAt + 26);
    expectFormatError(
      () => readCaptureBuffer(bad, recorder().handler),
      ev.at,
      'EV_BLOCK_TYPE_V2 (0x216)',
      /past the event's declared length/,
    );
  });

  test('a bogus string length inside the process list names the block', () => {
    const { data, blocks } = fixture('syscall.scap');
    const pl = blocks.find((b) => b.type === 0x214)!;
    const bad = Buffer.from(data);
    // First entry (v8): tid pid ptid sid vpgid (40 bytes), then the comm length.
    bad.writeUInt16LE(0xffff, pl.at + 8 + 40);
    const { rec, handler } = recorder();
    expectFormatError(
      () => readCaptureBuffer(bad, handler),
      pl.at,
      'PL_BLOCK_TYPE_V8 (0x214)',
      /comm length 65535 at byte \d+ exceeds/,
    );
    assert.equal(rec.threads.length, 0);
  });

  test('an fd entry whose length runs past its block', () => {
    const { data, blocks } = fixture('empty.scap');
    const fdl = blocks.find((b) => b.type === 0x218)!;
    const bad = Buffer.from(data);
    bad.writeUInt32LE(100000, fdl.at + 8 + 8);
    expectFormatError(
      () => readCaptureBuffer(bad, recorder().handler),
      fdl.at,
      'FDL_BLOCK_TYPE_V2 (0x218)',
      /declares length 100000/,
    );
  });

  test('unknown block types are skipped with a warning', () => {
    const { data, events } = fixture('ping_sendto.scap');
    const k = 100;
    const odd = rawBlock(0x777, Buffer.from('hello, future block'));
    const withOdd = Buffer.concat([data.subarray(0, events[k].at), odd, data.subarray(events[k].at)]);
    const { rec, handler } = recorder();
    const s = readCaptureBuffer(withOdd, handler);
    assert.equal(s.unknownBlocks, 1);
    assert.deepEqual(s.warnings, [`skipped unknown block type 0x777 at byte ${events[k].at}`]);
    assert.equal(rec.events.length, 1526);
    assert.equal(s.blockCounts['unknown block type 0x777'], 1);
  });

  test('events of a type past the event table are skipped with a warning', () => {
    const { data, events } = fixture('empty.scap');
    const bad = Buffer.from(data);
    bad.writeUInt16LE(9999, events[5].at + 8 + 2 + 20);
    const { rec, handler } = recorder();
    const s = readCaptureBuffer(bad, handler);
    assert.equal(s.unknownEvents, 1);
    assert.equal(rec.events.length, 142);
    assert.match(s.warnings[0], /unknown type 9999 at byte/);
    // Numbering stays gapless, like libscap's skipping.
    assert.equal(rec.events[5].num, 6);
  });

  test("a handler's own error propagates unchanged", async () => {
    class Stop extends Error {}
    let n = 0;
    await assert.rejects(
      readCapture(capturePath('syscall.scap'), {
        event: () => {
          if (++n === 3) throw new Stop('enough');
        },
      }),
      Stop,
    );
    assert.equal(n, 3);
  });

  test('an empty file and a missing file', async () => {
    const s = readCaptureBuffer(Buffer.alloc(0), recorder().handler);
    assert.equal(s.blocks, 0);
    await assert.rejects(readCapture(join(TMP, 'nope.scap'), recorder().handler), { code: 'ENOENT' });
  });
});
