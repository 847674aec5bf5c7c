// The Kafka destination's ZSTD codec against the reference `zstd` command (libzstd's own CLI):
// what the codec writes must decode there, as brokers and librdkafka decode it, and what the CLI
// writes (sized or streamed, checksummed or not, several frames) must decode in the codec.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import kafkajs, { CompressionTypes } from 'kafkajs';
import '../../../src/router/destinations/kafka.js';
import { zstdCodec, zstdCompress, zstdDecompress } from '../../../src/router/destinations/kafkaZstd.js';
import { ZstdFormatError, zstdFrames } from '../../../src/router/destinations/zstdFrames.js';
import { zstdCli } from './kafkaBroker.js';
import { alertLines } from './sampleAlert.js';

function cli(args: string[], input?: Buffer): Buffer {
  const r = spawnSync(zstdCli, ['-q', ...args], { input, maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
  assert.equal(r.status, 0, `zstd ${args.join(' ')}: ${r.error?.message ?? r.stderr.toString()}`);
  return r.stdout;
}

/** About 1.6 MB: more than the 1 MiB the library would guess for a frame that does not say its size. */
const alerts = alertLines(8000);

async function refusal(input: Uint8Array, maxOutput?: number): Promise<Error> {
  try {
    await zstdDecompress(input, maxOutput);
  } catch (err) {
    assert.ok(err instanceof ZstdFormatError, String(err));
    return err;
  }
  assert.fail('decompress accepted it');
}

describe(
  'kafka ZSTD codec against the reference zstd command',
  { skip: existsSync(zstdCli) ? false : `no ${zstdCli}` },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-zstd-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('kafkajs has it as its ZSTD codec once the Kafka destination is loaded', () => {
      assert.equal(kafkajs.CompressionCodecs[CompressionTypes.ZSTD], zstdCodec);
    });

    for (const [name, data] of [
      ['empty', Buffer.alloc(0)],
      ['one byte', Buffer.from('x')],
      ['zeros, 300 KB', Buffer.alloc(300_000)],
      ['random, 150 KB', randomBytes(150_000)],
      ['alert JSON, 1.6 MB', alerts],
    ] as const)
      test(`compress → zstd -d: ${name}`, async () => {
        const frame = await zstdCodec().compress({ buffer: data });
        assert.deepEqual(cli(['-d', '-c'], frame), data);
        const frames = zstdFrames(frame);
        assert.equal(frames.length, 1);
        assert.equal(frames[0].contentSize, data.length, 'one frame that declares its size');
      });

    test('zstd from a pipe (no size in the header, 1.6 MB) → decompress', async () => {
      const frame = cli(['-c'], alerts);
      assert.equal(zstdFrames(frame)[0].contentSize, undefined);
      assert.ok(frame.length < alerts.length / 4, `${frame.length} of ${alerts.length}`);
      assert.deepEqual(await zstdCodec().decompress(frame), alerts);
    });

    test('zstd from a file (sized), level 12 without checksum and level 1 with one → decompress', async () => {
      const file = join(dir, 'alerts.json');
      writeFileSync(file, alerts);
      for (const args of [
        ['-12', '--no-check'],
        ['-1', '--check'],
      ]) {
        const frame = cli([...args, '-c', file]);
        assert.equal(zstdFrames(frame)[0].contentSize, alerts.length);
        assert.deepEqual(await zstdDecompress(frame), alerts, args.join(' '));
      }
    });

    test('several frames, with a skippable frame between them, decode to their concatenation', async () => {
      const zeros = Buffer.alloc(5_000_000);
      const skippable = Buffer.concat([Buffer.from([0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0]), Buffer.from('pad')]);
      const stream = Buffer.concat([cli(['-c'], alerts), skippable, cli(['-c'], zeros), await zstdCompress(alerts)]);
      assert.equal(zstdFrames(stream).length, 4);
      assert.deepEqual(cli(['-d', '-c'], stream), Buffer.concat([alerts, zeros, alerts]));
      assert.deepEqual(await zstdDecompress(stream), Buffer.concat([alerts, zeros, alerts]));
    });

    test('corrupt input is refused saying what and where, and the codec keeps working', async () => {
      const good = cli(['-c', '--check'], alerts);
      const hello = await zstdCompress(Buffer.from('hello'));
      const flipped = Buffer.from(good);
      flipped[Math.floor(flipped.length / 2)] ^= 0x55;
      const magic = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
      // single segment, 4-byte content size of 1 GiB, then one 1-byte raw last block
      const bomb = Buffer.concat([magic, Buffer.from([0xa0, 0, 0, 0, 0x40, 0x09, 0, 0, 0x41])]);
      // single segment, 1-byte content size; a block of the reserved type 3
      const reserved = Buffer.concat([magic, Buffer.from([0x20, 5, 0x0f, 0, 0])]);
      // hello's frame with a dictionary id put in its header
      const dictionary = Buffer.concat([magic, Buffer.from([hello[4] | 1, 7]), hello.subarray(5)]);
      const cases: [string, Buffer, RegExp][] = [
        ['empty', Buffer.alloc(0), /^zstd: empty input, no zstd frame$/],
        [
          'not zstd',
          Buffer.from('{"rule":"not compressed"}'),
          /^zstd: byte 0: not a zstd frame \(magic 0x7572227b, want 0xfd2fb528\)$/,
        ],
        [
          'trailing bytes',
          Buffer.concat([good, Buffer.from('junk')]),
          new RegExp(`^zstd: byte ${good.length}: not a zstd frame`),
        ],
        [
          'cut short',
          good.subarray(0, good.length - 100),
          /^zstd: frame at byte 0 is cut short: its block data needs \d+ bytes at byte \d+, the input ends at \d+$/,
        ],
        ['cut in the header', good.subarray(0, 5), /^zstd: frame at byte 0 is cut short: its frame header needs/],
        [
          'a flipped byte',
          flipped,
          /^zstd: frame at byte 0: (corrupt|content checksum|compressed size)[a-z, ()]+ \(libzstd error \d+\)$/,
        ],
        [
          '1 GiB declared, 1 byte held',
          bomb,
          /^zstd: frame at byte 0 declares 1073741824 decoded bytes, but its blocks hold at most 1$/,
        ],
        ['reserved block type', reserved, /^zstd: frame at byte 0: block at byte 6 has the reserved type$/],
        ['needs a dictionary', dictionary, /^zstd: frame at byte 0: needs a dictionary \(libzstd error 32\)$/],
      ];
      for (const [name, input, want] of cases) assert.match((await refusal(input)).message, want, name);
      await assert.rejects(zstdCodec().decompress(Buffer.from('nope')), ZstdFormatError);
      assert.deepEqual(await zstdDecompress(good), alerts);
      assert.deepEqual(await zstdDecompress(hello), Buffer.from('hello'));
    });

    test('input that decodes past the limit is refused, sized or streamed', async () => {
      const zeros = Buffer.alloc(4 * 1024 * 1024);
      const limit = 1024 * 1024;
      assert.match(
        (await refusal(cli(['-c'], zeros), limit)).message,
        /^zstd: frame at byte 0 decodes past the limit of 1048576 bytes$/,
      );
      assert.match(
        (await refusal(await zstdCompress(zeros), limit)).message,
        /^zstd: frame at byte 0 declares 4194304 decoded bytes, past the limit of 1048576$/,
      );
      assert.deepEqual(await zstdDecompress(cli(['-c'], zeros.subarray(0, limit)), limit), zeros.subarray(0, limit));
    });
  },
);
