import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { valueJson } from '../../src/outputs/valueJson.js';
import { bufferText, fitWidth, formatDouble, valueText } from '../../src/outputs/valueText.js';

describe('formatDouble (printf %.1f)', () => {
  test('rounds to one decimal', () => {
    assert.equal(formatDouble(1), '1.0');
    assert.equal(formatDouble(3.16), '3.2');
    assert.equal(formatDouble(2.96), '3.0');
    assert.equal(formatDouble(-0.04), '-0.0');
  });

  test('exact ties go to even, like printf', () => {
    assert.equal(formatDouble(0.25), '0.2');
    assert.equal(formatDouble(0.75), '0.8');
    assert.equal(formatDouble(-0.25), '-0.2');
    assert.equal(formatDouble(1.25), '1.2');
    // 0.35 is slightly below 0.35 in binary: not a tie.
    assert.equal(formatDouble(0.35), '0.3');
  });

  test('non-finite values', () => {
    assert.equal(formatDouble(Number.NaN), 'nan');
    assert.equal(formatDouble(Number.POSITIVE_INFINITY), 'inf');
    assert.equal(formatDouble(Number.NEGATIVE_INFINITY), '-inf');
  });
});

describe('valueText', () => {
  test('scalars by type', () => {
    assert.equal(valueText('x', 'CHARBUF'), 'x');
    assert.equal(valueText(12, 'UINT32'), '12');
    assert.equal(valueText(-3, 'INT64'), '-3');
    assert.equal(valueText(12n, 'UINT64'), '12');
    assert.equal(valueText(true, 'BOOL'), 'true');
    assert.equal(valueText(0, 'BOOL'), 'false');
    assert.equal(valueText(1.5, 'DOUBLE'), '1.5');
    assert.equal(valueText(undefined, 'CHARBUF'), '<NA>');
    assert.equal(valueText('', 'CHARBUF'), '');
  });

  test('lists', () => {
    assert.equal(valueText(['a', 'b', 'c'], 'CHARBUF'), '(a,b,c)');
    assert.equal(valueText([1, 2], 'UINT16'), '(1,2)');
    assert.equal(valueText([], 'CHARBUF'), '<NA>');
  });

  test('buffers show non-printable bytes as dots', () => {
    assert.equal(bufferText(new Uint8Array([0x41, 0x7f, 0x20, 0x7e, 0xff])), 'A. ~.');
  });

  test('fitWidth pads and cuts by UTF-8 bytes', () => {
    assert.equal(fitWidth('ab', 4), 'ab  ');
    assert.equal(fitWidth('abcdef', 3), 'abc');
    assert.equal(fitWidth('é', 2), 'é');
    assert.equal(fitWidth('é', 1), '\uFFFD');
  });
});

describe('valueJson', () => {
  test('types', () => {
    assert.equal(valueJson(undefined, 'CHARBUF'), null);
    assert.equal(valueJson(5, 'CHARBUF'), '5');
    assert.equal(valueJson(5, 'UINT16'), 5);
    assert.equal(valueJson(1, 'BOOL'), true);
    assert.equal(valueJson(5n, 'ABSTIME'), 5n);
    assert.deepEqual(valueJson(['1.2.3.4'], 'IPADDR'), ['1.2.3.4']);
    assert.equal(valueJson(new Uint8Array([0x61, 0x01]), 'BYTEBUF'), 'a.');
  });
});
