// The Slack-compatible incoming-webhook payload Falcosidekick sends to Slack, Mattermost and
// Rocket.Chat: optional template text above one attachment coloured by priority, with the alert
// output as text and the output fields, rule, priority and time as fields.

import type { Delivery } from './destination.js';
import { fieldEntries, priorityOf } from './alertText.js';
import type { MessageTemplate } from './messageTemplate.js';

/** Falcosidekick's attachment colour for each priority. */
export const priorityColors: Readonly<Record<string, string>> = {
  emergency: '#e20b0b',
  alert: '#ff5400',
  critical: '#ff9000',
  error: '#ffc700',
  warning: '#ffff00',
  notice: '#5bffb5',
  informational: '#68c2ff',
  debug: '#ccfff2',
};

export const outputFormats = ['all', 'text', 'fields'];

export const defaultIcon =
  'https://raw.githubusercontent.com/falcosecurity/falcosidekick/master/imgs/falcosidekick_color.png';
export const defaultFooter = 'https://github.com/falcosecurity/falcosidekick';

export interface SlackField {
  title: string;
  value: string;
  short: boolean;
}

export interface SlackAttachment {
  fallback: string;
  color: string;
  text?: string;
  fields?: SlackField[];
  footer?: string;
}

export interface SlackPayload {
  text?: string;
  username?: string;
  icon_url?: string;
  channel?: string;
  attachments: SlackAttachment[];
}

export interface SlackLayout {
  readonly outputFormat: string;
  readonly template?: MessageTemplate;
  readonly username: string;
  readonly icon: string;
  readonly channel: string;
  /** Empty: no footer (Rocket.Chat has none). */
  readonly footer: string;
  readonly escape: (text: string) => string;
}

/** Values shorter than this share a line with the next field, as Falcosidekick lays them out. */
const shortFieldLength = 36;

export function slackPayload(delivery: Delivery, layout: SlackLayout): SlackPayload {
  const { alert, count } = delivery;
  const esc = layout.escape;
  const format = layout.outputFormat.toLowerCase() || 'all';
  const attachment: SlackAttachment = { fallback: esc(alert.output), color: priorityColors[priorityOf(alert)] ?? '' };
  if (format === 'all' || format === 'text') attachment.text = esc(alert.output);
  if (format === 'all' || format === 'fields') {
    const fields: SlackField[] = fieldEntries(alert).map(([k, v]) => ({
      title: esc(k),
      value: esc(v),
      short: [...v].length < shortFieldLength,
    }));
    fields.push({ title: 'rule', value: esc(alert.rule), short: true });
    fields.push({ title: 'priority', value: esc(alert.priority), short: true });
    if (count > 1) fields.push({ title: 'count', value: String(count), short: true });
    fields.push({ title: 'time', value: esc(alert.time), short: false });
    attachment.fields = fields;
    if (layout.footer) attachment.footer = layout.footer;
  }
  const payload: SlackPayload = { attachments: [attachment] };
  const text = layout.template?.render(alert, esc);
  if (text) payload.text = text;
  if (layout.username) payload.username = layout.username;
  if (layout.icon) payload.icon_url = layout.icon;
  if (layout.channel) payload.channel = layout.channel;
  return payload;
}
