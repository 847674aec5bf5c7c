// Mattermost incoming webhook: Slack's payload; Mattermost renders markdown, so alert text is
// markdown-escaped instead of Slack-escaped.

import { markdownEscape } from './alertText.js';
import { slackCompatibleType } from './slackCompatible.js';

export const mattermostDestination = slackCompatibleType({
  type: 'mattermost',
  title: 'Mattermost',
  escape: markdownEscape,
  hasFooter: true,
  hasChannel: false,
});
