import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Priority } from '../../src/engine/priority.js';
import type { Alert } from '../../src/engine/types.js';
import { AlertFormatter } from '../../src/outputs/alert.js';
import type { OutputChannel } from '../../src/outputs/channels/channel.js';
import { OutputDispatcher, QUEUE_FULL_MESSAGE } from '../../src/outputs/dispatcher.js';
import { testAlert, waitFor } from './testAlert.js';

class Recorder implements OutputChannel {
  readonly lines: string[] = [];
  readonly events: string[] = [];
  constructor(readonly name: string) {}
  write(_alert: Alert, formatted: string): void {
    this.lines.push(formatted);
  }
  flush(): void {
    this.events.push('flush');
  }
  reopen(): void {
    this.events.push('reopen');
  }
  close(): void {
    this.events.push('close');
  }
}

class Failing implements OutputChannel {
  readonly name = 'broken';
  attempts = 0;
  write(): Promise<void> {
    this.attempts++;
    return Promise.reject(new Error('disk full'));
  }
  close(): void {
    throw new Error('cannot close');
  }
}

/** A channel whose writes wait until released. */
class Gated implements OutputChannel {
  readonly name = 'gated';
  readonly lines: string[] = [];
  #release: (() => void)[] = [];
  write(_alert: Alert, formatted: string): Promise<void> {
    return new Promise((resolve) => {
      this.#release.push(() => {
        this.lines.push(formatted);
        resolve();
      });
    });
  }
  get waiting(): number {
    return this.#release.length;
  }
  releaseAll(): void {
    const r = this.#release;
    this.#release = [];
    for (const f of r) f();
  }
  close(): void {}
}

const formatter = new AlertFormatter({ timeFormatIso8601: true });

describe('OutputDispatcher', () => {
  test('formats once and delivers to every channel in order', async () => {
    const a = new Recorder('stdout');
    const b = new Recorder('file');
    const d = new OutputDispatcher({ channels: [a, b], formatter });
    d.dispatch(testAlert('one'));
    d.dispatch(testAlert('two'));
    await d.flush();
    const expected = [
      '2016-08-04T16:17:57.881781397+0000: Warning one',
      '2016-08-04T16:17:57.881781397+0000: Warning two',
    ];
    assert.deepEqual(a.lines, expected);
    assert.deepEqual(b.lines, expected);
    assert.deepEqual(a.events, ['flush']);
    assert.deepEqual(d.channelNames, ['stdout', 'file']);
  });

  test('a failing channel is reported and never blocks the others', async () => {
    const good = new Recorder('stdout');
    const bad = new Failing();
    const errors: string[] = [];
    const d = new OutputDispatcher({
      channels: [bad, good],
      formatter,
      onError: (channel, e) => errors.push(`${channel}: ${e.message}`),
    });
    d.dispatch(testAlert('one'));
    d.dispatch(testAlert('two'));
    await d.close();
    assert.equal(good.lines.length, 2);
    assert.equal(bad.attempts, 2);
    assert.deepEqual(errors, ['broken: disk full', 'broken: disk full', 'broken: cannot close']);
    assert.deepEqual(good.events, ['close']);
    assert.throws(() => d.dispatch(testAlert()), /closed/);
  });

  test('a slow channel does not hold up a fast one', async () => {
    const slow = new Gated();
    const fast = new Recorder('fast');
    const d = new OutputDispatcher({ channels: [slow, fast], formatter });
    d.dispatch(testAlert('one'));
    d.dispatch(testAlert('two'));
    await waitFor(() => fast.lines.length === 2, 'the fast channel');
    assert.equal(slow.lines.length, 0);
    slow.releaseAll();
    await waitFor(() => slow.waiting === 1, 'the second write');
    slow.releaseAll();
    await d.flush();
    assert.equal(slow.lines.length, 2);
  });

  test('outputs_queue.capacity drops alerts beyond it and reports the first drop', async () => {
    const slow = new Gated();
    const errors: string[] = [];
    const d = new OutputDispatcher({
      channels: [slow],
      formatter,
      queueCapacity: 2,
      onError: (channel, e) => errors.push(`${channel}: ${e.message}`),
    });
    for (let i = 0; i < 5; i++) d.dispatch(testAlert(`a${i}`));
    assert.equal(d.dropped, 3);
    assert.deepEqual(errors, [`gated: ${QUEUE_FULL_MESSAGE}`]);
    await waitFor(() => slow.waiting === 1, 'the first write');
    slow.releaseAll();
    await waitFor(() => slow.waiting === 1, 'the second write');
    slow.releaseAll();
    await d.flush();
    assert.equal(slow.lines.length, 2);
  });

  test('writes overrunning output_timeout are reported', async () => {
    const slow = new Gated();
    const errors: string[] = [];
    const d = new OutputDispatcher({
      channels: [slow],
      formatter,
      outputTimeoutMs: 10,
      onError: (channel, e) => errors.push(`${channel}: ${e.message}`),
    });
    d.dispatch(testAlert());
    await waitFor(() => errors.length === 1, 'the timeout report');
    assert.deepEqual(errors, ['gated: "gated" output timeout, the channel is blocked']);
    slow.releaseAll();
    await d.close();
  });

  test('reopen reaches every channel; internal messages go out with source internal', async () => {
    const a = new Recorder('file');
    const d = new OutputDispatcher({ channels: [a], formatter: new AlertFormatter({ jsonOutput: true }) });
    d.dispatchInternal({
      time: 1n,
      priority: Priority.Critical,
      rule: 'Falco internal: syscall event drop',
      message: 'drops',
      fields: { n: 1 },
      hostname: 'h',
    });
    await d.reopen();
    assert.deepEqual(a.events, ['reopen']);
    assert.equal(JSON.parse(a.lines[0]).source, 'internal');
  });

  test('a failing error reporter does not stop delivery', async () => {
    const good = new Recorder('stdout');
    const d = new OutputDispatcher({
      channels: [new Failing(), good],
      formatter,
      onError: () => {
        throw new Error('reporter broke');
      },
    });
    d.dispatch(testAlert());
    await d.flush();
    assert.equal(good.lines.length, 1);
  });
});
