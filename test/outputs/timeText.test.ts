import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  dateTimeSecondsText,
  dateTimeText,
  iso8601Text,
  jsonTimeText,
  timeSecondsText,
  timeText,
} from '../../src/outputs/timeText.js';

const TS = 1_470_327_477_881_781_397n; // 2016-08-04T16:17:57.881781397Z

describe('timestamps as Falco prints them', () => {
  test('ISO 8601 forms are UTC', () => {
    assert.equal(iso8601Text(TS), '2016-08-04T16:17:57.881781397+0000');
    assert.equal(jsonTimeText(TS), '2016-08-04T16:17:57.881781397Z');
    assert.equal(jsonTimeText(5n), '1970-01-01T00:00:00.000000005Z');
  });

  test('evt.time forms use the given local offset', () => {
    assert.equal(timeText(TS, 0), '16:17:57.881781397');
    assert.equal(timeText(TS, 2 * 3600), '18:17:57.881781397');
    assert.equal(timeText(TS, 8 * 3600), '00:17:57.881781397');
    assert.equal(timeText(TS, -17 * 3600), '23:17:57.881781397');
    assert.equal(timeSecondsText(TS, 0), '16:17:57');
    assert.equal(dateTimeText(TS, 0), '2016-08-04 16:17:57.881781397');
    assert.equal(dateTimeText(TS, 8 * 3600), '2016-08-05 00:17:57.881781397');
    assert.equal(dateTimeSecondsText(TS, -17 * 3600), '2016-08-03 23:17:57');
  });

  test('negative timestamps clamp to the epoch', () => {
    assert.equal(jsonTimeText(-1n), '1970-01-01T00:00:00.000000000Z');
  });
});
