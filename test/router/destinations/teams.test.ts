import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { teamsDestination } from '../../../src/router/destinations/teams.js';
import {
  isObject,
  jsonBody,
  Problems,
  startApiReceiver,
  type ApiReceiver,
  type ReceivedRequest,
} from './apiReceiver.js';
import { assertFailureMapping, assertRefusedIsRetryable, closedUrl } from './deliveryErrors.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';

// A Workflows webhook URL: a Power Automate trigger with its signature in the query.
const hookPath =
  '/workflows/8a1f/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3t';

const colours = ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'];
const elementTypes = ['TextBlock', 'RichTextBlock', 'FactSet', 'Image', 'ColumnSet', 'Container'];

/** What the Workflows "post card" step accepts: a `message` whose one attachment is an Adaptive Card (≤ 1.5 in Teams). */
function checkWorkflowsCard(request: Omit<ReceivedRequest, 'problems'>): string[] {
  const p = new Problems();
  p.add(request.method === 'POST', `method ${request.method}, want POST`);
  p.add(request.url === hookPath, `path ${request.url}`);
  p.add(/^application\/json\b/.test(request.headers['content-type'] ?? ''), 'Content-Type must be application/json');
  const { value: body, problem } = jsonBody(request);
  if (!body) return [...p.list, problem ?? 'no body'];
  p.add(body.type === 'message', 'type must be "message"');
  if (!Array.isArray(body.attachments) || body.attachments.length !== 1)
    return [...p.list, 'attachments must hold one card'];
  const att = body.attachments[0] as Record<string, unknown>;
  p.add(att.contentType === 'application/vnd.microsoft.card.adaptive', `contentType ${String(att.contentType)}`);
  p.add(att.contentUrl === null || att.contentUrl === undefined, 'contentUrl must be null');
  const card = att.content;
  if (!isObject(card)) return [...p.list, 'content must be an object'];
  p.add(card.type === 'AdaptiveCard', 'content.type must be AdaptiveCard');
  p.add(
    typeof card.version === 'string' && /^1\.[0-5]$/.test(card.version),
    `content.version ${String(card.version)} is not 1.0–1.5`,
  );
  if (!Array.isArray(card.body) || card.body.length === 0) return [...p.list, 'content.body must be a non-empty array'];
  card.body.forEach((el: unknown, i: number) => {
    const at = `body[${i}]`;
    if (!isObject(el)) return p.add(false, `${at} must be an object`);
    p.add(elementTypes.includes(String(el.type)), `${at}.type ${String(el.type)} is not an element`);
    if (el.type === 'TextBlock') p.string(el.text, `${at}.text`);
    if (el.type === 'Image') p.string(el.url, `${at}.url`, { nonEmpty: true });
    if (el.type === 'RichTextBlock') {
      if (!Array.isArray(el.inlines)) return p.add(false, `${at}.inlines must be an array`);
      el.inlines.forEach((run: unknown, j: number) => {
        if (!isObject(run)) return p.add(false, `${at}.inlines[${j}] must be an object`);
        p.add(run.type === 'TextRun', `${at}.inlines[${j}].type must be TextRun`);
        p.string(run.text, `${at}.inlines[${j}].text`);
        if (run.color !== undefined)
          p.add(colours.includes(String(run.color)), `${at}.inlines[${j}].color ${String(run.color)}`);
      });
    }
    if (el.type === 'FactSet') {
      if (!Array.isArray(el.facts)) return p.add(false, `${at}.facts must be an array`);
      el.facts.forEach((f: unknown, j: number) => {
        if (!isObject(f)) return p.add(false, `${at}.facts[${j}] must be an object`);
        p.string(f.title, `${at}.facts[${j}].title`);
        p.string(f.value, `${at}.facts[${j}].value`);
      });
    }
  });
  return p.list;
}

interface Card {
  version: string;
  body: {
    type: string;
    inlines?: { text: string; color?: string }[];
    facts?: { title: string; value: string }[];
    url?: string;
  }[];
}

function card(request: ReceivedRequest): Card {
  return (JSON.parse(request.body) as { attachments: { content: Card }[] }).attachments[0].content;
}

