// Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is
// received"), which takes an Adaptive Card in a `message` envelope: Microsoft retired the Office
// 365 connectors and their MessageCard. The title and output are RichTextBlock TextRuns, which
// Teams shows as plain text; the fields are a FactSet, whose values Teams renders as markdown,
// so they are escaped.

import type { Delivery, DestinationType } from './destination.js';
import { fieldEntries, priorityOf } from './alertText.js';
import { defaultHttpTimeoutMs, httpSend } from './httpSend.js';
import { oneOfProblem, problems, stringOption, urlProblem } from './optionValues.js';
import { checkCertOption, HttpAgents, mutualTlsOption } from './tlsClient.js';
import { defaultIcon } from './slackAttachments.js';

export const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';
export const adaptiveCardVersion = '1.4';
export const teamsOutputFormats = ['all', 'text', 'facts'];

/** TextRun colour (an Adaptive Card colour name) for each priority. */
export const teamsColors: Readonly<Record<string, string>> = {
  emergency: 'Attention',
  alert: 'Attention',
  critical: 'Attention',
  error: 'Attention',
  warning: 'Warning',
  notice: 'Good',
  informational: 'Accent',
  debug: 'Default',
};

/** The markdown an Adaptive Card renders: emphasis, links and lists. */
export function adaptiveMarkdownEscape(text: string): string {
  return text.replace(/[\\*_[\]()`~]/g, (c) => `\\${c}`).replace(/^(\s*)([-+]|\d+\.)(\s)/gm, '$1\\$2$3');
}

export function teamsPayload(delivery: Delivery, outputFormat: string, image: string) {
  const { alert, count } = delivery;
  const format = outputFormat.toLowerCase() || 'all';
  const body: unknown[] = [];
  if (image) body.push({ type: 'Image', url: image, size: 'Small', altText: 'Kestrel' });
  body.push({
    type: 'RichTextBlock',
    inlines: [
      {
        type: 'TextRun',
        text: `${alert.priority}: ${alert.rule}`,
        weight: 'Bolder',
        size: 'Medium',
        color: teamsColors[priorityOf(alert)] ?? 'Default',
      },
    ],
  });
  if (format === 'all' || format === 'text')
    body.push({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: alert.output }] });
  if (format === 'all' || format === 'facts') {
    const facts = fieldEntries(alert).map(([k, v]) => ({
      title: adaptiveMarkdownEscape(k),
      value: adaptiveMarkdownEscape(v),
    }));
    facts.push({ title: 'rule', value: adaptiveMarkdownEscape(alert.rule) });
    facts.push({ title: 'priority', value: adaptiveMarkdownEscape(alert.priority) });
    facts.push({ title: 'source', value: adaptiveMarkdownEscape(alert.source) });
    if (alert.hostname) facts.push({ title: 'hostname', value: adaptiveMarkdownEscape(alert.hostname) });
    if (alert.tags.length) facts.push({ title: 'tags', value: adaptiveMarkdownEscape(alert.tags.join(', ')) });
    if (count > 1) facts.push({ title: 'count', value: String(count) });
    facts.push({ title: 'time', value: alert.time });
    body.push({ type: 'FactSet', facts });
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: adaptiveCardContentType,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: adaptiveCardVersion,
          body,
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

export const teamsDestination: DestinationType = {
  type: 'teams',
  options: {
    mutualtls: mutualTlsOption,
    checkcert: checkCertOption,
    webhookurl: { kind: 'string', enables: true, secret: true, doc: 'Teams Workflows webhook URL' },
    activityimage: { kind: 'string', default: defaultIcon, doc: 'Image shown at the top of the card; empty for none' },
    outputformat: { kind: 'string', default: 'all', doc: 'all (output and facts), text, or facts' },
  },
  validate(values) {
    return problems(
      urlProblem('teams', values, 'webhookurl', true),
      urlProblem('teams', values, 'activityimage', false),
      oneOfProblem('teams', values, 'outputformat', teamsOutputFormats),
    );
  },
  create(values, context) {
    const agents = HttpAgents.of('teams', values, context);
    const url = stringOption(values, 'webhookurl');
    const format = stringOption(values, 'outputformat');
    const image = stringOption(values, 'activityimage');
    return {
      name: 'teams',
      maxBatch: 1,
      async close() {
        agents.destroy();
      },
      async send(batch, signal) {
        for (const delivery of batch) {
          await httpSend(
            'teams',
            {
              url,
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify(teamsPayload(delivery, format, image)),
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
