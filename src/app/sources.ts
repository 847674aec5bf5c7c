// The event sources Kestrel offers, and the plugins it has built in.
import type { EventSource } from '../events/source.js';
import type { FieldClass } from '../fields/types.js';
import { BUILTIN_PLUGINS, K8sAuditSource } from '../sources/k8saudit/index.js';
import { SyscallSource } from '../sources/syscall/syscallSource.js';

export { BUILTIN_PLUGINS };

/** Every source by name: `syscall` and `k8s_audit`. */
export function createSources(): Map<string, EventSource> {
  const sources = new Map<string, EventSource>();
  for (const s of [new SyscallSource(), new K8sAuditSource()] as EventSource[]) sources.set(s.name, s);
  return sources;
}

/** All field classes of all sources, in source order. */
export function allFieldClasses(sources: ReadonlyMap<string, EventSource>): FieldClass[] {
  return [...sources.values()].flatMap((s) => [...s.fieldClasses]);
}
