// Errors raised while validating syscall field references. Messages are libsinsp's, word for word,
// because Falco users' tooling matches on them.

import { FieldError } from '../../fields/types.js';

/**
 * No field class accepts the reference. Conditions report the message as is; output formats
 * report the same situation as `invalid formatting token <text>`, hence the separate class.
 */
export class UnknownFieldError extends FieldError {
  constructor(readonly fieldText: string) {
    super(`filter_check called with nonexistent field ${fieldText}`);
    this.name = 'UnknownFieldError';
  }
}

/** The message Falco gives for an unknown field in a rule output. */
export function invalidFormattingTokenMessage(text: string): string {
  return `invalid formatting token ${text}`;
}

export function syntaxError(text: string): FieldError {
  return new FieldError(`filter syntax error: ${text}`);
}

export function notANumber(text: string): FieldError {
  return new FieldError(`${text} is not a valid number`);
}

export function filterOnlyError(text: string): FieldError {
  return new FieldError(`${text} is filter only and cannot be used as a display field`);
}
