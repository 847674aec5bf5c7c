// Errors of the Go-template engine. Compile errors carry the source position so a config
// problem can point at the spot; render errors say which action failed and why.

export class TemplateError extends Error {}

/** Offset → 1-based line:col, counted in characters as an editor shows them. */
export function lineCol(source: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return `${line}:${col}`;
}

export class TemplateSyntaxError extends TemplateError {
  constructor(
    readonly position: string,
    readonly detail: string,
  ) {
    super(`${position}: ${detail}`);
    this.name = 'TemplateSyntaxError';
  }
}

/** Execution failed; like Go's Execute, whatever was rendered before the failure is kept. */
export class TemplateExecError extends TemplateError {
  constructor(
    message: string,
    readonly partial: string,
  ) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

/** Thrown by functions and field access; the evaluator adds the position and action text. */
export class EvalError extends Error {}
