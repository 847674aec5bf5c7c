// Discord webhook: one embed coloured by priority with the output as description and the output
// fields, rule, priority and time as inline fields (Falcosidekick's layout), within Discord's
// embed limits. Alert text is markdown-escaped and mentions are disabled (allowed_mentions), so
// a field value cannot ping @everyone.

import type { Delivery, DestinationType } from './destination.js';
import { fieldEntries, markdownEscape, priorityOf, truncate } from './alertText.js';
import { defaultHttpTimeoutMs, httpSend } from './httpSend.js';
import { problems, stringOption, urlProblem } from './optionValues.js';
import { checkCertOption, HttpAgents, mutualTlsOption } from './tlsClient.js';
import { defaultIcon } from './slackAttachments.js';

/** Falcosidekick's embed colour (decimal RGB) for each priority. */
export const discordColors: Readonly<Record<string, number>> = {
  emergency: 15158332,
  alert: 11027200,
  critical: 15105570,
  error: 15844367,
  warning: 12745742,
  notice: 3066993,
  informational: 3447003,
  debug: 12370112,
};

/** Discord's embed limits. */
export const discordLimits = { description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, embedTotal: 6000 };

interface EmbedField {
  name: string;
  value: string;
  inline: boolean;
}

export function discordPayload(delivery: Delivery, icon: string) {
  const { alert, count } = delivery;
  const description = truncate(markdownEscape(alert.output), discordLimits.description);
  const tail: EmbedField[] = [
    { name: 'rule', value: alert.rule, inline: true },
    { name: 'priority', value: alert.priority, inline: true },
    ...(count > 1 ? [{ name: 'count', value: String(count), inline: true }] : []),
    { name: 'time', value: alert.time, inline: true },
  ].map((f) => field(f.name, f.value));
  let budget = discordLimits.embedTotal - [...description].length - tail.reduce((n, f) => n + size(f), 0);
  const fields: EmbedField[] = [];
  for (const [k, v] of fieldEntries(alert)) {
    const f = field(k, v);
    if (fields.length + tail.length >= discordLimits.fields || size(f) > budget) break;
    budget -= size(f);
    fields.push(f);
  }
  return {
    content: '',
    // Discord refuses an avatar_url that is not a URL, the empty string included.
    ...(icon ? { avatar_url: icon } : {}),
    embeds: [{ description, color: discordColors[priorityOf(alert)] ?? 0, fields: [...fields, ...tail] }],
    allowed_mentions: { parse: [] as string[] },
  };
}

function field(name: string, value: string): EmbedField {
  return {
    name: truncate(markdownEscape(name), discordLimits.fieldName),
    // Discord refuses an empty field value.
    value: truncate(markdownEscape(value), discordLimits.fieldValue) || '-',
    inline: true,
  };
}

function size(f: EmbedField): number {
  return [...f.name].length + [...f.value].length;
}

export const discordDestination: DestinationType = {
  type: 'discord',
  options: {
    mutualtls: mutualTlsOption,
    checkcert: checkCertOption,
    webhookurl: { kind: 'string', enables: true, secret: true, doc: 'Discord webhook URL' },
    icon: { kind: 'string', default: defaultIcon, doc: 'Avatar URL of the message' },
  },
  validate(values) {
    return problems(urlProblem('discord', values, 'webhookurl', true), urlProblem('discord', values, 'icon', false));
  },
  create(values, context) {
    const agents = HttpAgents.of('discord', values, context);
    const url = stringOption(values, 'webhookurl');
    const icon = stringOption(values, 'icon');
    return {
      name: 'discord',
      maxBatch: 1,
      async close() {
        agents.destroy();
      },
      async send(batch, signal) {
        for (const delivery of batch) {
          await httpSend(
            'discord',
            {
              url,
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify(discordPayload(delivery, icon)),
              timeoutMs: defaultHttpTimeoutMs,
              agents,
            },
            signal,
          );
        }
      },
    };
  },
};
