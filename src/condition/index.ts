// Public API of the condition language: parse, compile, inspect and rewrite Falco conditions.

export type * from './ast.js';
export { type CompiledCondition, type CompileOptions, compileCondition } from './compile.js';
export { ConditionCompileError, ConditionSyntaxError, type ConditionWarning } from './errors.js';
export {
  type EventTypeUniverse,
  eventCodesOf,
  eventTypesOf,
  isTooManyEventCodes,
  isTooManyEventTypes,
  MAX_RULE_EVENT_CODES,
  SYSCALL_EVENT_UNIVERSE,
  universeOfNames,
} from './eventTypes.js';
export { formatCondition, formatFieldExpr } from './format.js';
export { type ParseOptions, parseCondition } from './parse.js';
export { type ConditionTransform, collectFields, transformCondition } from './transform.js';
