// Replaying audit files: JSON lines, whole documents, gzip, and bad lines in the middle.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { K8sAuditEvent } from '../../src/sources/k8saudit/event.js';
import { readAuditFile } from '../../src/sources/k8saudit/fileReader.js';
import { NOT_AN_AUDIT_EVENT } from '../../src/sources/k8saudit/parse.js';
import type { AuditParseError } from '../../src/sources/k8saudit/parseError.js';
import { TRACE_DIR } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kestrel-audit-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ev = (id: string) =>
  JSON.stringify({ kind: 'Event', auditID: id, stage: 'ResponseComplete', stageTimestamp: '2024-01-01T00:00:01Z' });

async function read(path: string) {
  const events: K8sAuditEvent[] = [];
  const errors: AuditParseError[] = [];
  const summary = await readAuditFile(
    path,
    (e) => events.push(e),
    (e) => errors.push(e),
  );
  return { ids: events.map((e) => e.json.auditID), events, errors, summary };
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('readAuditFile', () => {
  test('a trace file with one event per line', async () => {
    const r = await read(join(TRACE_DIR, 'create_configmap_sensitive_values.json'));
    assert.equal(r.events.length, 6);
    assert.equal(r.errors.length, 0);
    assert.deepEqual(r.summary, { format: 'lines', lines: 6, events: 6, errors: 0 });
    assert.equal(r.ids[0], '9a2bb12c-b9f7-4d34-809c-671e8c7e1e06');
  });

  test('a broken line in the middle: the other lines are delivered and the error names the line', async () => {
    const path = file('broken.log', `${ev('a')}\n${ev('b')}\n{"kind":"Event","auditID":\n${ev('d')}\n`);
    const r = await read(path);
    assert.deepEqual(r.ids, ['a', 'b', 'd']);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, new RegExp(`^${path.replace(/[.\\/-]/g, '\\$&')}:3: invalid JSON: `));
    assert.deepEqual(r.errors[0].location, { source: path, line: 3 });
    assert.deepEqual(r.summary, { format: 'lines', lines: 4, events: 3, errors: 1 });
  });

  test('non-audit lines and bad items are reported with line and item', async () => {
    const list = JSON.stringify({
      kind: 'EventList',
      items: [JSON.parse(ev('l0')), { kind: 'Event' }, JSON.parse(ev('l2'))],
    });
    const path = file('mixed.log', `${ev('a')}\n{"kind": 0}\n${list}\n`);
    const r = await read(path);
    assert.deepEqual(r.ids, ['a', 'l0', 'l2']);
    assert.deepEqual(
      r.errors.map((e) => e.message),
      [`${path}:2: ${NOT_AN_AUDIT_EVENT}`, `${path}:3: item 1: can't read stageTimestamp`],
    );
  });

  test('blank lines, CRLF endings and a last line without newline', async () => {
    const path = file('crlf.log', `${ev('a')}\r\n\r\n   \n${ev('b')}`);
    const r = await read(path);
    assert.deepEqual(r.ids, ['a', 'b']);
    assert.equal(r.errors.length, 0);
    assert.equal(r.summary.lines, 4);
  });

  test('Falco regression file fal_01_003 is not an audit event', async () => {
    const r = await read(join(TRACE_DIR, 'fal_01_003.json'));
    assert.equal(r.events.length, 0);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].reason, NOT_AN_AUDIT_EVENT);
  });

  test('a pretty-printed EventList document', async () => {
    const doc = { kind: 'EventList', items: [JSON.parse(ev('x')), JSON.parse(ev('y'))] };
    const r = await read(file('list.json', JSON.stringify(doc, null, 2)));
    assert.deepEqual(r.ids, ['x', 'y']);
    assert.equal(r.summary.format, 'document');
    assert.equal(r.errors.length, 0);
  });

  test('a pretty-printed single Event keeps its text', async () => {
    const text = JSON.stringify(JSON.parse(ev('solo')), null, 2);
    const r = await read(file('solo.json', text));
    assert.deepEqual(r.ids, ['solo']);
    assert.equal(r.events[0].raw, text);
  });

  test('a file that is neither form reports each bad line', async () => {
    const path = file('garbage.log', `not json\n${ev('ok')}\n{also not\n`);
    const r = await read(path);
    assert.deepEqual(r.ids, ['ok']);
    assert.deepEqual(
      r.errors.map((e) => e.location.line),
      [1, 3],
    );
    assert.equal(r.summary.format, 'lines');
  });

  test('gzip-compressed JSON lines', async () => {
    const path = file('audit.log.gz', gzipSync(`${ev('g1')}\n${ev('g2')}\n`));
    const r = await read(path);
    assert.deepEqual(r.ids, ['g1', 'g2']);
  });

  test('a missing file rejects', async () => {
    await assert.rejects(read(join(dir, 'absent.log')), { code: 'ENOENT' });
  });
});
