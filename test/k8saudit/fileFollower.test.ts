// Following audit log files as they grow and rotate.

import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import type { K8sAuditEvent } from '../../src/sources/k8saudit/event.js';
import { AuditFileFollower, type AuditFileFollowerOptions } from '../../src/sources/k8saudit/fileFollower.js';
import { parseFilePattern } from '../../src/sources/k8saudit/fileGlob.js';
import { AuditParseError } from '../../src/sources/k8saudit/parseError.js';
import { until } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'kestrel-audit-follow-'));
after(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
const running: AuditFileFollower[] = [];
afterEach(async () => {
  for (const f of running.splice(0)) await f.stop();
});

const ev = (id: string) =>
  `${JSON.stringify({ kind: 'Event', auditID: id, stage: 'ResponseComplete', stageTimestamp: '2024-01-01T00:00:01Z' })}\n`;

interface Harness {
  dir: string;
  ids: string[];
  errors: Error[];
  follower: AuditFileFollower;
  /** Scans until `ids` has `n` entries. */
  waitFor(n: number): Promise<void>;
}

type FollowOptions = Partial<Omit<AuditFileFollowerOptions, 'paths'>> & {
  /** File name or pattern inside the test directory (default `*.log`). */
  name?: string;
  setup?: (dir: string) => void;
};

async function follow(opts: FollowOptions): Promise<Harness> {
  const dir = join(root, `case${++counter}`);
  mkdirSync(dir);
  opts.setup?.(dir);
  const ids: string[] = [];
  const errors: Error[] = [];
  const follower = new AuditFileFollower({
    pollIntervalMs: opts.pollIntervalMs ?? 60_000,
    startAt: opts.startAt,
    paths: join(dir, opts.name ?? '*.log'),
    onEvent: (e: K8sAuditEvent) => ids.push(e.json.auditID as string),
    onError: (e) => errors.push(e),
  });
  running.push(follower);
  await follower.start();
  return {
    dir,
    ids,
    errors,
    follower,
    waitFor: (n) =>
      until(
        () => ids.length >= n,
        () => follower.scanNow(),
        `${n} events (have ${ids.join(',')})`,
      ),
  };
}

describe('AuditFileFollower', () => {
  test('starting at the end: only new lines are delivered', async () => {
    const h = await follow({ setup: (d) => writeFileSync(join(d, 'audit.log'), ev('old1') + ev('old2')) });
    await h.follower.scanNow();
    assert.deepEqual(h.ids, []);
    appendFileSync(join(h.dir, 'audit.log'), ev('new1') + ev('new2'));
    await h.waitFor(2);
    assert.deepEqual(h.ids, ['new1', 'new2']);
    assert.deepEqual(h.errors, []);
  });

  test('starting at the beginning: existing lines are replayed first', async () => {
    const h = await follow({
      startAt: 'beginning',
      setup: (d) => writeFileSync(join(d, 'audit.log'), ev('old1') + ev('old2')),
    });
    assert.deepEqual(h.ids, ['old1', 'old2']);
    appendFileSync(join(h.dir, 'audit.log'), ev('new'));
    await h.waitFor(3);
    assert.deepEqual(h.ids, ['old1', 'old2', 'new']);
  });

  test('starting at the end in the middle of a line waits for that line', async () => {
    const line = ev('inflight');
    const h = await follow({
      setup: (d) => writeFileSync(join(d, 'audit.log'), ev('old') + line.slice(0, 20)),
    });
    appendFileSync(join(h.dir, 'audit.log'), line.slice(20));
    await h.waitFor(1);
    assert.deepEqual(h.ids, ['inflight']);
    assert.deepEqual(h.errors, []);
  });

  test('a partial last line is held until its newline arrives', async () => {
    const h = await follow({ setup: (d) => writeFileSync(join(d, 'audit.log'), '') });
    const line = ev('split');
    appendFileSync(join(h.dir, 'audit.log'), line.slice(0, 30));
    await h.follower.scanNow();
    assert.deepEqual(h.ids, []);
    appendFileSync(join(h.dir, 'audit.log'), line.slice(30, 60));
    await h.follower.scanNow();
    assert.deepEqual(h.ids, []);
    appendFileSync(join(h.dir, 'audit.log'), line.slice(60));
    await h.waitFor(1);
    assert.deepEqual(h.ids, ['split']);
    assert.deepEqual(h.errors, []);
  });

  test('rename rotation to a name that still matches: no loss, no duplicates', async () => {
    const h = await follow({ setup: (d) => writeFileSync(join(d, 'kube-apiserver.log'), ev('before')) });
    const log = join(h.dir, 'kube-apiserver.log');
    appendFileSync(log, ev('a'));
    await h.waitFor(1);
    appendFileSync(log, ev('b'));
    renameSync(log, join(h.dir, 'kube-apiserver-2024-01-01T00-00-00.000.log'));
    // The server may still write to the old file after the rename.
    appendFileSync(join(h.dir, 'kube-apiserver-2024-01-01T00-00-00.000.log'), ev('c'));
    writeFileSync(log, ev('d'));
    await h.waitFor(4);
    appendFileSync(log, ev('e'));
    await h.waitFor(5);
    assert.deepEqual(h.ids, ['a', 'b', 'c', 'd', 'e']);
    assert.equal(h.follower.files.length, 2);
  });

  test('rename rotation to a name outside the pattern', async () => {
    const h = await follow({
      name: 'audit.log',
      setup: (d) => writeFileSync(join(d, 'audit.log'), ''),
    });
    const log = join(h.dir, 'audit.log');
    appendFileSync(log, ev('a'));
    renameSync(log, join(h.dir, 'audit.log.1'));
    writeFileSync(log, ev('b'));
    await h.waitFor(2);
    assert.deepEqual(h.ids, ['a', 'b']);
  });

  test('copytruncate rotation: the file is read again from its start', async () => {
    const h = await follow({ setup: (d) => writeFileSync(join(d, 'audit.log'), '') });
    const log = join(h.dir, 'audit.log');
    appendFileSync(log, ev('a') + ev('b'));
    await h.waitFor(2);
    truncateSync(log, 0);
    appendFileSync(log, ev('c'));
    await h.waitFor(3);
    assert.deepEqual(h.ids, ['a', 'b', 'c']);
  });

  test('copytruncate noticed even when the new content is already longer than the old', async () => {
    const h = await follow({ setup: (d) => writeFileSync(join(d, 'audit.log'), '') });
    const log = join(h.dir, 'audit.log');
    appendFileSync(log, ev('a'));
    await h.waitFor(1);
    truncateSync(log, 0);
    appendFileSync(log, ev('x1') + ev('x2') + ev('x3'));
    await h.waitFor(4);
    assert.deepEqual(h.ids, ['a', 'x1', 'x2', 'x3']);
  });

  test('a new file matching the pattern is read from its start', async () => {
    const h = await follow({ setup: (d) => writeFileSync(join(d, 'one.log'), ev('skip')) });
    writeFileSync(join(h.dir, 'two.log'), ev('t1') + ev('t2'));
    writeFileSync(join(h.dir, 'ignored.txt'), ev('no'));
    await h.waitFor(2);
    assert.deepEqual(h.ids, ['t1', 't2']);
  });

  test('a bad line is reported with file and line, and following goes on', async () => {
    const h = await follow({ startAt: 'beginning', setup: (d) => writeFileSync(join(d, 'audit.log'), ev('a')) });
    const log = join(h.dir, 'audit.log');
    appendFileSync(log, `{"broken":\n${ev('b')}`);
    await h.waitFor(2);
    assert.deepEqual(h.ids, ['a', 'b']);
    assert.equal(h.errors.length, 1);
    assert.ok(h.errors[0] instanceof AuditParseError);
    assert.match(h.errors[0].message, /audit\.log:2: invalid JSON/);
  });

  test('when started at the end, bad lines are located by byte offset', async () => {
    const first = ev('a');
    const h = await follow({ setup: (d) => writeFileSync(join(d, 'audit.log'), first) });
    appendFileSync(join(h.dir, 'audit.log'), `nope\n${ev('b')}`);
    await h.waitFor(1);
    assert.equal(h.errors.length, 1);
    assert.match(h.errors[0].message, new RegExp(`audit\\.log at byte ${Buffer.byteLength(first)}: invalid JSON`));
  });

  test('changes are picked up without explicit scans (watch or polling)', async () => {
    const h = await follow({ pollIntervalMs: 50, setup: (d) => writeFileSync(join(d, 'audit.log'), '') });
    appendFileSync(join(h.dir, 'audit.log'), ev('auto'));
    await until(
      () => h.ids.length === 1,
      async () => {},
      'automatic pickup',
    );
    assert.deepEqual(h.ids, ['auto']);
  });

  test('a directory that appears later is followed once it exists', async () => {
    const base = join(root, `late${++counter}`);
    const ids: string[] = [];
    const follower = new AuditFileFollower({
      paths: join(base, '*.log'),
      startAt: 'end',
      onEvent: (e) => ids.push(e.json.auditID as string),
      onError: (e) => assert.fail(e.message),
    });
    running.push(follower);
    await follower.start();
    mkdirSync(base);
    writeFileSync(join(base, 'x.log'), ev('late'));
    await until(
      () => ids.length === 1,
      () => follower.scanNow(),
      'late directory',
    );
    assert.deepEqual(ids, ['late']);
  });

  test('stop() closes files and ends delivery', async () => {
    const h = await follow({ setup: (d) => writeFileSync(join(d, 'audit.log'), '') });
    assert.equal(h.follower.files.length, 1);
    await h.follower.stop();
    assert.deepEqual(h.follower.files, []);
    appendFileSync(join(h.dir, 'audit.log'), ev('late'));
    await h.follower.scanNow();
    assert.deepEqual(h.ids, []);
    await h.follower.stop();
  });

  test('bad options', () => {
    const base = { onEvent: () => {}, onError: () => {} };
    assert.throws(() => new AuditFileFollower({ ...base, paths: [] }), /no file or pattern/);
    assert.throws(
      () => new AuditFileFollower({ ...base, paths: '/var/*/audit.log' }),
      /only supported in the file name/,
    );
    assert.throws(() => new AuditFileFollower({ ...base, paths: 'a.log', pollIntervalMs: 0 }), /pollIntervalMs/);
  });
});

describe('file patterns', () => {
  test('wildcards in the file name', () => {
    const p = parseFilePattern('/var/log/audit/kube/*.log');
    assert.equal(p.dir, '/var/log/audit/kube');
    assert.ok(p.matches('kube-apiserver.log'));
    assert.ok(p.matches('kube-apiserver-2024-01-01T00-00-00.000.log'));
    assert.ok(!p.matches('kube-apiserver.log.gz'));
    assert.ok(!p.matches('.hidden.log'));
    const q = parseFilePattern('/x/audit-[0-9]?.log');
    assert.ok(q.matches('audit-1a.log'));
    assert.ok(!q.matches('audit-a1.log'));
    const n = parseFilePattern('/x/[!a]*.json');
    assert.ok(n.matches('b.json'));
    assert.ok(!n.matches('a.json'));
    const exact = parseFilePattern('/x/audit.log');
    assert.ok(exact.matches('audit.log'));
    assert.ok(!exact.matches('auditXlog'));
  });
});
