// Go text/template for alert templates (Falcosidekick's messageformat and templatedfields):
// parsed once by compileGoTemplate, rendered per alert with no re-parse.

import type { Node } from './ast.js';
import { execute } from './exec.js';
import { parse, type ParseOptions } from './parser.js';
import type { GoValue } from './values.js';

export { TemplateError, TemplateExecError, TemplateSyntaxError } from './errors.js';
export { GoMap, GoStruct, type GoValue } from './values.js';

export interface GoTemplate {
  /**
   * Renders over `data`; `escape` is applied to each value an action prints, never to the
   * template's own text. Throws TemplateExecError (with the partial output) when an action fails.
   */
  render(data: GoValue, escape?: (text: string) => string): string;
}

/** Parses `source`; throws TemplateSyntaxError ("line:col: what is wrong") when it is not valid. */
export function compileGoTemplate(source: string, options: ParseOptions = {}): GoTemplate {
  const tree: readonly Node[] = parse(source, options);
  return {
    render: (data, escape = (t) => t) => execute(source, tree, data, escape),
  };
}
