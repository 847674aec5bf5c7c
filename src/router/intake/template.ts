// Templated fields: Go text/template, as Falcosidekick renders them, with the alert's
// output_fields map (custom fields included) as dot: `{{ index . "k8s.ns.name" }}`,
// `{{ .cluster }}`. Compiled once at config load. A render failure keeps the output rendered
// before it, as Falcosidekick does (it stores the partial text).

import { compileGoTemplate, GoMap, TemplateError, TemplateExecError, type GoValue } from '../template/index.js';

export { TemplateError };

export type TemplateInput = {
  readonly output_fields: Readonly<Record<string, unknown>>;
};

export function compileTemplate(text: string): (alert: TemplateInput) => string {
  const template = compileGoTemplate(text);
  return (alert) => {
    try {
      return template.render(new GoMap(alert.output_fields as Record<string, GoValue>));
    } catch (err) {
      if (!(err instanceof TemplateExecError)) throw err;
      return err.partial;
    }
  };
}
