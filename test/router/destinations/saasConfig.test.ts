// The SaaS destinations through the router's configuration: Falcosidekick's env var names enable
// them with the defaults of their options, and a bad value is refused with the option named.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadRouterConfig } from '../../../src/router/config/loadConfig.js';
import { DESTINATION_TYPES } from '../../../src/router/destinations/index.js';

const load = (env: Record<string, string>) => loadRouterConfig({ env, destinationTypes: DESTINATION_TYPES });

const enabling: Record<string, Record<string, string>> = {
  slack: { SLACK_WEBHOOKURL: 'https://hooks.slack.com/services/T/B/X' },
  mattermost: { MATTERMOST_WEBHOOKURL: 'https://mm.example/hooks/x' },
  rocketchat: { ROCKETCHAT_WEBHOOKURL: 'https://rc.example/hooks/x/y' },
  teams: { TEAMS_WEBHOOKURL: 'https://prod-01.westeurope.logic.azure.com/workflows/x' },
  discord: { DISCORD_WEBHOOKURL: 'https://discord.com/api/webhooks/1/t' },
  googlechat: { GOOGLECHAT_WEBHOOKURL: 'https://chat.googleapis.com/v1/spaces/A/messages?key=k&token=t' },
  pagerduty: { PAGERDUTY_ROUTINGKEY: 'R0123456789abcdefABCDEF012345678' },
  opsgenie: { OPSGENIE_APIKEY: 'k' },
  loki: { LOKI_HOSTPORT: 'http://loki:3100' },
  elasticsearch: { ELASTICSEARCH_HOSTPORT: 'http://es:9200' },
  kafka: { KAFKA_HOSTPORT: 'kafka-0:9092,kafka-1', KAFKA_TOPIC: 'falco' },
};

describe('SaaS destinations from Falcosidekick’s environment variables', () => {
  for (const [type, env] of Object.entries(enabling))
    test(`${type} is enabled by its env vars, with its defaults valid`, () => {
      const config = load(env);
      assert.deepEqual(
        config.destinations.map((d) => d.type.type),
        [type],
      );
    });

  test('defaults and lists arrive as the destination reads them', () => {
    const [kafka] = load(enabling.kafka).destinations;
    assert.deepEqual(kafka.options.hostport, ['kafka-0:9092', 'kafka-1']);
    assert.equal(kafka.options.requiredacks, 'ALL');
    assert.equal(load({ ...enabling.kafka, KAFKA_COMPRESSION: 'lz4' }).destinations[0].options.compression, 'lz4');
    assert.equal(load({ ...enabling.kafka, KAFKA_COMPRESSION: 'ZSTD' }).destinations[0].options.compression, 'ZSTD');
    const [slack] = load({ ...enabling.slack, SLACK_OUTPUTFORMAT: 'text' }).destinations;
    assert.equal(slack.options.outputformat, 'text');
    assert.equal(slack.options.username, 'Falcosidekick');
  });

  test('a bad value is refused naming the option', () => {
    for (const [env, want] of [
      [
        { ...enabling.slack, SLACK_OUTPUTFORMAT: 'compact' },
        /slack\.outputformat: "compact" is not one of all, text, fields/,
      ],
      [
        { ...enabling.slack, SLACK_MESSAGEFORMAT: '{{ if .Rule }}x{{ end }}{{ end }}' },
        /slack\.messageformat: 1:28: unexpected \{\{end\}\}/,
      ],
      [{ PAGERDUTY_ROUTINGKEY: 'abc' }, /pagerduty\.routingkey: must be the 32-character integration key/],
      [{ ...enabling.loki, LOKI_FORMAT: 'xml' }, /loki\.format: "xml" is not one of text, json/],
      [{ ...enabling.elasticsearch, ELASTICSEARCH_SUFFIX: 'weekly' }, /elasticsearch\.suffix: "weekly"/],
      [{ KAFKA_HOSTPORT: 'kafka:9092' }, /kafka\.topic: is required/],
      [
        { ...enabling.kafka, KAFKA_COMPRESSION: 'brotli' },
        /kafka\.compression: "brotli" is not one of none, gzip, snappy, lz4, zstd/,
      ],
    ] as const)
      assert.throws(
        () => load(env),
        (err: Error) => want.test(err.message),
        JSON.stringify(env),
      );
  });
});
