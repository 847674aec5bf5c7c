// The subset of Go's text/template that Falcosidekick users write in `messageformat`:
// `{{ .Rule }}`, `{{ .Priority }}`, `{{ .Output }}`, `{{ .Source }}`, `{{ .Hostname }}`,
// `{{ .Time }}`, `{{ .Tags }}`, `{{ index .OutputFields "k" }}`, and the `{{-`/`-}}` trim
// markers. Anything else is refused at validation rather than rendered wrong.

import type { RouterAlert } from '../alert.js';
import { fieldText } from './alertText.js';

type Part = { literal: string } | { value: (alert: RouterAlert) => string };

export interface MessageTemplate {
  /** Renders the template; `escape` is applied to alert values only, never to the template's own text. */
  render(alert: RouterAlert, escape: (text: string) => string): string;
}

const fields: Record<string, (a: RouterAlert) => string> = {
  Rule: (a) => a.rule,
  Priority: (a) => a.priority,
  Output: (a) => a.output,
  Source: (a) => a.source,
  Hostname: (a) => a.hostname,
  Time: (a) => a.time,
  UUID: (a) => a.uuid,
  // Go prints a []string as [a b].
  Tags: (a) => `[${a.tags.join(' ')}]`,
};

/** Go's placeholder for a missing map key. */
const noValue = '<no value>';

export class TemplateError extends Error {}

export function compileMessageTemplate(source: string): MessageTemplate {
  const parts: Part[] = [];
  let rest = source;
  let trimNext = false;
  while (rest !== '') {
    const open = rest.indexOf('{{');
    let literal = open < 0 ? rest : rest.slice(0, open);
    if (trimNext) literal = literal.replace(/^\s+/, '');
    trimNext = false;
    if (open < 0) {
      if (literal.includes('}}')) throw new TemplateError('unexpected "}}" outside an action');
      parts.push({ literal });
      break;
    }
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError(`unclosed action at offset ${source.length - rest.length + open}`);
    let inner = rest.slice(open + 2, close);
    if (inner.startsWith('- ') || inner === '-') {
      literal = literal.replace(/\s+$/, '');
      inner = inner.slice(1);
    }
    if (inner.endsWith(' -')) {
      trimNext = true;
      inner = inner.slice(0, -1);
    }
    if (literal.includes('}}')) throw new TemplateError('unexpected "}}" outside an action');
    parts.push({ literal });
    parts.push({ value: compileAction(inner.trim()) });
    rest = rest.slice(close + 2);
  }
  return {
    render(alert, escape) {
      return parts.map((p) => ('literal' in p ? p.literal : escape(p.value(alert)))).join('');
    },
  };
}

function compileAction(action: string): (alert: RouterAlert) => string {
  const field = /^\.([A-Za-z]+)$/.exec(action);
  if (field) {
    const get = fields[field[1]];
    if (!get)
      throw new TemplateError(`unknown field .${field[1]} (known: ${Object.keys(fields).join(', ')}, OutputFields)`);
    return get;
  }
  const index = /^index\s+\.OutputFields\s+("(?:[^"\\]|\\.)*"|`[^`]*`)$/.exec(action);
  if (index) {
    const key = index[1].startsWith('`') ? index[1].slice(1, -1) : (JSON.parse(index[1]) as string);
    return (a) => {
      const v = a.output_fields[key];
      return v === undefined ? noValue : fieldText(v);
    };
  }
  throw new TemplateError(
    `unsupported action {{ ${action} }}: only {{ .Field }} and {{ index .OutputFields "name" }} are supported`,
  );
}

/** validate() helper: the problem with a template option, or undefined. */
export function templateProblem(type: string, key: string, source: string): string | undefined {
  if (source === '') return undefined;
  try {
    compileMessageTemplate(source);
    return undefined;
  } catch (err) {
    return `${type}.${key}: ${(err as Error).message}`;
  }
}
