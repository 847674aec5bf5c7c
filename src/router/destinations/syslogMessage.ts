// One alert as an RFC 5424 syslog message: PRI from the facility and the alert's priority
// (Falco's eight priorities are syslog's eight severities), the alert's time, host, app `falco`,
// structured data with the rule, priority, source, tags and uuid, and the body as Falco's JSON
// or Falcosidekick's CEF line. Everything from the alert is escaped for the field it lands in.

import { alertBody } from './alertBody.js';
import { fieldEntries } from './alertText.js';
import type { Delivery } from './destination.js';
import { priorityRank } from '../priority.js';

export const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'audit',
  'alert',
  'clock',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];

/** Private enterprise number 32473 is the one RFC 5612 reserves for examples and documentation. */
export const SD_ID = 'falco@32473';

export type SyslogFormat = 'json' | 'cef';

/** CEF severity (0-10) by priority rank, as Falcosidekick maps them. */
const CEF_SEVERITY = ['10', '9', '8', '7', '6', '4', '3', '0'];

/** RFC 5424 TIMESTAMP: at most 6 fraction digits; NILVALUE when the time is not RFC 3339. */
export function syslogTimestamp(time: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i.exec(time);
  if (!m) return '-';
  const fraction = m[2] ? `.${m[2].slice(0, 6)}` : '';
  return `${m[1]}${fraction}${m[3].toUpperCase()}`;
}

/** A header field: printable US-ASCII without spaces, bounded, or NILVALUE. */
function headerField(text: string, max: number): string {
  const clean = text.replace(/[^!-~]/g, '_').slice(0, max);
  return clean === '' ? '-' : clean;
}

function sdValue(text: string): string {
  return text.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

function structuredData(d: Delivery): string {
  const a = d.alert;
  const params: [string, string][] = [
    ['rule', a.rule],
    ['priority', a.priority],
    ['source', a.source],
    ['uuid', a.uuid],
  ];
  if (a.tags.length > 0) params.push(['tags', a.tags.join(',')]);
  if (d.count > 1) params.push(['count', String(d.count)]);
  return `[${SD_ID}${params.map(([k, v]) => ` ${k}="${sdValue(v)}"`).join('')}]`;
}

function cefHeader(text: string): string {
  return text.replace(/[\\|]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, ' ');
}

function cefValue(text: string): string {
  return text
    .replace(/[\\=]/g, (c) => `\\${c}`)
    .replace(/\r\n|\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/** Falcosidekick's CEF layout; extension values escaped as CEF requires (\, =, newlines). */
export function cefLine(d: Delivery): string {
  const a = d.alert;
  const rank = priorityRank(a.priority);
  const severity = rank === undefined ? 'Unknown' : CEF_SEVERITY[rank];
  const start = Date.parse(a.time);
  const startText = Number.isNaN(start)
    ? a.time
    : new Date(Math.floor(start / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  let line = `CEF:0|Falcosecurity|Falco|1.0|Falco Event|${cefHeader(a.rule)}|${severity}|`;
  line += `uuid=${cefValue(a.uuid)} start=${cefValue(startText)} msg=${cefValue(a.output)} source=${cefValue(a.source)}`;
  if (a.hostname !== '') line += ` hostname=${cefValue(a.hostname)}`;
  line += ` outputfields=${fieldEntries(a)
    .map(([k, v]) => cefValue(`${k}:${v}`))
    .join(' ')}`;
  if (a.tags.length > 0) line += ` tags=${cefValue(a.tags.join(','))}`;
  if (d.count > 1) line += ` cnt=${d.count}`;
  return line;
}

export function syslogMessage(d: Delivery, facility: number, format: SyslogFormat, hostname: string): string {
  const rank = priorityRank(d.alert.priority) ?? 7;
  const pri = facility * 8 + rank;
  const host = headerField(d.alert.hostname || hostname, 255);
  const body = format === 'cef' ? cefLine(d) : alertBody(d);
  return `<${pri}>1 ${syslogTimestamp(d.alert.time)} ${host} falco - - ${structuredData(d)} ${body}`;
}
