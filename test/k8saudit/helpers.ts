// Shared setup for the Kubernetes audit tests: the legacy trace files and small builders.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FieldValue } from '../../src/fields/types.js';
import type { K8sAuditEvent } from '../../src/sources/k8saudit/event.js';
import { readAuditFile } from '../../src/sources/k8saudit/fileReader.js';
import { K8sAuditSource } from '../../src/sources/k8saudit/k8sAuditSource.js';
import { parseAuditValue } from '../../src/sources/k8saudit/parse.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (tests run from dist/test/k8saudit). */
const repoRoot = resolve(here, '..', '..', '..');
export const TRACE_DIR = resolve(repoRoot, '..', 'shared', 'corpus', 'legacy', 'trace_files', 'k8s_audit');

export const source = new K8sAuditSource();

/** All events of one trace file (failing the test on any parse error). */
export async function traceEvents(name: string): Promise<K8sAuditEvent[]> {
  const events: K8sAuditEvent[] = [];
  const errors: string[] = [];
  await readAuditFile(
    join(TRACE_DIR, name),
    (e) => events.push(e),
    (e) => errors.push(e.message),
  );
  if (errors.length > 0) throw new Error(`unexpected errors in ${name}: ${errors.join('; ')}`);
  return events;
}

/** The single event of a one-event trace file. */
export async function traceEvent(name: string): Promise<K8sAuditEvent> {
  const events = await traceEvents(name);
  if (events.length !== 1) throw new Error(`${name}: expected one event, got ${events.length}`);
  return events[0];
}

/** Extracts `name` (with optional argument) from an event. */
export function field(evt: K8sAuditEvent, name: string, arg?: string): FieldValue {
  return source.bindField({ name, arg })(evt);
}

/** An audit event built from a plain object (auditID and stageTimestamp filled in). */
export function makeEvent(obj: Record<string, unknown>): K8sAuditEvent {
  const parsed = parseAuditValue({
    kind: 'Event',
    auditID: 'test-audit-id',
    stageTimestamp: '2024-05-06T07:08:09.123456Z',
    ...obj,
  });
  if (parsed.events.length !== 1) throw new Error(`bad test event: ${parsed.errors.map((e) => e.message).join()}`);
  return parsed.events[0];
}

/** Waits until `cond()` holds, checking after each `tick` (no timing is asserted). */
export async function until(cond: () => boolean, tick: () => Promise<void>, what: string, limit = 500): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (cond()) return;
    await tick();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}
