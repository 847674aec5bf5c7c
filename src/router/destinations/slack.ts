// Slack incoming webhook, with Falcosidekick's attachment layout (slackAttachments.ts).

import { slackEscape } from './alertText.js';
import { slackCompatibleType } from './slackCompatible.js';

export const slackDestination = slackCompatibleType({
  type: 'slack',
  title: 'Slack',
  escape: slackEscape,
  hasFooter: true,
  hasChannel: true,
});
