// The mail of one alert: Falcosidekick's subject (`[Priority] output`), a plain-text body
// (the alert's facts, then its output fields) and an HTML body with the same content in two
// tables, the header coloured by priority. Every alert value is HTML-escaped: it comes from the
// monitored workload.

import type { RouterAlert } from '../alert.js';
import { canonicalPriority, priorityRank } from '../priority.js';
import { fieldEntries, htmlEscape } from './alertText.js';

/** Header colours by priority rank, Emergency first (the palette Falcosidekick's mails use). */
const COLOURS = ['#e20b0b', '#ff5400', '#ff9000', '#ffc700', '#ffff00', '#5bffb5', '#68c2ff', '#ccfff2'];
const GREY = '#858585';

/** One line, no control characters: a subject cannot carry a header injection. */
export function mailSubject(alert: RouterAlert): string {
  const priority = canonicalPriority(alert.priority) ?? alert.priority;
  return `[${priority}] ${alert.output}`.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 900);
}

function facts(alert: RouterAlert, count: number): [string, string][] {
  const list: [string, string][] = [
    ['Priority', canonicalPriority(alert.priority) ?? alert.priority],
    ['Output', alert.output],
    ['Rule', alert.rule],
    ['Source', alert.source],
    ['Hostname', alert.hostname],
    ['Tags', alert.tags.join(', ')],
    ['Time', alert.time],
  ];
  if (count > 1) list.push(['Count', String(count)]);
  return list;
}

export function mailText(alert: RouterAlert, count: number): string {
  const lines = facts(alert, count).map(([k, v]) => `${k}: ${v}`);
  lines.push('', '--Fields--', ...fieldEntries(alert).map(([k, v]) => `${k}: ${v}`), '');
  return lines.join('\n');
}

function rows(entries: [string, string][]): string {
  return entries
    .map(
      ([k, v]) =>
        `<tr><th style="background:${GREY};color:#fff;text-align:left;padding:4px 8px;white-space:nowrap">${htmlEscape(k)}</th>` +
        `<td style="background:#d1d6da;padding:4px 8px">${htmlEscape(v)}</td></tr>`,
    )
    .join('\n');
}

export function mailHtml(alert: RouterAlert, count: number): string {
  const colour = COLOURS[priorityRank(alert.priority) ?? 7];
  const priority = htmlEscape(canonicalPriority(alert.priority) ?? alert.priority);
  const table = 'style="border-collapse:collapse;width:700px;font-family:arial,helvetica,sans-serif;font-size:13px"';
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${htmlEscape(mailSubject(alert))}</title></head>
<body>
<table ${table}><tr><td style="background:${colour};text-align:center;padding:4px"><strong>${priority}</strong></td></tr></table>
<table ${table}>
${rows(facts(alert, count).slice(1))}
</table>
<br>
<table ${table}><tr><td style="background:${GREY};color:#fff;text-align:center;padding:4px"><strong>Fields</strong></td></tr></table>
<table ${table}>
${rows(fieldEntries(alert))}
</table>
</body></html>
`;
}
