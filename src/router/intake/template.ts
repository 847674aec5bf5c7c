// The small template language of templated fields: text with `{{ ... }}` references to the
// alert. A reference is `.output_fields.NAME`, `index . "NAME"` or `.NAME` (NAME an output
// field, as in Falcosidekick's templates whose context is the output fields), or one of the
// alert's own keys `.rule`, `.priority`, `.source`, `.hostname`, `.output`. A missing value
// renders as the empty string. Compiled once; rendering only concatenates.

export type TemplateInput = {
  readonly rule: string;
  readonly priority: string;
  readonly source: string;
  readonly hostname: string;
  readonly output: string;
  readonly output_fields: Readonly<Record<string, unknown>>;
};

type Part = (alert: TemplateInput) => string;

const ALERT_KEYS = new Set(['rule', 'priority', 'source', 'hostname', 'output']);

export class TemplateError extends Error {}

function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

function reference(expr: string): Part {
  const index = /^index\s+\.\s+"((?:[^"\\]|\\.)*)"$/.exec(expr);
  if (index) {
    const key = JSON.parse(`"${index[1]}"`) as string;
    return (a) => valueText(a.output_fields[key]);
  }
  if (expr.startsWith('.output_fields.') && expr.length > '.output_fields.'.length) {
    const key = expr.slice('.output_fields.'.length);
    return (a) => valueText(a.output_fields[key]);
  }
  if (/^\.[A-Za-z0-9_.\-[\]]+$/.test(expr)) {
    const key = expr.slice(1);
    if (ALERT_KEYS.has(key)) return (a) => a[key as 'rule'];
    return (a) => valueText(a.output_fields[key]);
  }
  throw new TemplateError(
    `unsupported reference {{ ${expr} }} (use {{ .output_fields.NAME }}, {{ index . "NAME" }}, {{ .NAME }} or {{ .rule }})`,
  );
}

function literalText(text: string): string {
  if (text.includes('}}')) throw new TemplateError('}} without a matching {{');
  return text;
}

export function compileTemplate(text: string): (alert: TemplateInput) => string {
  const parts: Part[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{{', at);
    if (open < 0) {
      const rest = literalText(text.slice(at));
      parts.push(() => rest);
      break;
    }
    if (open > at) {
      const literal = literalText(text.slice(at, open));
      parts.push(() => literal);
    }
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError(`unclosed {{ at character ${open + 1}`);
    const expr = text.slice(open + 2, close).trim();
    if (expr === '') throw new TemplateError(`empty {{ }} at character ${open + 1}`);
    parts.push(reference(expr));
    at = close + 2;
  }
  return (alert) => {
    let out = '';
    for (const p of parts) out += p(alert);
    return out;
  };
}
