import assert from 'node:assert/strict';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OutputChannelError } from '../../src/outputs/channels/channel.js';
import { FileChannel } from '../../src/outputs/channels/file.js';
import { testAlert } from './testAlert.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kestrel-file-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileChannel', () => {
  test('appends one line per alert, opening the file each time', async () => {
    const filename = join(dir, 'events.txt');
    const ch = new FileChannel({ filename, keepAlive: false, buffered: false });
    await ch.write(testAlert(), 'one');
    await ch.write(testAlert(), 'two');
    await ch.close();
    // A second channel appends rather than truncates.
    const again = new FileChannel({ filename, keepAlive: false, buffered: false });
    await again.write(testAlert(), 'three');
    await again.close();
    assert.equal(await readFile(filename, 'utf8'), 'one\ntwo\nthree\n');
  });

  test('keep_alive keeps the file open; reopen() follows a rotated file', async () => {
    const filename = join(dir, 'rotated.txt');
    const ch = new FileChannel({ filename, keepAlive: true, buffered: false });
    await ch.write(testAlert(), 'before');
    await rename(filename, `${filename}.1`);
    await ch.write(testAlert(), 'still old file');
    await ch.reopen();
    await ch.write(testAlert(), 'after');
    await ch.close();
    assert.equal(await readFile(`${filename}.1`, 'utf8'), 'before\nstill old file\n');
    assert.equal(await readFile(filename, 'utf8'), 'after\n');
  });

  test('buffered with keep_alive writes on flush and close', async () => {
    const filename = join(dir, 'buffered.txt');
    const ch = new FileChannel({ filename, keepAlive: true, buffered: true, bufferSize: 1000 });
    await ch.write(testAlert(), 'a');
    await assert.rejects(readFile(filename, 'utf8'), /ENOENT/);
    await ch.flush();
    assert.equal(await readFile(filename, 'utf8'), 'a\n');
    await ch.write(testAlert(), 'b');
    await ch.close();
    assert.equal(await readFile(filename, 'utf8'), 'a\nb\n');
  });

  test('a file that cannot be opened is reported with Falco wording', async () => {
    const filename = join(dir, 'missing-dir', 'x.txt');
    const ch = new FileChannel({ filename, keepAlive: false, buffered: false });
    await assert.rejects(
      ch.write(testAlert(), 'x'),
      (e: unknown) =>
        e instanceof OutputChannelError &&
        e.channel === 'file' &&
        e.message.startsWith(`failed to open output file ${filename}: `),
    );
  });
});
