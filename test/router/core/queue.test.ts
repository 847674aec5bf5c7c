// The durable queue on its own: group commit, cursors surviving a reopen, a torn or corrupt
// tail cut off, consumed segments deleted; and the in-memory queue's contract.

import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RouterAlert } from '../../../src/router/alert.js';
import { DurableQueue } from '../../../src/router/queue/durableQueue.js';
import { MemoryQueue } from '../../../src/router/queue/memoryQueue.js';
import { cleanup, tempDir } from './support.js';

function alert(i: number): RouterAlert {
  return {
    uuid: `u-${i}`,
    time: '2024-05-01T12:00:00.000000000Z',
    rule: 'r',
    priority: 'Notice',
    output: `o ${i}`,
    source: 'syscall',
    hostname: 'h',
    tags: [],
    output_fields: { i },
  };
}

const open = (dir: string, extra: Partial<Parameters<typeof DurableQueue.open>[0]> = {}, logs: string[] = []) =>
  DurableQueue.open({ dir, segmentSize: 1 << 20, destinations: ['a', 'b'], log: (l) => logs.push(l), ...extra });

describe('durable queue', () => {
  it('group-commits concurrent appends into few fsyncs and reads them back in order', async (t) => {
    const q = await open(tempDir(t));
    cleanup(t, () => q.close());
    const seqs = await Promise.all(Array.from({ length: 200 }, (_, i) => q.append(alert(i))));
    assert.deepEqual(
      seqs,
      Array.from({ length: 200 }, (_, i) => i),
    );
    // the first append flushes alone; the 199 issued meanwhile share the next write and fsync
    assert.equal(q.commits, 2);
    const got = await q.read(0, 1000);
    assert.deepEqual(
      got.map((r) => r.alert.uuid),
      seqs.map((i) => `u-${i}`),
    );
    assert.equal(q.endSeq, 200);
  });

  it('keeps records and cursors across a reopen; a new destination starts at the end', async (t) => {
    const dir = tempDir(t);
    const q1 = await open(dir);
    for (let i = 0; i < 10; i++) await q1.append(alert(i));
    q1.saveCursor('a', 4);
    await q1.close();
    const q2 = await open(dir, { destinations: ['a', 'b', 'c'] });
    cleanup(t, () => q2.close());
    assert.equal(q2.endSeq, 10);
    assert.equal(q2.cursorOf('a'), 4);
    assert.equal(q2.cursorOf('b'), 0, 'b had its cursor saved at the start');
    assert.equal(q2.cursorOf('c'), 10);
    const rest = await q2.read(4, 100);
    assert.deepEqual(
      rest.map((r) => r.alert.uuid),
      ['u-4', 'u-5', 'u-6', 'u-7', 'u-8', 'u-9'],
    );
    assert.equal(await q2.append(alert(10)), 10);
  });

  it('cuts a torn last record (a crash mid-write) and appends after the last whole one', async (t) => {
    const dir = tempDir(t);
    const q1 = await open(dir);
    for (let i = 0; i < 5; i++) await q1.append(alert(i));
    const [file] = q1.segmentFiles();
    await q1.close();
    const whole = statSync(file).size;
    // a header announcing 500 bytes, and only 20 of them
    const torn = Buffer.alloc(28);
    torn.writeUInt32LE(500, 0);
    appendFileSync(file, torn);
    const logs: string[] = [];
    const q2 = await open(dir, {}, logs);
    cleanup(t, () => q2.close());
    assert.equal(statSync(file).size, whole);
    assert.match(logs.join('\n'), /a torn record of 28 bytes at the end; cut at byte \d+ after 5 records/);
    assert.equal(q2.endSeq, 5);
    assert.equal(await q2.append(alert(5)), 5);
    assert.equal((await q2.read(0, 10)).length, 6);
  });

  it('cuts a last record whose CRC does not match', async (t) => {
    const dir = tempDir(t);
    const q1 = await open(dir);
    for (let i = 0; i < 3; i++) await q1.append(alert(i));
    const [file] = q1.segmentFiles();
    await q1.close();
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(file, bytes);
    const logs: string[] = [];
    const q2 = await open(dir, {}, logs);
    cleanup(t, () => q2.close());
    assert.match(logs.join('\n'), /CRC mismatch; cut at byte \d+ after 2 records/);
    assert.equal(q2.endSeq, 2);
  });

  it('rolls segments and deletes those every cursor has passed', async (t) => {
    const dir = tempDir(t);
    const q = await open(dir, { segmentSize: 4096 });
    cleanup(t, () => q.close());
    for (let i = 0; i < 120; i++) await q.append(alert(i));
    const files = q.segmentFiles();
    assert.ok(files.length >= 3, `${files.length} segments`);
    q.saveCursor('a', 120);
    assert.ok(
      files.every((f) => existsSync(f)),
      'b still needs every segment',
    );
    q.saveCursor('b', 120);
    assert.deepEqual(q.segmentFiles(), [files[files.length - 1]]);
    assert.ok(!existsSync(files[0]));
    assert.ok(existsSync(files[files.length - 1]), 'the newest segment stays: it holds the end of the log');
    // records older than the in-memory window are read from disk
    const q2 = await open(path.join(dir, 'other'), { segmentSize: 4096, recentCapacity: 10 });
    cleanup(t, () => q2.close());
    for (let i = 0; i < 50; i++) await q2.append(alert(i));
    const fromDisk = await q2.read(0, 100);
    assert.ok(fromDisk.length > 0 && fromDisk.length < 50, `${fromDisk.length} records: one segment at a time`);
    assert.equal(fromDisk[0].alert.uuid, 'u-0');
    const all: string[] = [];
    for (let at = 0; at < 50;) {
      const chunk = await q2.read(at, 7);
      all.push(...chunk.map((r) => r.alert.uuid));
      at += chunk.length;
    }
    assert.deepEqual(
      all,
      Array.from({ length: 50 }, (_, i) => `u-${i}`),
    );
  });

  it('wakes a waiting reader on commit', async (t) => {
    const q = await open(tempDir(t));
    cleanup(t, () => q.close());
    const signal = new AbortController().signal;
    const woke = q.waitFor(0, signal).then(() => q.endSeq);
    await q.append(alert(0));
    assert.equal(await woke, 1);
  });
});

