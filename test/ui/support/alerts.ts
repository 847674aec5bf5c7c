// Alerts for the UI tests, with the fields the store indexes.

import { randomUUID } from 'node:crypto';
import type { OutputFieldValue, RouterAlert } from '../../../src/router/alert.js';

export function makeAlert(
  over: Partial<RouterAlert> & { fields?: Record<string, OutputFieldValue> } = {},
): RouterAlert {
  const { fields, ...rest } = over;
  return {
    uuid: randomUUID(),
    time: '2026-01-01T12:00:00.123456789Z',
    rule: 'Terminal shell in container',
    priority: 'Notice',
    output: 'A shell was spawned in a container (user=root shell=bash)',
    source: 'syscall',
    hostname: 'node-1',
    tags: ['container', 'shell'],
    output_fields: {
      'proc.name': 'bash',
      'user.name': 'root',
      'k8s.ns.name': 'prod',
      'k8s.pod.name': 'web-1',
      'container.image.repository': 'nginx',
      ...fields,
    },
    ...rest,
  };
}

/** RFC 3339 with nanoseconds for ms since the epoch. */
export const timeAt = (ms: number): string => new Date(ms).toISOString().replace('Z', '000000Z');