describe('teams destination against a Workflows webhook receiver', () => {
  let receiver: ApiReceiver;
  before(async () => {
    // The Workflows trigger answers 202 Accepted with an empty body.
    receiver = await startApiReceiver(checkWorkflowsCard, () => ({ status: 202, body: '' }));
  });
  after(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  test('outputformat all: an Adaptive Card with a coloured title, the output as plain text and a FactSet', async () => {
    const dest = teamsDestination.create(
      { webhookurl: receiver.url + hookPath, outputformat: 'all', activityimage: 'https://img.example/k.png' },
      context,
    );
    await dest.send([delivery(sampleAlert(), 2)], signal());
    assert.deepEqual(receiver.problems(), []);
    const c = card(receiver.requests[0]);
    assert.equal(c.version, '1.4');
    assert.deepEqual(
      c.body.map((e) => e.type),
      ['Image', 'RichTextBlock', 'RichTextBlock', 'FactSet'],
    );
    assert.equal(c.body[0].url, 'https://img.example/k.png');
    assert.deepEqual(c.body[1].inlines?.[0], {
      type: 'TextRun',
      text: 'Critical: Terminal shell in container',
      weight: 'Bolder',
      size: 'Medium',
      color: 'Attention',
    });
    // TextRuns are never parsed as markdown, so the output goes verbatim.
    assert.equal(c.body[2].inlines?.[0].text, sampleAlert().output);
    assert.deepEqual(c.body[3].facts, [
      { title: 'proc.aname\\[2\\]', value: 'containerd-shim' },
      { title: 'proc.cmdline', value: 'bash -c "echo <b>pwned</b> & x=1"' },
      { title: 'proc.pid', value: '4242' },
      { title: 'user.name', value: 'root' },
      { title: 'rule', value: 'Terminal shell in container' },
      { title: 'priority', value: 'Critical' },
      { title: 'source', value: 'syscall' },
      { title: 'hostname', value: 'node-1' },
      { title: 'tags', value: 'shell, container, mitre\\_execution' },
      { title: 'count', value: '2' },
      { title: 'time', value: '2026-12-01T10:20:30.123456789Z' },
    ]);
  });

  test('facts values cannot carry markdown links or emphasis', async () => {
    const dest = teamsDestination.create(
      { webhookurl: receiver.url + hookPath, outputformat: 'facts', activityimage: '' },
      context,
    );
    await dest.send(
      [delivery(sampleAlert({ output_fields: { 'user.name': '[login](https://evil.example) **now**\n- item' } }))],
      signal(),
    );
    assert.deepEqual(receiver.problems(), []);
    const c = card(receiver.requests[0]);
    assert.deepEqual(
      c.body.map((e) => e.type),
      ['RichTextBlock', 'FactSet'],
    );
    assert.equal(c.body[1].facts?.[0].value, '\\[login\\]\\(https://evil.example\\) \\*\\*now\\*\\*\n\\- item');
  });

  test('outputformat text has no FactSet; colours follow the priority', async () => {
    const dest = teamsDestination.create(
      { webhookurl: receiver.url + hookPath, outputformat: 'text', activityimage: '' },
      context,
    );
    for (const priority of ['Emergency', 'Warning', 'Notice', 'Informational', 'Debug'])
      await dest.send([delivery(sampleAlert({ priority }))], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.ok(receiver.requests.every((r) => !card(r).body.some((e) => e.type === 'FactSet')));
    assert.deepEqual(
      receiver.requests.map((r) => card(r).body[0].inlines?.[0].color),
      ['Attention', 'Warning', 'Good', 'Accent', 'Default'],
    );
  });

  test('429/5xx retryable, 400/401/404 not, refused retryable', async () => {
    const dest = teamsDestination.create({ webhookurl: receiver.url + hookPath, outputformat: 'all' }, context);
    await assertFailureMapping(receiver, () => dest.send([delivery()], signal()), {
      retryable: [{ status: 429, headers: { 'Retry-After': '2' } }, { status: 500 }, { status: 504 }],
      permanent: [
        { status: 400, body: '{"error":{"code":"InvalidRequestContent"}}' },
        { status: 401 },
        { status: 404 },
      ],
    });
    const down = teamsDestination.create({ webhookurl: await closedUrl(hookPath), outputformat: 'all' }, context);
    await assertRefusedIsRetryable(() => down.send([delivery()], signal()));
  });
});

describe('teams options', () => {
  test('bad options are named', () => {
    const ok = {
      webhookurl: 'https://prod-00.westeurope.logic.azure.com/workflows/x',
      outputformat: 'all',
      activityimage: '',
    };
    assert.deepEqual(teamsDestination.validate?.(ok), []);
    assert.deepEqual(teamsDestination.validate?.({ ...ok, webhookurl: '' }), ['teams.webhookurl: is required']);
    assert.deepEqual(teamsDestination.validate?.({ ...ok, outputformat: 'fields' }), [
      'teams.outputformat: "fields" is not one of all, text, facts',
    ]);
    assert.deepEqual(teamsDestination.validate?.({ ...ok, activityimage: 'x' }), [
      'teams.activityimage: "x" is not a URL',
    ]);
  });
});