describe('memory queue', () => {
  it('keeps records until every cursor has passed them', async () => {
    const q = new MemoryQueue(['a', 'b']);
    for (let i = 0; i < 5; i++) await q.append(alert(i));
    q.saveCursor('a', 5);
    assert.equal((await q.read(0, 10)).length, 5);
    q.saveCursor('b', 3);
    assert.deepEqual(
      (await q.read(3, 10)).map((r) => r.seq),
      [3, 4],
    );
    await q.close();
  });
});

describe('cursor files', () => {
  it('keep the last saved value, and the previous one when the newest slot is torn', async (t) => {
    const { CursorFiles } = await import('../../../src/router/queue/cursorFiles.js');
    const dir = tempDir(t);
    const a = new CursorFiles(dir);
    assert.equal(a.load('webhook'), undefined);
    a.save('webhook', 7);
    a.save('webhook', 9);
    a.close();
    const b = new CursorFiles(dir);
    assert.equal(b.load('webhook'), 9);
    b.save('webhook', 12);
    b.close();
    // tear the slot holding 12 (a power cut mid-write): 9 is what remains whole
    const file = path.join(dir, 'webhook.cursor');
    const bytes = readFileSync(file);
    const torn = bytes.readBigUInt64LE(0) === 12n ? 0 : 16;
    bytes[torn + 3] ^= 0x55;
    writeFileSync(file, bytes);
    const c = new CursorFiles(dir);
    assert.equal(c.load('webhook'), 9);
    c.close();
  });
});
