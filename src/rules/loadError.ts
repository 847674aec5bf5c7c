import type { ErrorCode } from './codes.js';
import type { LoadContext } from './context.js';

/** Thrown inside the loader to stop at the first error, as Falco does; becomes a LoadResult error. */
export class RuleLoadError extends Error {
  readonly code: ErrorCode;
  readonly context: LoadContext;

  constructor(code: ErrorCode, message: string, context: LoadContext) {
    super(message);
    this.code = code;
    this.context = context;
  }
}

export function yamlValidateError(message: string, context: LoadContext): RuleLoadError {
  return new RuleLoadError('LOAD_ERR_YAML_VALIDATE', message, context);
}

export function validateError(message: string, context: LoadContext): RuleLoadError {
  return new RuleLoadError('LOAD_ERR_VALIDATE', message, context);
}
