// `kestrel rules list`: the rules that load, with source, priority, state, tags and the event
// types each can match (`all` when it cannot be narrowed).
import { PRIORITY_NAMES } from '../../engine/priority.js';
import type { PipelineOptions } from '../pipelineOptions.js';
import { pipelineFrom } from '../settings.js';

export function rulesListCommand(opts: PipelineOptions & { format: string }): number {
  const pipeline = pipelineFrom(opts);
  const enabled = new Set<unknown>();
  for (const name of pipeline.engine.sourceNames) {
    for (const e of pipeline.engine.ruleset(name)?.entries ?? []) if (e.enabled) enabled.add(e.rule);
  }
  const rows = pipeline.rules.rules.map((r) => ({
    name: r.name,
    source: r.source,
    priority: PRIORITY_NAMES[r.priority],
    enabled: enabled.has(r),
    tags: r.tags,
    evttypes: r.evttypes === null ? ['all'] : [...r.evttypes].sort(),
  }));
  if (opts.format === 'json') {
    process.stdout.write(`${JSON.stringify({ rules: rows })}\n`);
  } else {
    for (const r of rows) {
      const state = r.enabled ? '' : ' (disabled)';
      process.stdout.write(
        `${r.name}${state}\n  source: ${r.source}  priority: ${r.priority}  tags: ${r.tags.join(', ') || '-'}\n  evttypes: ${r.evttypes.join(', ')}\n`,
      );
    }
  }
  return 0;
}
