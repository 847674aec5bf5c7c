import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Priority } from '../../src/engine/priority.js';
import type { Alert } from '../../src/engine/types.js';
import { AlertFormatter } from '../../src/outputs/alert.js';
import { compileOutputFormat } from '../../src/outputs/format.js';
import { fakeEvent, fakeSource } from './fakeSource.js';

const LEGACY = '/work/shared/corpus/legacy/output_files';
const TIMES = [
  1_470_327_477_881_781_397n,
  1_470_327_477_881_785_348n,
  1_470_327_477_881_796_705n,
  1_470_327_477_881_799_840n,
  1_470_327_477_882_003_104n,
  1_470_327_477_882_008_208n,
  1_470_327_477_882_045_694n,
  1_470_327_477_882_054_739n,
];

/** The alerts Falco raised for rules/single_rule_with_tags.yaml on cat_write.scap. */
function catWriteAlerts(): Alert[] {
  const source = fakeSource('syscall');
  const output = compileOutputFormat('An open was seen (command=%proc.cmdline)', source);
  return TIMES.map((ts) => {
    const rendered = output.render(fakeEvent({ 'proc.cmdline': 'cat /dev/null' }, ts));
    return {
      time: ts,
      rule: 'open_from_cat',
      priority: Priority.Warning,
      source: 'syscall',
      output: rendered.text,
      outputFields: rendered.fields,
      tags: ['testing', 'filesystem', 'process'],
      hostname: 'test-falco-hostname',
    };
  });
}

/** JSON.parse that keeps integers too big for a double exact (as strings tagged with n). */
function parseExact(text: string): unknown {
  return JSON.parse(text.replace(/([:[,])\s*(-?\d{16,})(?=[,}\]])/g, '$1"$2n"'));
}

function lines(file: string): string[] {
  return readFileSync(`${LEGACY}/${file}`, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

describe('AlertFormatter against the legacy expected outputs', () => {
  test('text lines with time_format_iso_8601 match single_rule_with_cat_write.txt exactly', () => {
    const f = new AlertFormatter({ timeFormatIso8601: true });
    assert.deepEqual(
      catWriteAlerts().map((a) => f.format(a)),
      lines('single_rule_with_cat_write.txt'),
    );
  });

  test('JSON lines carry the same properties and values as single_rule_with_cat_write.json', () => {
    const f = new AlertFormatter({ jsonOutput: true, timeFormatIso8601: true });
    const expected = lines('single_rule_with_cat_write.json');
    const actual = catWriteAlerts().map((a) => f.format(a));
    assert.equal(actual.length, expected.length);
    for (let i = 0; i < actual.length; i++) assert.deepEqual(parseExact(actual[i]), parseExact(expected[i]));
  });

  test('JSON keys come sorted, as Falco 0.44 writes them', () => {
    const f = new AlertFormatter({ jsonOutput: true, timeFormatIso8601: true });
    assert.equal(
      f.format(catWriteAlerts()[0]),
      '{"hostname":"test-falco-hostname","output":"2016-08-04T16:17:57.881781397+0000: Warning An open was seen ' +
        '(command=cat /dev/null)","output_fields":{"evt.time.iso8601":1470327477881781397,"proc.cmdline":' +
        '"cat /dev/null"},"priority":"Warning","rule":"open_from_cat","source":"syscall","tags":["filesystem",' +
        '"process","testing"],"time":"2016-08-04T16:17:57.881781397Z"}',
    );
  });
});

describe('AlertFormatter options', () => {
  const alert = catWriteAlerts()[0];

  test('text without ISO 8601 uses evt.time (local time of day)', () => {
    const line = new AlertFormatter().format(alert);
    assert.match(line, /^\d\d:\d\d:\d\d\.881781397: Warning An open was seen \(command=cat \/dev\/null\)$/);
  });

  test('json_include_* switches', () => {
    const f = new AlertFormatter({
      jsonOutput: true,
      jsonIncludeOutputProperty: false,
      jsonIncludeTagsProperty: false,
      jsonIncludeMessageProperty: true,
      jsonIncludeOutputFieldsProperty: false,
    });
    const doc = JSON.parse(f.format(alert));
    assert.deepEqual(Object.keys(doc), ['hostname', 'message', 'priority', 'rule', 'source', 'time']);
    assert.equal(doc.message, 'An open was seen (command=cat /dev/null)');
  });

  test('without ISO 8601, output_fields holds evt.time as the timestamp', () => {
    const doc = parseExact(new AlertFormatter({ jsonOutput: true }).format(alert)) as {
      output_fields: Record<string, unknown>;
    };
    assert.equal(doc.output_fields['evt.time'], '1470327477881781397n');
  });

  test('static fields join output_fields; duplicate tags appear once', () => {
    const f = new AlertFormatter({ jsonOutput: true, staticFields: { cluster: 'prod' } });
    const doc = JSON.parse(f.format({ ...alert, tags: ['b', 'a', 'b'] }));
    assert.equal(doc.output_fields.cluster, 'prod');
    assert.deepEqual(doc.tags, ['a', 'b']);
  });

  test('priority names', () => {
    const f = new AlertFormatter({ timeFormatIso8601: true });
    assert.match(f.format({ ...alert, priority: Priority.Informational }), /: Informational An open/);
    assert.match(f.format({ ...alert, priority: Priority.Emergency }), /: Emergency An open/);
  });

  test('internal messages (event drop alerts) in text and JSON', () => {
    const msg = {
      time: 1_470_327_477_881_781_397n,
      priority: Priority.Critical,
      rule: 'Falco internal: syscall event drop',
      message: 'Falco internal: syscall event drop. 9 system calls dropped in last second.',
      fields: { n_drops: 9, ebpf_enabled: '0' },
      hostname: 'h',
    };
    const text = new AlertFormatter().internal(msg);
    assert.match(
      text,
      /^\d\d:\d\d:\d\d\.881781397: Critical Falco internal: syscall event drop\. 9 system calls dropped in last second\. \(ebpf_enabled="0" n_drops=9\)$/,
    );
    const json = JSON.parse(new AlertFormatter({ jsonOutput: true }).internal(msg));
    assert.deepEqual(json, {
      hostname: 'h',
      output: msg.message,
      output_fields: { ebpf_enabled: '0', n_drops: 9 },
      priority: 'Critical',
      rule: msg.rule,
      source: 'internal',
      time: '2016-08-04T16:17:57.881781397Z',
    });
  });
});
