// An alert as one output line, in Falco's two shapes.
//
// Text: `<time>: <Priority> <output>`, where <time> is `evt.time` (local `HH:MM:SS.nnnnnnnnn`) or,
// with time_format_iso_8601, `evt.time.iso8601` (`YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000`).
//
// JSON: one object with sorted keys (Falco's JSON library sorts them): hostname, message (only
// with json_include_message_property), output (unless json_include_output_property is false),
// output_fields (unless json_include_output_fields_property is false), priority, rule, source,
// tags (unless json_include_tags_property is false; sorted, as Falco keeps them in a set) and
// time (UTC, nanoseconds, `Z`). output_fields also holds the time token of the text prefix
// (`evt.time` or `evt.time.iso8601`) as the raw timestamp, and any append_output extra fields.

import { type Priority, priorityName } from '../engine/priority.js';
import type { Alert, OutputFieldValue } from '../engine/types.js';
import { type JsonWritable, writeJson } from './json.js';
import { iso8601Text, jsonTimeText, timeText } from './timeText.js';

export interface AlertFormatOptions {
  /** `json_output` */
  jsonOutput: boolean;
  /** `time_format_iso_8601` */
  timeFormatIso8601: boolean;
  /** `json_include_output_property` */
  jsonIncludeOutputProperty: boolean;
  /** `json_include_tags_property` */
  jsonIncludeTagsProperty: boolean;
  /** `json_include_message_property` */
  jsonIncludeMessageProperty: boolean;
  /** `json_include_output_fields_property` */
  jsonIncludeOutputFieldsProperty: boolean;
  /** `static_fields`: constant entries added to every alert's JSON output fields. */
  staticFields: Readonly<Record<string, string>>;
}

export const DEFAULT_ALERT_FORMAT: Readonly<AlertFormatOptions> = Object.freeze({
  jsonOutput: false,
  timeFormatIso8601: false,
  jsonIncludeOutputProperty: true,
  jsonIncludeTagsProperty: true,
  jsonIncludeMessageProperty: false,
  jsonIncludeOutputFieldsProperty: true,
  staticFields: Object.freeze({}),
});

/**
 * A message Falco itself raises rather than a rule (source `internal`), e.g. the syscall event
 * drop alert: `message` plus a few key/value fields.
 */
export interface InternalMessage {
  time: bigint;
  priority: Priority;
  rule: string;
  message: string;
  fields: Readonly<Record<string, OutputFieldValue>>;
  hostname: string;
}

export class AlertFormatter {
  readonly options: Readonly<AlertFormatOptions>;

  constructor(options: Partial<AlertFormatOptions> = {}) {
    this.options = { ...DEFAULT_ALERT_FORMAT, ...options };
  }

  /** `<time>: <Priority>`, the prefix of every text alert. */
  prefix(alert: Pick<Alert, 'time' | 'priority'>): string {
    const time = this.options.timeFormatIso8601 ? iso8601Text(alert.time) : timeText(alert.time);
    return `${time}: ${priorityName(alert.priority)}`;
  }

  /** The alert as a text line (no newline). */
  text(alert: Alert): string {
    return `${this.prefix(alert)} ${alert.output}`;
  }

  /** The alert as one JSON object (no newline). */
  json(alert: Alert): string {
    const o = this.options;
    const doc: { [key: string]: JsonWritable } = {
      hostname: alert.hostname,
      priority: priorityName(alert.priority),
      rule: alert.rule,
      source: alert.source,
      time: jsonTimeText(alert.time),
    };
    if (o.jsonIncludeOutputProperty) doc.output = this.text(alert);
    if (o.jsonIncludeTagsProperty) doc.tags = [...new Set(alert.tags)].sort();
    if (o.jsonIncludeMessageProperty) doc.message = alert.output;
    if (o.jsonIncludeOutputFieldsProperty) {
      // The prefix's time token first: extra fields, which come with the alert, may override it.
      const fields: { [key: string]: JsonWritable } = {
        [o.timeFormatIso8601 ? 'evt.time.iso8601' : 'evt.time']: alert.time,
        ...alert.outputFields,
      };
      for (const [k, v] of Object.entries(o.staticFields)) fields[k] = v;
      doc.output_fields = fields;
    }
    return writeJson(doc);
  }

  /** The alert as configured: JSON with json_output, text otherwise. */
  format(alert: Alert): string {
    return this.options.jsonOutput ? this.json(alert) : this.text(alert);
  }

  /**
   * An internal message: in text, `<evt.time>: <Priority> <message> (k=v ...)` with each value
   * as JSON (strings quoted); in JSON, an object with source `internal` and the fields as
   * output_fields.
   */
  internal(msg: InternalMessage): string {
    const keys = Object.keys(msg.fields).sort();
    if (this.options.jsonOutput) {
      const fields: { [key: string]: JsonWritable } = {};
      for (const k of keys) fields[k] = msg.fields[k];
      return writeJson({
        hostname: msg.hostname,
        output: msg.message,
        output_fields: fields,
        priority: priorityName(msg.priority),
        rule: msg.rule,
        source: 'internal',
        time: jsonTimeText(msg.time),
      });
    }
    const pairs = keys.map((k) => `${k}=${writeJson(msg.fields[k])}`).join(' ');
    return `${timeText(msg.time)}: ${priorityName(msg.priority)} ${msg.message} (${pairs})`;
  }
}
