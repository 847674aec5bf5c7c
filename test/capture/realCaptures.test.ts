// The reader on the six real captures, checked against what sysdig 0.29 (libscap's reader)
// makes of them.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { captureInfo, readCapture, readCaptureBuffer } from '../../src/capture/index.js';
import { CAPTURES, capturePath, plainCapture, recorder, sysdig, SYSDIG_MISSING } from './helpers.js';

const SHB = 'SHB_BLOCK_TYPE (0xa0d0d0a)';
const MI = 'MI_BLOCK_TYPE (0x201)';
const IL1 = 'IL_BLOCK_TYPE (0x205)';
const UL1 = 'UL_BLOCK_TYPE (0x206)';
const IL2 = 'IL_BLOCK_TYPE_V2 (0x219)';
const UL2 = 'UL_BLOCK_TYPE_V2 (0x220)';
const FDL1 = 'FDL_BLOCK_TYPE (0x203)';
const FDL2 = 'FDL_BLOCK_TYPE_V2 (0x218)';
const EV1 = 'EV_BLOCK_TYPE (0x204)';
const EV2 = 'EV_BLOCK_TYPE_V2 (0x216)';

/** Block counts, from walking each file's block chain (and matching the event counts sysdig -D shows). */
const EXPECTED: Record<string, Record<string, number>> = {
  'cat_write.scap': { [SHB]: 1, [MI]: 1, [IL1]: 1, [UL1]: 1, 'PL_BLOCK_TYPE_V6 (0x212)': 1, [FDL1]: 73, [EV1]: 345 },
  'connect_localhost.scap': {
    [SHB]: 1,
    [MI]: 1,
    [IL1]: 1,
    [UL1]: 1,
    'PL_BLOCK_TYPE_V7 (0x213)': 1,
    [FDL1]: 184,
    [EV1]: 374,
  },
  'empty.scap': { [SHB]: 1, [MI]: 1, [IL2]: 1, [UL2]: 1, 'PL_BLOCK_TYPE_V9 (0x215)': 1, [FDL2]: 218, [EV2]: 143 },
  'open-multiple-files.scap': {
    [SHB]: 1,
    [MI]: 1,
    [IL1]: 1,
    [UL1]: 1,
    'PL_BLOCK_TYPE_V6 (0x212)': 1,
    [FDL1]: 128,
    [EV1]: 1272,
  },
  'ping_sendto.scap': {
    [SHB]: 1,
    [MI]: 1,
    [IL2]: 1,
    [UL2]: 1,
    'PL_BLOCK_TYPE_V9 (0x215)': 1,
    [FDL2]: 136,
    [EV2]: 1526,
  },
  'syscall.scap': { [SHB]: 1, [MI]: 1, [IL1]: 1, [UL1]: 1, 'PL_BLOCK_TYPE_V8 (0x214)': 1, [FDL1]: 229, [EV1]: 368 },
};

/** Generic syscall events: sysdig names them after the syscall, the table calls them `syscall`. */
const GENERIC = 'syscall';

