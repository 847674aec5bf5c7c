// Alert values as text for chat and paging APIs, and the escaping each API's markup needs:
// alert fields come from the monitored workload, so they are attacker-controlled.

import type { OutputFieldValue, RouterAlert } from '../alert.js';

/** Falco's priorities, most severe first, lower case. */
export const priorities = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];

export function priorityOf(alert: RouterAlert): string {
  const p = alert.priority.toLowerCase();
  return p === 'info' ? 'informational' : p;
}

export function fieldText(value: OutputFieldValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** Output fields with a value, sorted by name (Falco's JSON has no stable order). */
export function fieldEntries(alert: RouterAlert): [string, string][] {
  return Object.keys(alert.output_fields)
    .sort()
    .filter((k) => alert.output_fields[k] !== null)
    .map((k) => [k, fieldText(alert.output_fields[k])]);
}

/** Slack's mrkdwn: only &, < and > are control characters (links, mentions). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function htmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** CommonMark-style markdown (Mattermost, Rocket.Chat, Discord, Teams): backslash-escape markup. */
export function markdownEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|~<>@:]/g, (c) => `\\${c}`);
}

export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The alert time as ISO 8601 with milliseconds (APIs that parse a timestamp reject nanoseconds). */
export function isoMillis(time: string): string {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? new Date().toISOString() : new Date(ms).toISOString();
}

/** RFC 3339 time → nanoseconds since the epoch, as a decimal string (Loki's timestamp). */
export function unixNanos(time: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i.exec(time);
  const ms = Date.parse(m ? `${m[1]}${m[3]}` : time);
  if (Number.isNaN(ms)) return (BigInt(Date.now()) * 1_000_000n).toString();
  const fraction = m?.[2] ? BigInt(m[2].slice(0, 9).padEnd(9, '0')) : 0n;
  return (BigInt(ms) * 1_000_000n + fraction).toString();
}
