// Errors raised while parsing or compiling a condition. Messages follow libsinsp/Falco wording so
// that users (and tools matching on them) see what Falco would say; `pos` says where.

import type { Pos } from './ast.js';

/** The condition text is not valid condition grammar. */
export class ConditionSyntaxError extends Error {
  readonly pos: Pos;

  constructor(message: string, pos: Pos) {
    super(message);
    this.name = 'ConditionSyntaxError';
    this.pos = pos;
  }
}

/** The condition parses but cannot be compiled (unknown field, bad operator for a type, bad value...). */
export class ConditionCompileError extends Error {
  readonly pos: Pos;

  constructor(message: string, pos: Pos, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConditionCompileError';
    this.pos = pos;
  }
}

/** A non-fatal remark from the compiler, as libsinsp emits for suspicious values. */
export interface ConditionWarning {
  message: string;
  pos: Pos;
}
