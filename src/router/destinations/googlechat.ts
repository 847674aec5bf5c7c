// Google Chat incoming webhook: a text message (the `messageformat` template, or the output),
// and with outputformat `all` a cardsV2 card whose widgets are the output and the fields. Card
// text is Google Chat's HTML subset, so alert values are HTML-escaped; in a text message `<…>` is
// a link or an @mention (`<users/all>`), which has no escape, so alert values there get the
// full-width angle brackets instead.

import type { Delivery, DestinationType } from './destination.js';
import { fieldEntries, htmlEscape, truncate } from './alertText.js';
import { defaultHttpTimeoutMs, httpSend } from './httpSend.js';
import { compileMessageTemplate, templateProblem, type MessageTemplate } from './messageTemplate.js';
import { oneOfProblem, problems, stringOption, urlProblem } from './optionValues.js';
import { checkCertOption, HttpAgents, mutualTlsOption } from './tlsClient.js';

export const googlechatOutputFormats = ['all', 'text'];
/** Google Chat ignores widgets beyond 100 in a card; text messages are at most 4096 characters. */
export const googlechatLimits = { widgets: 100, text: 4096 };

export function chatTextEscape(text: string): string {
  return text.replace(/</g, '＜').replace(/>/g, '＞');
}

export function googlechatPayload(delivery: Delivery, outputFormat: string, template?: MessageTemplate) {
  const { alert, count } = delivery;
  const format = outputFormat.toLowerCase() || 'all';
  const rendered = template ? template.render(alert, chatTextEscape) : '';
  if (format === 'text') return { text: truncate(rendered || chatTextEscape(alert.output), googlechatLimits.text) };
  const labelled: [string, string][] = [
    ...fieldEntries(alert),
    ['rule', alert.rule],
    ['priority', alert.priority],
    ['source', alert.source],
    ...(alert.hostname ? ([['hostname', alert.hostname]] as [string, string][]) : []),
    ...(alert.tags.length ? ([['tags', alert.tags.join(', ')]] as [string, string][]) : []),
    ...(count > 1 ? ([['count', String(count)]] as [string, string][]) : []),
    ['time', alert.time],
  ];
  const widgets: unknown[] = [{ textParagraph: { text: htmlEscape(alert.output) } }];
  // Keep the alert's own lines (the tail) when there are too many output fields.
  const room = googlechatLimits.widgets - 1;
  const kept = labelled.length <= room ? labelled : [...labelled.slice(0, room - 7), ...labelled.slice(-7)];
  for (const [label, value] of kept)
    widgets.push({ decoratedText: { topLabel: htmlEscape(label), text: htmlEscape(value) } });
  const payload: { text?: string; cardsV2: unknown[] } = {
    cardsV2: [
      {
        cardId: `alert-${alert.uuid}`,
        card: { header: { title: alert.rule, subtitle: alert.priority }, sections: [{ widgets }] },
      },
    ],
  };
  if (rendered) payload.text = truncate(rendered, googlechatLimits.text);
  return payload;
}

export const googlechatDestination: DestinationType = {
  type: 'googlechat',
  options: {
    mutualtls: mutualTlsOption,
    checkcert: checkCertOption,
    webhookurl: { kind: 'string', enables: true, secret: true, doc: 'Google Chat space webhook URL' },
    outputformat: { kind: 'string', default: 'all', doc: 'all (text and a card) or text' },
    messageformat: { kind: 'string', default: '', doc: 'Go-template text of the message' },
  },
  validate(values) {
    return problems(
      urlProblem('googlechat', values, 'webhookurl', true),
      oneOfProblem('googlechat', values, 'outputformat', googlechatOutputFormats),
      templateProblem('googlechat', 'messageformat', stringOption(values, 'messageformat')),
    );
  },
  create(values, context) {
    const agents = HttpAgents.of('googlechat', values, context);
    const url = stringOption(values, 'webhookurl');
    const format = stringOption(values, 'outputformat');
    const source = stringOption(values, 'messageformat');
    const template = source ? compileMessageTemplate(source, 'googlechat.messageformat') : undefined;
    return {
      name: 'googlechat',
      maxBatch: 1,
      async close() {
        agents.destroy();
      },
      async send(batch, signal) {
        for (const delivery of batch) {
          await httpSend(
            'googlechat',
            {
              url,
              headers: { 'Content-Type': 'application/json; charset=UTF-8' },
              body: JSON.stringify(googlechatPayload(delivery, format, template)),
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
