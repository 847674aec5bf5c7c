import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { discordDestination } from '../../../src/router/destinations/discord.js';
import {
  isObject,
  jsonBody,
  Problems,
  startApiReceiver,
  type ApiReceiver,
  type ReceivedRequest,
} from './apiReceiver.js';
import { assertFailureMapping } from './deliveryErrors.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

const hookPath = '/api/webhooks/112233445566778899/abcDEF-token_value';

/** Discord's execute-webhook body rules: content ≤ 2000, ≤ 10 embeds, embed limits, integer colour. */
function checkDiscordWebhook(request: Omit<ReceivedRequest, 'problems'>): string[] {
  const p = new Problems();
  p.add(request.method === 'POST', `method ${request.method}`);
  p.add(request.url === hookPath, `path ${request.url}`);
  p.add(/^application\/json\b/.test(request.headers['content-type'] ?? ''), 'Content-Type must be application/json');
  const { value: body, problem } = jsonBody(request);
  if (!body) return [...p.list, problem ?? 'no body'];
  if (body.content !== undefined) p.string(body.content, 'content', { max: 2000 });
  if (body.avatar_url !== undefined) p.string(body.avatar_url, 'avatar_url');
  p.add(!!(body.content || (Array.isArray(body.embeds) && body.embeds.length)), 'needs content or embeds');
  if (body.allowed_mentions !== undefined)
    p.add(
      isObject(body.allowed_mentions) && Array.isArray(body.allowed_mentions.parse),
      'allowed_mentions.parse must be an array',
    );
  if (!Array.isArray(body.embeds)) return p.list;
  p.add(body.embeds.length <= 10, 'more than 10 embeds');
  body.embeds.forEach((e: unknown, i: number) => {
    const at = `embeds[${i}]`;
    if (!isObject(e)) return p.add(false, `${at} must be an object`);
    let total = 0;
    if (e.title !== undefined && p.string(e.title, `${at}.title`, { max: 256 })) total += [...e.title].length;
    if (e.description !== undefined && p.string(e.description, `${at}.description`, { max: 4096 }))
      total += [...e.description].length;
    if (e.color !== undefined)
      p.add(
        Number.isInteger(e.color) && (e.color as number) >= 0 && (e.color as number) <= 0xffffff,
        `${at}.color must be an integer RGB`,
      );
    if (e.fields !== undefined) {
      if (!Array.isArray(e.fields)) return p.add(false, `${at}.fields must be an array`);
      p.add(e.fields.length <= 25, `${at} has more than 25 fields`);
      e.fields.forEach((f: unknown, j: number) => {
        if (!isObject(f)) return p.add(false, `${at}.fields[${j}] must be an object`);
        if (p.string(f.name, `${at}.fields[${j}].name`, { max: 256, nonEmpty: true })) total += [...f.name].length;
        if (p.string(f.value, `${at}.fields[${j}].value`, { max: 1024, nonEmpty: true })) total += [...f.value].length;
        if (f.inline !== undefined) p.add(typeof f.inline === 'boolean', `${at}.fields[${j}].inline must be a boolean`);
      });
    }
    p.add(total <= 6000, `${at} has ${total} characters, over 6000`);
  });
  return p.list;
}

interface Embed {
  description: string;
  color: number;
  fields: { name: string; value: string; inline: boolean }[];
}

function body(r: ReceivedRequest) {
  return JSON.parse(r.body) as {
    content: string;
    avatar_url: string;
    embeds: Embed[];
    allowed_mentions: { parse: string[] };
  };
}

describe('discord destination against a Discord webhook receiver', () => {
  let receiver: ApiReceiver;
  before(async () => {
    // Without ?wait=true Discord answers 204 No Content.
    receiver = await startApiReceiver(checkDiscordWebhook, () => ({ status: 204 }));
  });
  after(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  test('one embed coloured by priority, fields inline, mentions off, markdown escaped', async () => {
    const dest = discordDestination.create(
      { webhookurl: receiver.url + hookPath, icon: 'https://img.example/k.png' },
      context,
    );
    await dest.send(
      [delivery(sampleAlert({ output: 'ping @everyone see [x](https://evil.example) **now**' }))],
      signal(),
    );
    assert.deepEqual(receiver.problems(), []);
    const b = body(receiver.requests[0]);
    assert.equal(b.avatar_url, 'https://img.example/k.png');
    assert.deepEqual(b.allowed_mentions, { parse: [] });
    const [e] = b.embeds;
    assert.equal(e.color, 15105570);
    assert.equal(e.description, 'ping \\@everyone see \\[x\\]\\(https\\://evil\\.example\\) \\*\\*now\\*\\*');
    assert.deepEqual(
      e.fields.map((f) => f.name),
      ['proc\\.aname\\[2\\]', 'proc\\.cmdline', 'proc\\.pid', 'user\\.name', 'rule', 'priority', 'time'],
    );
    assert.ok(e.fields.every((f) => f.inline));
  });

  test('an alert with hundreds of long fields stays inside Discord’s limits and keeps rule, priority, time', async () => {
    const fields: Record<string, string> = {};
    for (let i = 0; i < 300; i++) fields[`k8s.pod.label.l${String(i).padStart(3, '0')}`] = 'v'.repeat(2000);
    const dest = discordDestination.create({ webhookurl: receiver.url + hookPath, icon: '' }, context);
    await dest.send([delivery(sampleAlert({ output: 'o'.repeat(5000), output_fields: fields }), 4)], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.equal(body(receiver.requests[0]).avatar_url, undefined);
    const names = body(receiver.requests[0]).embeds[0].fields.map((f) => f.name);
    assert.deepEqual(names.slice(-4), ['rule', 'priority', 'count', 'time']);
  });

  test('429 (with retry_after) and 5xx retryable, 400/401/404 not', async () => {
    const dest = discordDestination.create({ webhookurl: receiver.url + hookPath }, context);
    await assertFailureMapping(receiver, () => dest.send([delivery()], signal()), {
      retryable: [
        { status: 429, body: '{"message":"You are being rate limited.","retry_after":0.5,"global":false}' },
        { status: 502 },
      ],
      permanent: [
        { status: 400, body: '{"code":50035,"message":"Invalid Form Body"}' },
        { status: 401, body: '{"code":50027,"message":"Invalid Webhook Token"}' },
        { status: 404, body: '{"code":10015,"message":"Unknown Webhook"}' },
      ],
    });
  });

  test('bad options are named', () => {
    assert.deepEqual(
      discordDestination.validate?.({ webhookurl: 'https://discord.com/api/webhooks/1/t', icon: '' }),
      [],
    );
    assert.deepEqual(discordDestination.validate?.({ webhookurl: '' }), ['discord.webhookurl: is required']);
    assert.deepEqual(
      discordDestination.validate?.({ webhookurl: 'https://discord.com/api/webhooks/1/t', icon: 'nope' }),
      ['discord.icon: "nope" is not a URL'],
    );
  });
});
