// Turning audit JSON into events: accepted shapes, timestamps, and errors with their location.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MISSING_STAGE_TIMESTAMP,
  NOT_AN_AUDIT_EVENT,
  parseAuditEvent,
  parseAuditText,
  parseAuditValue,
} from '../../src/sources/k8saudit/parse.js';
import { AuditParseError, describeLocation } from '../../src/sources/k8saudit/parseError.js';
import { parseRfc3339Nanos } from '../../src/sources/k8saudit/timestamp.js';

const ev = (id: string, extra: Record<string, unknown> = {}) => ({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  auditID: id,
  stage: 'ResponseComplete',
  stageTimestamp: '2024-05-06T07:08:09.123456Z',
  ...extra,
});

describe('stageTimestamp parsing', () => {
  test('RFC 3339 forms', () => {
    assert.equal(parseRfc3339Nanos('1970-01-01T00:00:00Z'), 0n);
    assert.equal(parseRfc3339Nanos('2018-10-25T14:09:49.761315Z'), 1540476589761315000n);
    assert.equal(parseRfc3339Nanos('2018-10-25T14:09:49.761315123Z'), 1540476589761315123n);
    assert.equal(parseRfc3339Nanos('2018-10-25T16:09:49.5+02:00'), 1540476589500000000n);
    assert.equal(parseRfc3339Nanos('2018-10-25T09:39:49-04:30'), 1540476589000000000n);
    assert.equal(parseRfc3339Nanos('2024-02-29T00:00:00Z'), 1709164800000000000n);
    assert.equal(parseRfc3339Nanos('0050-01-01T00:00:00Z'), -60589296000000000000n);
  });

  test('invalid forms', () => {
    for (const bad of [
      '',
      '2018-10-25',
      '2018-10-25 14:09:49Z',
      '2018-10-25T14:09:49',
      '2018-13-01T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2018-10-25T24:00:00Z',
      '2018-10-25T14:60:00Z',
      '2018-10-25T14:00:60Z',
      '2018-10-25T14:00:00.1234567891Z',
      '2018-10-25T14:00:00+2:00',
    ]) {
      assert.equal(parseRfc3339Nanos(bad), undefined, bad);
    }
  });
});

describe('accepted documents', () => {
  test('a single Event keeps its text and takes its time from stageTimestamp', () => {
    const text = JSON.stringify(ev('a', { requestReceivedTimestamp: '2000-01-01T00:00:00Z' }));
    const { events, errors } = parseAuditText(text);
    assert.equal(errors.length, 0);
    assert.equal(events.length, 1);
    assert.equal(events[0].raw, text);
    assert.equal(events[0].json.auditID, 'a');
    assert.equal(events[0].timestampNs, 1714979289123456000n);
  });

  test('any apiVersion and any stage are accepted', () => {
    const { events } = parseAuditValue([
      ev('v1beta1', { apiVersion: 'audit.k8s.io/v1beta1', stage: 'RequestReceived' }),
      ev('none', { apiVersion: undefined, stage: 'Panic' }),
    ]);
    assert.deepEqual(
      events.map((e) => e.json.auditID),
      ['v1beta1', 'none'],
    );
  });

  test('an EventList delivers its items in order; items need no kind', () => {
    const item = ev('b');
    const { events, errors } = parseAuditValue({
      kind: 'EventList',
      apiVersion: 'audit.k8s.io/v1',
      items: [ev('a'), { ...item, kind: undefined }],
    });
    assert.equal(errors.length, 0);
    assert.deepEqual(
      events.map((e) => e.json.auditID),
      ['a', 'b'],
    );
    // Items get their text by serialisation.
    assert.equal(events[0].raw, JSON.stringify(ev('a')));
  });

  test('arrays of documents, nested', () => {
    const { events } = parseAuditValue([ev('a'), { kind: 'EventList', items: [ev('b')] }, [ev('c')]]);
    assert.deepEqual(
      events.map((e) => e.json.auditID),
      ['a', 'b', 'c'],
    );
  });

  test('an empty EventList yields nothing and no error', () => {
    assert.deepEqual(parseAuditValue({ kind: 'EventList', items: [] }), { events: [], errors: [] });
  });
});

describe('rejected input, with locations', () => {
  const where = { source: 'audit.log', line: 7 };

  test('invalid JSON', () => {
    const { events, errors } = parseAuditText('{"kind":"Event",', where);
    assert.equal(events.length, 0);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof AuditParseError);
    assert.match(errors[0].message, /^audit\.log:7: invalid JSON: /);
    assert.deepEqual(errors[0].location, where);
  });

  test('JSON that is not an audit event (Falco wording)', () => {
    for (const doc of ['{"kind": 0}', '{"kind":"Pod"}', '{}', '42', '"x"', 'null', '{"kind":"EventList"}']) {
      const { errors } = parseAuditText(doc, where);
      assert.equal(errors.length, 1, doc);
      assert.equal(errors[0].reason, NOT_AN_AUDIT_EVENT);
      assert.equal(errors[0].message, `audit.log:7: ${NOT_AN_AUDIT_EVENT}`);
    }
  });

  test('missing or bad stageTimestamp', () => {
    const missing = parseAuditValue(ev('a', { stageTimestamp: undefined }), where);
    assert.equal(missing.errors[0].message, `audit.log:7: ${MISSING_STAGE_TIMESTAMP}`);
    const bad = parseAuditValue(ev('a', { stageTimestamp: 'yesterday' }), where);
    assert.equal(bad.errors[0].message, 'audit.log:7: invalid stageTimestamp "yesterday": not an RFC 3339 date-time');
    const notString = parseAuditValue(ev('a', { stageTimestamp: 12 }), where);
    assert.equal(notString.errors[0].reason, 'invalid stageTimestamp 12: not an RFC 3339 date-time');
    assert.throws(() => parseAuditEvent(42, where), { message: `audit.log:7: ${MISSING_STAGE_TIMESTAMP}` });
  });

  test('bad list items are reported by index; the others still count', () => {
    const list = { kind: 'EventList', items: [ev('a'), ev('b', { stageTimestamp: undefined }), 'junk', ev('d')] };
    const { events, errors } = parseAuditValue(list, where);
    assert.deepEqual(
      events.map((e) => e.json.auditID),
      ['a', 'd'],
    );
    assert.deepEqual(
      errors.map((e) => e.message),
      [`audit.log:7: item 1: ${MISSING_STAGE_TIMESTAMP}`, `audit.log:7: item 2: ${MISSING_STAGE_TIMESTAMP}`],
    );
    assert.deepEqual(errors[0].location.item, [1]);
  });

  test('nested positions are dotted', () => {
    const { errors } = parseAuditValue([
      ev('a'),
      { kind: 'EventList', items: [ev('x', { stageTimestamp: 'bad' })] },
      {},
    ]);
    assert.deepEqual(
      errors.map((e) => e.message),
      ['item 1.0: invalid stageTimestamp "bad": not an RFC 3339 date-time', `item 2: ${NOT_AN_AUDIT_EVENT}`],
    );
  });

  test('location rendering', () => {
    assert.equal(describeLocation({}), '');
    assert.equal(describeLocation({ source: 'f', offset: 120 }), 'f at byte 120');
    assert.equal(describeLocation({ line: 3 }), 'line 3');
    assert.equal(describeLocation({ source: 'webhook 127.0.0.1', item: [4] }), 'webhook 127.0.0.1: item 4');
  });
});
