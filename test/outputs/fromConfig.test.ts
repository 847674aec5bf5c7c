import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { Engine } from '../../src/engine/engine.js';
import { Priority } from '../../src/engine/priority.js';
import { eventIdsForNames } from '../../src/events/eventTypes.js';
import type { LineSink } from '../../src/outputs/channels/stdout.js';
import { createOutputChannels, createOutputDispatcher } from '../../src/outputs/fromConfig.js';
import { rule } from '../engine/rules.js';
import { fakeEvent, fakeSource } from './fakeSource.js';

const LEGACY = '/work/shared/corpus/legacy';

function sink(): LineSink & { text: () => string } {
  const chunks: string[] = [];
  return {
    text: () => chunks.join(''),
    write(chunk, cb) {
      chunks.push(chunk);
      cb();
      return true;
    },
  };
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kestrel-outputs-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('outputs from the configuration', () => {
  test('channels follow the enabled outputs, in Falco order', () => {
    const { config } = loadConfig(undefined, [
      'file_output.enabled=true',
      `file_output.filename=${join(dir, 'x.txt')}`,
      'program_output.enabled=true',
      'http_output.enabled=true',
      'http_output.url=http://127.0.0.1:2801/',
      'syslog_output.enabled=true',
    ]);
    const { channels, warnings } = createOutputChannels(config);
    assert.deepEqual(
      channels.map((c) => c.name),
      ['file', 'stdout', 'program', 'http'],
    );
    assert.deepEqual(warnings, ['syslog_output: Kestrel has no syslog output; alerts are not sent to syslog']);
    for (const c of channels) void c.close();
  });

  test('stdout_output_strict: engine + stdout reproduce the legacy expected text', async () => {
    const { config } = loadConfig(`${LEGACY}/confs/stdout_output.yaml`, ['time_format_iso_8601=true']);
    const out = sink();
    const { dispatcher } = createOutputDispatcher(config, { stdoutSink: out });
    const engine = new Engine({ hostname: 'test-falco-hostname', minPriority: config.priority });
    engine.addSource(fakeSource('syscall'));
    engine.addRules([
      rule('open_from_cat', {
        priority: Priority.Warning,
        evttypes: ['open'],
        output: 'An open was seen (command=%proc.cmdline)',
        tags: ['filesystem', 'process', 'testing'],
      }),
    ]);
    const [openId] = eventIdsForNames(['open']);
    const times = readFileSync(`${LEGACY}/output_files/single_rule_with_cat_write.txt`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.slice(0, 29));
    for (const t of times) {
      const [date, clock] = t.split('T');
      const [hms, ns] = clock.split('.');
      const seconds = BigInt(Date.parse(`${date}T${hms}Z`) / 1000);
      const evt = fakeEvent({ 'proc.cmdline': 'cat /dev/null' }, seconds * 1_000_000_000n + BigInt(ns), openId);
      for (const alert of engine.process('syscall', evt)) dispatcher.dispatch(alert);
    }
    await dispatcher.close();
    // The expected file has no final newline; every line Kestrel writes ends with one.
    assert.equal(out.text(), `${readFileSync(`${LEGACY}/output_files/single_rule_with_cat_write.txt`, 'utf8')}\n`);
    assert.match(engine.formatStats(), /^Events detected: 8\n.*\n {3}WARNING: 8\n.*\n {3}open_from_cat: 8\n$/s);
  });
});
