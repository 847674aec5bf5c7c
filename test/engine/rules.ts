// Hand-built CompiledRule objects for engine tests: conditions are plain closures.

import { Priority } from '../../src/engine/priority.js';
import type { CompiledRule, ExtraOutputField } from '../../src/engine/types.js';
import { compileOutputFormat } from '../../src/outputs/format.js';
import { type FakeEvent, fakeSource } from '../outputs/fakeSource.js';

export interface RuleSpec {
  source?: string;
  priority?: Priority;
  tags?: string[];
  enabled?: boolean;
  evttypes?: string[] | null;
  matches?: (evt: FakeEvent) => boolean;
  output?: string;
  extraFields?: ExtraOutputField<FakeEvent>[];
}

export function rule(name: string, spec: RuleSpec = {}): CompiledRule<FakeEvent> {
  const source = spec.source ?? 'syscall';
  return {
    name,
    desc: `${name} description`,
    source,
    priority: spec.priority ?? Priority.Warning,
    tags: spec.tags ?? [],
    enabled: spec.enabled ?? true,
    condition: 'test condition',
    ast: { kind: 'identifier', name: 'test_condition', pos: { offset: 0, line: 1, col: 1 } },
    evttypes: spec.evttypes === undefined || spec.evttypes === null ? null : new Set(spec.evttypes),
    matches: spec.matches ?? (() => true),
    output: compileOutputFormat(spec.output ?? `${name} fired (name=%proc.name)`, fakeSource(source)),
    capture: false,
    location: { file: 'test.yaml', line: 1, col: 1 },
    ...(spec.extraFields ? { extraFields: spec.extraFields } : {}),
  };
}
