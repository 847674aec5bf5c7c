import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { slackDestination } from '../../../src/router/destinations/slack.js';
import { startApiReceiver, type ApiReceiver } from './apiReceiver.js';
import { assertFailureMapping, assertRefusedIsRetryable, closedUrl } from './deliveryErrors.js';
import { context, delivery, sampleAlert, signal } from './sampleAlert.js';
import { checkSlackWebhook, slackOk } from './slackSchema.js';

const hookPath = '/services/T0000/B0000/XXXXXXXXXXXX';

describe('slack destination against a Slack incoming-webhook receiver', () => {
  let receiver: ApiReceiver;
  before(async () => {
    receiver = await startApiReceiver(
      (r) => checkSlackWebhook(r, hookPath, { slackMarkup: true }),
      () => slackOk,
    );
  });
  after(async () => {
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  const create = (more: Record<string, string> = {}) =>
    slackDestination.create(
      {
        webhookurl: receiver.url + hookPath,
        outputformat: 'all',
        username: 'Falcosidekick',
        icon: 'https://img.example/i.png',
        footer: 'kestrel',
        ...more,
      },
      context,
    );

  test('outputformat all: Falcosidekick’s attachment, colour by priority, escaped alert text', async () => {
    await create({ channel: '#sec' }).send([delivery()], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.equal(receiver.requests.length, 1);
    assert.deepEqual(JSON.parse(receiver.requests[0].body), {
      username: 'Falcosidekick',
      icon_url: 'https://img.example/i.png',
      channel: '#sec',
      attachments: [
        {
          fallback:
            'A shell was spawned in a container (user=root cmdline=bash -c "echo &lt;b&gt;pwned&lt;/b&gt; &amp; x=1")',
          color: '#ff9000',
          text: 'A shell was spawned in a container (user=root cmdline=bash -c "echo &lt;b&gt;pwned&lt;/b&gt; &amp; x=1")',
          fields: [
            { title: 'proc.aname[2]', value: 'containerd-shim', short: true },
            { title: 'proc.cmdline', value: 'bash -c "echo &lt;b&gt;pwned&lt;/b&gt; &amp; x=1"', short: true },
            { title: 'proc.pid', value: '4242', short: true },
            { title: 'user.name', value: 'root', short: true },
            { title: 'rule', value: 'Terminal shell in container', short: true },
            { title: 'priority', value: 'Critical', short: true },
            { title: 'time', value: '2026-12-01T10:20:30.123456789Z', short: false },
          ],
          footer: 'kestrel',
        },
      ],
    });
  });

  test('colours per priority are Falcosidekick’s', async () => {
    const dest = create();
    const want: Record<string, string> = {
      Emergency: '#e20b0b',
      Alert: '#ff5400',
      Critical: '#ff9000',
      Error: '#ffc700',
      Warning: '#ffff00',
      Notice: '#5bffb5',
      Informational: '#68c2ff',
      Debug: '#ccfff2',
    };
    for (const priority of Object.keys(want)) await dest.send([delivery(sampleAlert({ priority }))], signal());
    assert.deepEqual(receiver.problems(), []);
    const colours = receiver.requests.map(
      (r) => (JSON.parse(r.body) as { attachments: { color: string }[] }).attachments[0].color,
    );
    assert.deepEqual(colours, Object.values(want));
  });

  test('outputformat text has no fields; fields has no text; a dedup count is a field', async () => {
    await create({ outputformat: 'text' }).send([delivery()], signal());
    await create({ outputformat: 'fields' }).send([delivery(sampleAlert(), 3)], signal());
    assert.deepEqual(receiver.problems(), []);
    const [text, fields] = receiver.requests.map(
      (r) => (JSON.parse(r.body) as { attachments: Record<string, unknown>[] }).attachments[0],
    );
    assert.equal(text.fields, undefined);
    assert.ok(String(text.text).startsWith('A shell was spawned'));
    assert.equal(fields.text, undefined);
    assert.deepEqual(
      (fields.fields as { title: string; value: string }[]).find((f) => f.title === 'count'),
      { title: 'count', value: '3', short: true },
    );
  });

  test('messageformat renders above the attachment, alert values escaped, template text kept', async () => {
    await create({
      messageformat:
        'Alert: rule *{{ .Rule }}* by *{{ index .OutputFields "user.name" }}* ran `{{ index .OutputFields "proc.cmdline" }}` {{ index .OutputFields "nope" }} ({{- .Priority -}} )',
    }).send([delivery()], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.equal(
      (JSON.parse(receiver.requests[0].body) as { text: string }).text,
      'Alert: rule *Terminal shell in container* by *root* ran `bash -c "echo &lt;b&gt;pwned&lt;/b&gt; &amp; x=1"` &lt;no value&gt; (Critical)',
    );
  });

  test('messageformat with if/else, range over tags and output fields, printf: the payload Go would render', async () => {
    await create({
      messageformat: [
        '{{- if eq .Priority "Critical" "Emergency" }}:rotating_light: {{ else }}:warning: {{ end -}}',
        '*{{ .Rule }}* on {{ .Hostname }}',
        '{{ range $i, $t := .Tags }}{{ if $i }},{{ end }} #{{ $t }}{{ end }}',
        '{{ range $k, $v := .OutputFields }}{{ with $v }}\n• {{ $k }}={{ . }}{{ end }}{{ end }}',
        '\npid {{ printf "%06.0f" (index .OutputFields "proc.pid") }} user {{ .OutputFields.user | printf "%q" }}',
      ].join(''),
    }).send([delivery()], signal());
    assert.deepEqual(receiver.problems(), []);
    assert.equal(
      (JSON.parse(receiver.requests[0].body) as { text: string }).text,
      ':rotating_light: *Terminal shell in container* on node-1 #shell, #container, #mitre_execution' +
        '\n• proc.aname[2]=containerd-shim' +
        '\n• proc.cmdline=bash -c "echo &lt;b&gt;pwned&lt;/b&gt; &amp; x=1"' +
        '\n• proc.pid=4242\n• user.name=root' +
        // A missing value piped into printf is a nil argument: Go prints %!q(<nil>).
        '\npid 004242 user %!q(&lt;nil&gt;)',
    );
  });

  test('a messageformat that fails on an alert fails the send without retry, naming the option', async () => {
    await assert.rejects(
      create({ messageformat: '{{ index .Tags 9 }}' }).send([delivery()], signal()),
      (err: Error & { retryable?: boolean }) =>
        err.retryable === false &&
        /^slack\.messageformat: 1:4: executing <index \.Tags 9>: error calling index: index out of range: 9$/.test(
          err.message,
        ),
    );
    assert.equal(receiver.requests.length, 0);
  });

  test('an alert whose field tries a <!channel> mention reaches Slack escaped', async () => {
    await create().send(
      [
        delivery(
          sampleAlert({
            output: 'hi <!channel> <https://evil.example|click>',
            output_fields: { 'user.name': '<@U123>' },
          }),
        ),
      ],
      signal(),
    );
    assert.deepEqual(receiver.problems(), []);
    const body = receiver.requests[0].body;
    assert.ok(!body.includes('<!channel>') && !body.includes('<@U123>') && !body.includes('<https'));
  });

  test('the receiver refuses what Slack would: no text nor attachments, a bad colour, unescaped markup', async () => {
    const post = (body: unknown) =>
      fetch(receiver.url + hookPath, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await post({ username: 'x' })).status, 400);
    assert.equal((await post({ attachments: [{ fallback: 'f', color: 'red' }] })).status, 400);
    assert.equal((await post({ text: 'hi <!channel>' })).status, 400);
    assert.equal((await post({ text: 'a & b' })).status, 400);
    assert.equal((await post({ text: 'a &amp; b' })).status, 200);
    assert.equal(receiver.problems().length, 4);
  });

  test('Slack’s 429 and 5xx are retryable, its 400/403/404/410 are not; a refused connection is retryable', async () => {
    const dest = create();
    await assertFailureMapping(receiver, () => dest.send([delivery()], signal()), {
      retryable: [
        { status: 429, body: 'rate_limited', contentType: 'text/plain', headers: { 'Retry-After': '1' } },
        { status: 500, body: 'rollup_error', contentType: 'text/plain' },
        { status: 503, body: '', contentType: 'text/plain' },
      ],
      permanent: [
        { status: 400, body: 'invalid_payload', contentType: 'text/plain' },
        { status: 403, body: 'action_prohibited', contentType: 'text/plain' },
        { status: 404, body: 'no_service', contentType: 'text/plain' },
        { status: 410, body: 'channel_is_archived', contentType: 'text/plain' },
      ],
    });
    const down = slackDestination.create({ webhookurl: await closedUrl(hookPath), outputformat: 'all' }, context);
    await assertRefusedIsRetryable(() => down.send([delivery()], signal()));
  });
});

describe('slack options', () => {
  const ok = { webhookurl: 'https://hooks.slack.com/services/T/B/X', outputformat: 'all', icon: '', messageformat: '' };
  test('a good configuration has no problems', () => {
    assert.deepEqual(slackDestination.validate?.(ok), []);
  });
  test('each bad option is named', () => {
    assert.deepEqual(slackDestination.validate?.({ ...ok, webhookurl: '' }), ['slack.webhookurl: is required']);
    assert.deepEqual(slackDestination.validate?.({ ...ok, webhookurl: 'hooks.slack.com/x' }), [
      'slack.webhookurl: "hooks.slack.com/x" is not a URL',
    ]);
    assert.deepEqual(slackDestination.validate?.({ ...ok, webhookurl: 'ftp://x/y' }), [
      'slack.webhookurl: "ftp://x/y" must be an http:// or https:// URL',
    ]);
    assert.deepEqual(slackDestination.validate?.({ ...ok, outputformat: 'compact' }), [
      'slack.outputformat: "compact" is not one of all, text, fields',
    ]);
    assert.deepEqual(slackDestination.validate?.({ ...ok, icon: 'not a url' }), [
      'slack.icon: "not a url" is not a URL',
    ]);
  });
  test('a template Go would not parse is refused, naming messageformat and the position', () => {
    for (const [source, want] of [
      ['{{ if .Rule }}x', /^slack\.messageformat: 1:16: unexpected EOF: \{\{if\}\} at 1:4 has no \{\{end\}\}/],
      ['{{ .Rul }}', /^slack\.messageformat: 1:4: unknown field \.Rul/],
      ['rule {{ .Rule ', /^slack\.messageformat: 1:6: unclosed action/],
      ['{{ .Rule | upper }}', /^slack\.messageformat: 1:12: function "upper" not defined/],
      ['{{ index .OutputFields user }}', /^slack\.messageformat: 1:24: function "user" not defined/],
    ] as const) {
      const problems = slackDestination.validate?.({ ...ok, messageformat: source }) ?? [];
      assert.equal(problems.length, 1, source);
      assert.match(problems[0], want);
    }
  });
});
