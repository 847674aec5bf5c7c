// The alert `/test` injects, shaped like Falcosidekick's test event so a pipeline can be
// checked end to end: rule "Test rule", priority Debug.

import os from 'node:os';
import { nowRfc3339 } from './validateAlert.js';

export function testAlertBody(now = new Date()): Record<string, unknown> {
  return {
    time: nowRfc3339(now),
    rule: 'Test rule',
    priority: 'Debug',
    source: 'debug',
    hostname: os.hostname(),
    output: `${now.toISOString()}: Debug This is a test from the Kestrel router`,
    tags: ['test', 'example'],
    output_fields: { 'proc.name': 'kestrel', 'user.name': 'kestrel' },
  };
}
