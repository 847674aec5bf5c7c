// Every destination type the router has; each line imports one destination file.

import type { DestinationType } from './destination.js';
import { fileDestination } from './file.js';
import { webhookDestination } from './webhook.js';
import { slackDestination } from './slack.js';
import { teamsDestination } from './teams.js';
import { discordDestination } from './discord.js';
import { googlechatDestination } from './googlechat.js';
import { mattermostDestination } from './mattermost.js';
import { rocketchatDestination } from './rocketchat.js';
import { pagerdutyDestination } from './pagerduty.js';
import { opsgenieDestination } from './opsgenie.js';
import { lokiDestination } from './loki.js';
import { elasticsearchDestination } from './elasticsearch.js';
import { kafkaDestination } from './kafka.js';
import { alertmanagerDestination } from './alertmanager.js';
import { natsDestination } from './nats.js';
import { mqttDestination } from './mqtt.js';
import { syslogDestination } from './syslog.js';
import { smtpDestination } from './smtp.js';
import { uiDestination } from './ui.js';

// one entry per line, so each destination is a one-line change
// prettier-ignore
export const DESTINATION_TYPES: readonly DestinationType[] = [
  webhookDestination,
  fileDestination,
  slackDestination,
  teamsDestination,
  discordDestination,
  googlechatDestination,
  mattermostDestination,
  rocketchatDestination,
  pagerdutyDestination,
  opsgenieDestination,
  lokiDestination,
  elasticsearchDestination,
  kafkaDestination,
  alertmanagerDestination,
  natsDestination,
  mqttDestination,
  syslogDestination,
  smtpDestination,
  uiDestination,
];