for (const name of CAPTURES) {
  describe(`real capture ${name}`, () => {
    test('block counts, summary, and stream == buffer == plain', async () => {
      const a = recorder();
      const s = await readCapture(capturePath(name), a.handler);
      assert.deepEqual(s.blockCounts, EXPECTED[name]);
      const evBlocks = EXPECTED[name][EV1] ?? EXPECTED[name][EV2];
      assert.equal(s.events, evBlocks);
      assert.equal(a.rec.events.length, evBlocks);
      assert.deepEqual(
        a.rec.events.map((e) => e.num),
        a.rec.events.map((_, i) => i + 1),
      );
      assert.equal(s.compressed, true);
      assert.equal(s.bytes, plainCapture(name).length);
      assert.equal(
        s.blocks,
        Object.values(EXPECTED[name]).reduce((x, y) => x + y, 0),
      );
      assert.equal(s.threads, a.rec.threads.length);
      assert.equal(s.fds, a.rec.fds.length);
      assert.deepEqual(s.warnings, []);
      assert.equal(s.lastTs, a.rec.events.at(-1)?.ts);
      assert.equal(a.rec.machine.length, 1);

      // The same capture from memory, gzip and plain, and streamed in tiny chunks.
      const b = recorder();
      const sb = readCaptureBuffer(readFileSync(capturePath(name)), b.handler);
      const c = recorder();
      const sc = readCaptureBuffer(plainCapture(name), c.handler);
      assert.equal(sc.compressed, false);
      const d = recorder();
      await readCapture(capturePath(name), d.handler, { chunkBytes: 7 });
      const dir = mkdtempSync(join(tmpdir(), 'kestrel-capture-'));
      const plainFile = join(dir, name);
      writeFileSync(plainFile, plainCapture(name));
      const e = recorder();
      const se = await readCapture(plainFile, e.handler, { chunkBytes: 7 });
      assert.equal(se.compressed, false);
      rmSync(dir, { recursive: true, force: true });
      for (const r of [b.rec, c.rec, d.rec, e.rec]) assert.deepEqual(r, a.rec);
      assert.deepEqual({ ...sb, compressed: true }, s);
      assert.deepEqual(await captureInfo(capturePath(name)), s);
    });

    test('every event matches sysdig -D (num, rawtime, tid, type)', { skip: SYSDIG_MISSING }, async () => {
      const { rec, handler } = recorder();
      await readCapture(capturePath(name), handler);
      const lines = sysdig(capturePath(name), '%evt.num %evt.rawtime %thread.tid %evt.type');
      const byNum = new Map(rec.events.map((e) => [e.num, e]));
      for (const l of lines) {
        const [num, ts, tid, type] = l.split(' ');
        const e = byNum.get(Number(num));
        assert.ok(e, `sysdig shows event ${num}, which the reader did not deliver`);
        assert.equal(String(e.ts), ts, l);
        assert.equal(String(e.tid), tid, l);
        if (e.name !== GENERIC) assert.equal(e.name, type, l);
      }
      // sysdig -D prints every event except, in open-multiple-files, three `container` events
      // (numbers 1-3, ts 0) that libsinsp consumes as metadata.
      const hidden = rec.events.filter((e) => !lines.some((l) => l.startsWith(`${e.num} `)));
      if (name === 'open-multiple-files.scap') {
        assert.deepEqual(
          hidden.map((e) => `${e.num} ${e.name} ${e.ts}`),
          ['1 container 0', '2 container 0', '3 container 0'],
        );
      } else assert.deepEqual(hidden, []);
      assert.equal(lines.length, rec.events.length - hidden.length);
    });

    test('first event shown by sysdig (without -D) matches', { skip: SYSDIG_MISSING }, async () => {
      const { rec, handler } = recorder();
      await readCapture(capturePath(name), handler);
      const first = sysdig(capturePath(name), '%evt.num %evt.rawtime %thread.tid %evt.type', false)[0];
      if (name === 'empty.scap') {
        // Every event of this capture belongs to sysdig itself, which sysdig hides without -D.
        assert.equal(first, undefined);
        return;
      }
      const [num, ts, tid, type] = first.split(' ');
      const e = rec.events[Number(num) - 1];
      assert.equal(`${e.num} ${e.ts} ${e.tid} ${e.name}`, `${num} ${ts} ${tid} ${type}`);
    });

    test('process list holds the threads sysdig knows', { skip: SYSDIG_MISSING }, async () => {
      const { rec, handler } = recorder();
      await readCapture(capturePath(name), handler);
      const threads = new Map(rec.threads.map((t) => [t.tid, t]));
      const lines = sysdig(capturePath(name), '*%thread.tid %proc.pid %proc.name %evt.type %evt.dir %proc.args');
      const seen = new Set<string>();
      let checked = 0;
      for (const l of lines) {
        const [tid, pid, comm, type, dir, ...args] = l.split(' ');
        if (seen.has(tid)) continue;
        seen.add(tid);
        // A thread's first event before any exec/clone shows the process-list data.
        const t = threads.get(Number(tid));
        if (/^(clone|fork|vfork|execve|clone3)$/.test(type) && dir === '<') continue;
        if (comm === '<NA>') {
          assert.equal(t, undefined, `sysdig does not know tid ${tid}, the reader has it`);
          continue;
        }
        assert.ok(t, `tid ${tid} (${comm}) is missing from the process list`);
        assert.equal(t.comm, comm);
        assert.equal(String(t.pid), pid);
        assert.equal(t.args.join(' '), args.join(' '));
        checked++;
      }
      assert.ok(checked > 0 || name === 'empty.scap', 'no thread checked');
      // proc.name/proc.pid pairs sysdig prints for threads of the initial list
      const pairs = new Set(sysdig(capturePath(name), '%proc.name %proc.pid'));
      for (const p of pairs) {
        const [comm, pid] = p.split(' ');
        const main = threads.get(Number(pid));
        if (main && main.comm === comm) assert.equal(main.pid, Number(pid));
      }
    });
  });
}
