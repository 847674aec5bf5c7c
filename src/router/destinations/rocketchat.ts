// Rocket.Chat incoming webhook: Slack's payload without a footer, markdown-escaped.

import { markdownEscape } from './alertText.js';
import { slackCompatibleType } from './slackCompatible.js';

export const rocketchatDestination = slackCompatibleType({
  type: 'rocketchat',
  title: 'Rocket.Chat',
  escape: markdownEscape,
  hasFooter: false,
  hasChannel: false,
});
