import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { writeJson } from '../../src/outputs/json.js';

describe('writeJson', () => {
  test('sorted keys, compact, exact 64-bit integers', () => {
    assert.equal(
      writeJson({ b: 1, a: [true, null, 2n ** 63n], c: 'x"y' }),
      '{"a":[true,null,9223372036854775808],"b":1,"c":"x\\"y"}',
    );
  });

  test('undefined members are left out; non-finite numbers are null', () => {
    assert.equal(writeJson({ a: undefined, b: Number.NaN, c: Number.POSITIVE_INFINITY }), '{"b":null,"c":null}');
  });

  test('control characters are escaped, other characters kept', () => {
    assert.equal(writeJson('a\nb\u0001é'), '"a\\nb\\u0001é"');
  });

  test('nested objects sort too', () => {
    assert.equal(writeJson({ z: { y: 1, x: 2 } }), '{"z":{"x":2,"y":1}}');
  });
});
