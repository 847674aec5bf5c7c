// An alert for channel tests, and small waiting helpers that poll rather than sleep blindly.

import { Priority } from '../../src/engine/priority.js';
import type { Alert } from '../../src/engine/types.js';

export function testAlert(output = 'something happened'): Alert {
  return {
    time: 1_470_327_477_881_781_397n,
    rule: 'test rule',
    priority: Priority.Warning,
    source: 'syscall',
    output,
    outputFields: {},
    tags: [],
    hostname: 'h',
  };
}

/** Resolves once `check` returns true (polling); rejects after many attempts. */
export async function waitFor(check: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
