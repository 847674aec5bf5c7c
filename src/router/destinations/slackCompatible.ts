// A destination type for a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat):
// the same options and payload, differing in name, footer and the markup escaping of each chat.

import type { Delivery, Destination, DestinationType, OptionSpec } from './destination.js';
import { defaultHttpTimeoutMs, httpSend } from './httpSend.js';
import { compileMessageTemplate, templateProblem } from './messageTemplate.js';
import { oneOfProblem, problems, stringOption, urlProblem } from './optionValues.js';
import { checkCertOption, HttpAgents, mutualTlsOption } from './tlsClient.js';
import { defaultFooter, defaultIcon, outputFormats, slackPayload, type SlackLayout } from './slackAttachments.js';

export interface SlackCompatibleSpec {
  readonly type: string;
  readonly title: string;
  readonly escape: (text: string) => string;
  readonly hasFooter: boolean;
  readonly hasChannel: boolean;
}

export function slackCompatibleType(spec: SlackCompatibleSpec): DestinationType {
  const { type, title } = spec;
  const options: Record<string, OptionSpec> = {
    webhookurl: { kind: 'string', enables: true, secret: true, doc: `${title} incoming webhook URL` },
    icon: { kind: 'string', default: defaultIcon, doc: 'Avatar URL of the message' },
    username: { kind: 'string', default: 'Falcosidekick', doc: 'Name the message is posted as' },
    outputformat: { kind: 'string', default: 'all', doc: 'all (output text and fields), text, or fields' },
    messageformat: {
      kind: 'string',
      default: '',
      doc: 'Go-template text above the attachment, e.g. `Rule {{ .Rule }} by {{ index .OutputFields "user.name" }}`',
    },
  };
  if (spec.hasFooter) options.footer = { kind: 'string', default: defaultFooter, doc: 'Attachment footer' };
  options.mutualtls = mutualTlsOption;
  options.checkcert = checkCertOption;
  if (spec.hasChannel) options.channel = { kind: 'string', default: '', doc: 'Channel that overrides the webhook’s' };

  return {
    type,
    options,
    validate(values) {
      return problems(
        urlProblem(type, values, 'webhookurl', true),
        urlProblem(type, values, 'icon', false),
        oneOfProblem(type, values, 'outputformat', outputFormats),
        templateProblem(type, 'messageformat', stringOption(values, 'messageformat')),
      );
    },
    create(values, context): Destination {
      const agents = HttpAgents.of(type, values, context);
      const url = stringOption(values, 'webhookurl');
      const source = stringOption(values, 'messageformat');
      const layout: SlackLayout = {
        outputFormat: stringOption(values, 'outputformat') || 'all',
        template: source ? compileMessageTemplate(source, `${type}.messageformat`) : undefined,
        username: stringOption(values, 'username'),
        icon: stringOption(values, 'icon'),
        channel: spec.hasChannel ? stringOption(values, 'channel') : '',
        footer: spec.hasFooter ? stringOption(values, 'footer') : '',
        escape: spec.escape,
      };
      return {
        name: type,
        maxBatch: 1,
        async close() {
          agents.destroy();
        },
        async send(batch: readonly Delivery[], signal: AbortSignal) {
          for (const delivery of batch) {
            await httpSend(
              type,
              {
                url,
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify(slackPayload(delivery, layout)),
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
}
