// A Falco alert for destination tests, with the awkward parts real alerts have: dotted and
// bracketed field names, numbers, nulls, and attacker-controlled text with markup and quotes.

import type { RouterAlert } from '../../../src/router/alert.js';
import type { Delivery } from '../../../src/router/destinations/destination.js';

export function sampleAlert(overrides: Partial<RouterAlert> = {}): RouterAlert {
  return {
    uuid: '7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14',
    time: '2026-12-01T10:20:30.123456789Z',
    rule: 'Terminal shell in container',
    priority: 'Critical',
    output: 'A shell was spawned in a container (user=root cmdline=bash -c "echo <b>pwned</b> & x=1")',
    source: 'syscall',
    hostname: 'node-1',
    tags: ['shell', 'container', 'mitre_execution'],
    output_fields: {
      'proc.cmdline': 'bash -c "echo <b>pwned</b> & x=1"',
      'user.name': 'root',
      'proc.aname[2]': 'containerd-shim',
      'proc.pid': 4242,
      'container.id': null,
    },
    ...overrides,
  };
}

export function delivery(alert: RouterAlert = sampleAlert(), count = 1): Delivery {
  return { alert, count };
}

export const context = { hostname: 'router-host' };

export function signal(): AbortSignal {
  return AbortSignal.timeout(15_000);
}

/** `n` small alerts as JSON lines: text as compressible as a batch of real alerts, for the Kafka codecs. */
export function alertLines(n: number): Buffer {
  const line = (i: number) =>
    JSON.stringify({
      uuid: `u-${i}`,
      rule: 'Terminal shell in container',
      priority: 'Notice',
      output: `A shell was spawned in a container (user=root shell=bash pid=${i})`,
      output_fields: { 'proc.name': 'bash', 'proc.pid': i, 'k8s.ns.name': 'prod' },
    });
  return Buffer.from(Array.from({ length: n }, (_, i) => line(i)).join('\n'));
}
