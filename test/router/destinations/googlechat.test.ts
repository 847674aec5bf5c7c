import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { googlechatDestination } from '../../../src/router/destinations/googlechat.js';
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

const hookPath = '/v1/spaces/AAAAx1y2z3/messages?key=AIzaSy-key&token=tok3n';

/** spaces.messages.create as a webhook takes: text and/or cardsV2 [{cardId, card: {sections: [{widgets}]}}], ≤ 100 widgets a card. */
function checkChatMessage(request: Omit<ReceivedRequest, 'problems'>): string[] {
  const p = new Problems();
  p.add(request.method === 'POST', `method ${request.method}`);
  p.add(request.url === hookPath, `path ${request.url}`);
  p.add(/^application\/json\b/.test(request.headers['content-type'] ?? ''), 'Content-Type must be application/json');
  const { value: body, problem } = jsonBody(request);
  if (!body) return [...p.list, problem ?? 'no body'];
  p.add(body.text !== undefined || body.cardsV2 !== undefined, 'needs text or cardsV2');
  p.add(body.cards === undefined, 'cards (v1) is deprecated: use cardsV2');
  if (body.text !== undefined && p.string(body.text, 'text', { max: 4096 }))
    p.add(!/<users\/|<https?:/.test(body.text), 'text holds a mention or link made of alert text');
  if (body.cardsV2 === undefined) return p.list;
  if (!Array.isArray(body.cardsV2)) return [...p.list, 'cardsV2 must be an array'];
  body.cardsV2.forEach((c: unknown, i: number) => {
    const at = `cardsV2[${i}]`;
    if (!isObject(c) || !isObject(c.card)) return p.add(false, `${at}.card must be an object`);
    p.string(c.cardId, `${at}.cardId`, { nonEmpty: true });
    if (!Array.isArray(c.card.sections)) return p.add(false, `${at}.card.sections must be an array`);
    let widgets = 0;
    c.card.sections.forEach((s: unknown, j: number) => {
      if (!isObject(s) || !Array.isArray(s.widgets))
        return p.add(false, `${at}.card.sections[${j}].widgets must be an array`);
      widgets += s.widgets.length;
      s.widgets.forEach((w: unknown, k: number) => {
        const wt = `${at}.card.sections[${j}].widgets[${k}]`;
        if (!isObject(w)) return p.add(false, `${wt} must be an object`);
        const kinds = Object.keys(w);
        p.add(
          kinds.length === 1 && ['textParagraph', 'decoratedText'].includes(kinds[0]),
          `${wt} must be one widget kind`,
        );
        const inner = w[kinds[0]];
        if (!isObject(inner)) return p.add(false, `${wt} must be an object`);
        if (p.string(inner.text, `${wt}.text`))
          p.add(!/[<>]|&(?!amp;|lt;|gt;|quot;|#39;)/.test(inner.text), `${wt}.text has HTML from the alert`);
        if (inner.topLabel !== undefined) p.string(inner.topLabel, `${wt}.topLabel`);
      });
    });
    p.add(widgets <= 100, `${at} has ${widgets} widgets, over 100`);
  });
  return p.list;
}

interface Message {
  text?: string;
  cardsV2?: {
    cardId: string;
    card: {
      header: { title: string; subtitle: string };
      sections: { widgets: Record<string, { text: string; topLabel?: string }>[] }[];
    };
  }[];
}

describe('googlechat destination against a Google Chat webhook receiver', () => {
  let receiver: ApiReceiver;
  before(async () => {
    receiver = await startApiReceiver(checkChatMessage, () => ({
      status: 200,
      body: '{"name":"spaces/AAAAx1y2z3/messages/abc.abc"}',
    }));
  });
  after(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  test('outputformat all: template text and a cardsV2 card with HTML-escaped widgets', async () => {
    const dest = googlechatDestination.create(
      {
        webhookurl: receiver.url + hookPath,
        outputformat: 'all',
        messageformat: '*{{ .Rule }}* by {{ index .OutputFields "user.name" }}',
      },
      context,
    );
    await dest.send(
      [delivery(sampleAlert({ output_fields: { 'user.name': '<users/all>', 'proc.cmdline': 'a<b>&c' } }))],
      signal(),
    );
    assert.deepEqual(receiver.problems(), []);
    const m = JSON.parse(receiver.requests[0].body) as Message;
    assert.equal(m.text, '*Terminal shell in container* by ＜users/all＞');
    const [c] = m.cardsV2 ?? [];
    assert.equal(c.cardId, 'alert-7f1c8a52-3b9e-4d27-9a61-0c5e2f7b8d14');
    assert.deepEqual(c.card.header, { title: 'Terminal shell in container', subtitle: 'Critical' });
    const widgets = c.card.sections[0].widgets;
    assert.deepEqual(widgets[0], {
      textParagraph: {
        text: 'A shell was spawned in a container (user=root cmdline=bash -c &quot;echo &lt;b&gt;pwned&lt;/b&gt; &amp; x=1&quot;)',
      },
    });
    assert.deepEqual(
      widgets.slice(1).map((w) => [w.decoratedText.topLabel, w.decoratedText.text]),
      [
        ['proc.cmdline', 'a&lt;b&gt;&amp;c'],
        ['user.name', '&lt;users/all&gt;'],
        ['rule', 'Terminal shell in container'],
        ['priority', 'Critical'],
        ['source', 'syscall'],
        ['hostname', 'node-1'],
        ['tags', 'shell, container, mitre_execution'],
        ['time', '2026-12-01T10:20:30.123456789Z'],
      ],
    );
  });

  test('outputformat text: only text, the output when there is no template; 150 fields stay within 100 widgets', async () => {
    const dest = googlechatDestination.create(
      { webhookurl: receiver.url + hookPath, outputformat: 'text', messageformat: '' },
      context,
    );
    await dest.send([delivery(sampleAlert({ output: 'x <users/all> <https://evil.example|click>' }))], signal());
    const fields: Record<string, string> = {};
    for (let i = 0; i < 150; i++) fields[`f${i}`] = String(i);
    const all = googlechatDestination.create({ webhookurl: receiver.url + hookPath, outputformat: 'all' }, context);
    await all.send([delivery(sampleAlert({ output_fields: fields }), 5)], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.deepEqual(JSON.parse(receiver.requests[0].body), { text: 'x ＜users/all＞ ＜https://evil.example|click＞' });
    const widgets = (JSON.parse(receiver.requests[1].body) as Message).cardsV2?.[0].card.sections[0].widgets ?? [];
    assert.equal(widgets.length, 100);
    assert.deepEqual(
      widgets.slice(-3).map((w) => w.decoratedText.topLabel),
      ['tags', 'count', 'time'],
    );
  });

  test('429/5xx retryable, 400/403/404 not', async () => {
    const dest = googlechatDestination.create({ webhookurl: receiver.url + hookPath, outputformat: 'all' }, context);
    await assertFailureMapping(receiver, () => dest.send([delivery()], signal()), {
      retryable: [{ status: 429, body: '{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}' }, { status: 503 }],
      permanent: [
        { status: 400, body: '{"error":{"code":400,"status":"INVALID_ARGUMENT"}}' },
        { status: 403, body: '{"error":{"code":403,"status":"PERMISSION_DENIED"}}' },
        { status: 404 },
      ],
    });
  });

  test('bad options are named', () => {
    const ok = {
      webhookurl: 'https://chat.googleapis.com/v1/spaces/A/messages?key=k&token=t',
      outputformat: 'all',
      messageformat: '',
    };
    assert.deepEqual(googlechatDestination.validate?.(ok), []);
    assert.deepEqual(googlechatDestination.validate?.({ ...ok, webhookurl: '' }), [
      'googlechat.webhookurl: is required',
    ]);
    assert.deepEqual(googlechatDestination.validate?.({ ...ok, outputformat: 'fields' }), [
      'googlechat.outputformat: "fields" is not one of all, text',
    ]);
    assert.match(
      googlechatDestination.validate?.({ ...ok, messageformat: '{{ range .Tags }}{{ . }}' })?.[0] ?? '',
      /^googlechat\.messageformat: 1:\d+: unexpected EOF/,
    );
  });
});
