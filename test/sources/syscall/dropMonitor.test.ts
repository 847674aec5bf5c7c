import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SyscallEventDropsConfig } from '../../../src/config/types.js';
import { DROP_RULE, type DropCounters, DropMonitor } from '../../../src/sources/syscall/dropMonitor.js';
import { TokenBucket } from '../../../src/sources/syscall/tokenBucket.js';

const S = 1e9;

function monitor(config: Partial<SyscallEventDropsConfig>, counters: DropCounters) {
  const alerts: Array<{ message: string; fields: Record<string, string> }> = [];
  const logs: string[] = [];
  const m = new DropMonitor(
    { threshold: 0.1, actions: ['alert'], rate: 1, maxBurst: 1, simulateDrops: false, ...config },
    () => counters,
    { alert: (_t, message, fields) => alerts.push({ message, fields }), log: (_level, l) => logs.push(l) },
  );
  return { m, alerts, logs };
}

describe('DropMonitor', () => {
  test('looks once per second of event time and alerts on new drops above the threshold', () => {
    const counters: DropCounters = { events: 0, drops: 0, dropsBuffer: 0 };
    const { m, alerts } = monitor({ rate: 10, maxBurst: 10 }, counters);
    m.onEvent(1 * S, () => 1n);
    counters.events = 100;
    counters.drops = 50;
    m.onEvent(1.5 * S, () => 2n); // not yet a second
    assert.equal(alerts.length, 0);
    m.onEvent(2.1 * S, () => 3n);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].message, `${DROP_RULE}. 50 system calls dropped in last second.`);
    assert.equal(alerts[0].fields.n_drops, '50');
    assert.equal(alerts[0].fields.n_evts, '100');
    counters.events = 1100;
    counters.drops = 51; // 1 of 1000: below the threshold
    m.onEvent(3.2 * S, () => 4n);
    assert.equal(alerts.length, 1);
    assert.equal(m.detections, 1);
  });

  test('simulated drops count one per look; the bucket limits actions', () => {
    const { m, logs } = monitor(
      { simulateDrops: true, actions: ['log'], rate: 0, maxBurst: 2 },
      { events: 0, drops: 0, dropsBuffer: 0 },
    );
    for (let s = 1; s <= 6; s++) m.onEvent(s * 1.01 * S, () => 0n);
    assert.equal(m.detections, 5);
    assert.equal(m.actionsTaken, 2);
    assert.ok(logs.includes('Simulating syscall event drop'));
    assert.match(m.statsText(), /event drop detected: 5 occurrences\n.*num times actions taken: 2/s);
  });

  test('the exit action asks to stop', () => {
    const { m, logs } = monitor({ simulateDrops: true, actions: ['exit'] }, { events: 0, drops: 0, dropsBuffer: 0 });
    assert.equal(
      m.onEvent(1 * S, () => 0n),
      true,
    );
    assert.equal(
      m.onEvent(2.5 * S, () => 0n),
      false,
    );
    assert.ok(logs.includes('Exiting.'));
  });
});

describe('TokenBucket', () => {
  test('refills at its rate up to its size', () => {
    const b = new TokenBucket(1, 2);
    assert.equal(b.claim(0), true);
    assert.equal(b.claim(0), true);
    assert.equal(b.claim(0), false);
    assert.equal(b.claim(1.1 * S), true);
    assert.equal(b.claim(1.1 * S), false);
  });
});
