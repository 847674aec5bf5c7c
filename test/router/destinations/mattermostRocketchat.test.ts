import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { mattermostDestination } from '../../../src/router/destinations/mattermost.js';
import { rocketchatDestination } from '../../../src/router/destinations/rocketchat.js';
import { startApiReceiver, type ApiReceiver } from './apiReceiver.js';
import { assertFailureMapping } from './deliveryErrors.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';
import { checkSlackWebhook } from './slackSchema.js';

// Mattermost answers an incoming webhook with 200 "ok"; Rocket.Chat with {"success":true}.
const mattermostPath = '/hooks/xkz8dyaq1pd3mfrh5kbc3so8qr';
const rocketchatPath = '/hooks/6FRbY9FcKKThC6vy3/Cm5Bo8sVwMQPnqbtaMKyCmkmqTrxEbagA2xuR7RSGSB6v4Xq';

interface Attachment {
  text?: string;
  color: string;
  footer?: string;
  fields?: { title: string; value: string }[];
}

/** Markdown the chats would render from alert text: links, images, emphasis, mentions, code. */
function renderableMarkup(text: string): RegExp[] {
  return [/(?<!\\)\[[^\]]*(?<!\\)\]\(/, /(?<!\\)@(channel|all|here)/, /(?<!\\)<[a-z]/i].filter((re) => re.test(text));
}

for (const [dest, path, success, footer] of [
  [mattermostDestination, mattermostPath, { status: 200, body: 'ok', contentType: 'text/plain' }, true],
  [rocketchatDestination, rocketchatPath, { status: 200, body: '{"success":true}' }, false],
] as const) {
  describe(`${dest.type} destination against its Slack-compatible webhook receiver`, () => {
    let receiver: ApiReceiver;
    before(async () => {
      receiver = await startApiReceiver(
        (r) => checkSlackWebhook(r, path, { slackMarkup: false }),
        () => success,
      );
    });
    after(async () => {
      await receiver?.close();
    });
    beforeEach(() => {
      receiver.requests.length = 0;
    });

    test('Falcosidekick’s attachment layout with markdown-escaped alert text', async () => {
      const d = dest.create(
        {
          webhookurl: receiver.url + path,
          outputformat: 'all',
          username: 'Falcosidekick',
          icon: 'https://img.example/i.png',
          footer: 'kestrel',
          messageformat: 'Rule **{{ .Rule }}**',
        },
        context,
      );
      const hostile = sampleAlert({
        output: 'evil ![x](https://track.example/p.png) [click](https://evil.example) @channel <script>',
        output_fields: { 'user.name': '@all', 'proc.name': '**bold**' },
      });
      await d.send([delivery(hostile)], signal());
      assert.deepEqual(receiver.problems(), []);
      const body = JSON.parse(receiver.requests[0].body) as {
        text: string;
        username: string;
        icon_url: string;
        attachments: Attachment[];
      };
      assert.equal(body.text, 'Rule **Terminal shell in container**');
      assert.equal(body.username, 'Falcosidekick');
      assert.equal(body.icon_url, 'https://img.example/i.png');
      const [a] = body.attachments;
      assert.equal(a.color, '#ff9000');
      assert.equal(a.footer, footer ? 'kestrel' : undefined);
      assert.deepEqual(
        a.fields?.map((f) => f.title),
        ['proc\\.name', 'user\\.name', 'rule', 'priority', 'time'],
      );
      for (const text of [a.text ?? '', ...(a.fields ?? []).map((f) => f.value)])
        assert.deepEqual(renderableMarkup(text), [], text);
      assert.equal(a.fields?.[0].value, '\\*\\*bold\\*\\*');
    });

    test('429/5xx retryable, 400/404 not', async () => {
      const d = dest.create({ webhookurl: receiver.url + path, outputformat: 'all' }, context);
      await assertFailureMapping(receiver, () => d.send([delivery()], signal()), {
        retryable: [{ status: 429 }, { status: 502 }],
        permanent: [{ status: 400, body: '{"id":"web.incoming_webhook.parse.app_error"}' }, { status: 404 }],
      });
    });

    test('bad options are named', () => {
      const t = dest.type;
      assert.deepEqual(dest.validate?.({ webhookurl: 'http://x/hooks/y', outputformat: 'all' }), []);
      assert.deepEqual(dest.validate?.({ webhookurl: '', outputformat: 'all' }), [`${t}.webhookurl: is required`]);
      assert.deepEqual(dest.validate?.({ webhookurl: 'http://x/hooks/y', outputformat: 'short' }), [
        `${t}.outputformat: "short" is not one of all, text, fields`,
      ]);
      assert.match(
        dest.validate?.({
          webhookurl: 'http://x/hooks/y',
          outputformat: 'all',
          messageformat: '{{ printf "%s" .Rule | upper }}',
        })?.[0] ?? '',
        new RegExp(`^${t}\\.messageformat: 1:24: function "upper" not defined`),
      );
    });
  });
}
