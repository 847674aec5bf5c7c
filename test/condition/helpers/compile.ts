// Compiles a condition text against the test source and evaluates it.

import type { ConditionWarning } from '../../../src/condition/index.js';
import { compileCondition, parseCondition } from '../../../src/condition/index.js';
import { objectSource, type TestEvent } from './objectSource.js';

export function matcher(text: string, eventTypes?: ReadonlySet<string>): (evt: TestEvent) => boolean {
  return compileCondition(parseCondition(text), objectSource(undefined, { eventTypes }));
}

export function evaluate(text: string, evt: TestEvent): boolean {
  return matcher(text)(evt);
}

export function warningsOf(text: string): ConditionWarning[] {
  const out: ConditionWarning[] = [];
  compileCondition(parseCondition(text), objectSource(), { onWarning: (w) => out.push(w) });
  return out;
}
