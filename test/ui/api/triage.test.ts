// Acknowledge, mute and exceptions through the API; the exceptions file loads with the rules
// loader after the rules it extends, and the exception really excepts.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUILTIN_PLUGINS, createSources } from '../../../src/app/sources.js';
import { loadRules } from '../../../src/rules/index.js';
import { makeAlert } from '../support/alerts.js';
import { type Client, loggedIn, startTestUi, type TestUi } from '../support/uiServer.js';

const RULES = `- rule: Shell in container
  desc: a shell ran in a container
  condition: evt.type = execve and evt.dir = < and proc.name in (bash, sh)
  output: shell (proc.name=%proc.name proc.cmdline=%proc.cmdline container.id=%container.id)
  priority: WARNING
`;

const err = (a: { json: unknown }) => (a.json as { error: string }).error;

describe('ui triage API', () => {
  let ui: TestUi;
  let c: Client;
  let rules: string;
  let exceptions: string;
  let dir: string;
  const shell = makeAlert({
    rule: 'Shell in container',
    fields: {
      'proc.name': 'bash',
      'proc.cmdline': `bash -c "echo 'hi', there"`,
      'container.id': 'abc123',
      'my.custom': 'x',
      nothing: null,
      list: ['a'],
    },
  });
  const other = makeAlert({ rule: 'Not a loaded rule', fields: { 'proc.name': 'bash' } });
  before(async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    dir = mkdtempSync(join(tmpdir(), 'kestrel-ui-rules-'));
    rules = join(dir, 'rules.yaml');
    exceptions = join(dir, 'exceptions.yaml');
    writeFileSync(rules, RULES);
    ui = await startTestUi({ exceptions: { rulesPaths: [rules], file: exceptions } });
    c = await loggedIn(ui);
    await ui.store.insert([shell, other].map((alert) => ({ alert, count: 1 })));
  });
  after(async () => {
    await ui?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('acknowledge and clear; bad bodies are 400s naming the field', async () => {
    const a = await c.post('/api/v1/alerts/ack', { ids: [shell.uuid, 'missing'] });
    assert.deepEqual(a.json, { updated: 1 });
    const listed = (await c.get('/api/v1/alerts?acknowledged=true')).json as {
      alerts: { id: string; acknowledged_at: string }[];
    };
    assert.deepEqual(
      listed.alerts.map((x) => x.id),
      [shell.uuid],
    );
    assert.match(listed.alerts[0]!.acknowledged_at, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual((await c.post('/api/v1/alerts/ack', { ids: [shell.uuid], acknowledged: false })).json, {
      updated: 1,
    });
    for (const [body, re] of [
      [{}, /^body\.ids: must be a list/],
      [{ ids: [] }, /^body\.ids: must hold 1 to 1000/],
      [{ ids: [1] }, /^body\.ids: must be a list of non-empty strings/],
      [{ ids: ['a'], acknowledged: 'yes' }, /^body\.acknowledged: must be true or false/],
      [{ ids: ['a'], extra: 1 }, /^body\.extra: unknown field/],
      [[1], /^body: must be a JSON object/],
    ] as const) {
      const r = await c.post('/api/v1/alerts/ack', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(err(r), re);
    }
  });

  test('mute from an alert and by rule + match; list and delete', async () => {
    const m = await c.post('/api/v1/mutes', {
      alert: shell.uuid,
      fields: ['proc.name', 'container.id'],
      comment: 'known',
    });
    assert.equal(m.status, 201);
    const mute = m.json as { id: number; rule: string; fields: Record<string, string> };
    assert.deepEqual(
      [mute.rule, mute.fields],
      ['Shell in container', { 'proc.name': 'bash', 'container.id': 'abc123' }],
    );
    assert.deepEqual(
      ((await c.get('/api/v1/alerts')).json as { alerts: { id: string }[] }).alerts.map((a) => a.id),
      [other.uuid],
    );
    const only = (await c.get('/api/v1/alerts?muted=only')).json as { alerts: { id: string; muted_by: number }[] };
    assert.deepEqual(
      only.alerts.map((a) => [a.id, a.muted_by]),
      [[shell.uuid, mute.id]],
    );
    const byRule = await c.post('/api/v1/mutes', { rule: 'Not a loaded rule', match: {} });
    assert.equal(byRule.status, 201);
    assert.equal(((await c.get('/api/v1/mutes')).json as { mutes: unknown[] }).mutes.length, 2);
    assert.deepEqual((await c.delete(`/api/v1/mutes/${mute.id}`)).json, { deleted: mute.id });
    assert.equal((await c.delete(`/api/v1/mutes/${(byRule.json as { id: number }).id}`)).status, 200);
    assert.equal((await c.delete(`/api/v1/mutes/${mute.id}`)).status, 404);
    assert.match(err(await c.delete('/api/v1/mutes/abc')), /^id: "abc" is not a mute id/);
    assert.equal(((await c.get('/api/v1/alerts')).json as { alerts: unknown[] }).alerts.length, 2);
    for (const [body, status, re] of [
      [{ alert: 'nope', fields: [] }, 404, /^body\.alert: no alert/],
      [{ alert: shell.uuid, fields: ['no.such'] }, 400, /^body\.fields: "no.such" is not an output field/],
      [{ alert: shell.uuid, rule: 'x' }, 400, /^body\.alert: give either/],
      [{ match: {} }, 400, /^body\.rule: required/],
      [{ rule: 'x', match: { a: 1 } }, 400, /^body\.match: must be an object of field name/],
      [{ rule: 'x', fields: ['a'] }, 400, /^body\.fields: goes with alert/],
    ] as const) {
      const r = await c.post('/api/v1/mutes', body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.match(err(r), re);
    }
  });

  test('exception: dry run, then written; the file loads with the rules and excepts the alert', async () => {
    const dry = await c.post(`/api/v1/alerts/${shell.uuid}/exception`, {
      fields: ['proc.name', 'proc.cmdline'],
      dryRun: true,
    });
    assert.equal(dry.status, 200, dry.text);
    assert.equal((dry.json as { written: boolean }).written, false);
    assert.equal(existsSync(exceptions), false);
    const made = await c.post(`/api/v1/alerts/${shell.uuid}/exception`, {
      fields: ['proc.name', 'proc.cmdline'],
      comment: 'CI runner shells\nticket 42',
    });
    assert.equal(made.status, 201, made.text);
    const body = made.json as { name: string; yaml: string; file: string; rule: string; written: boolean };
    assert.equal(body.file, exceptions);
    assert.equal(body.rule, 'Shell in container');
    assert.match(body.yaml, /override:\n\s+exceptions: append/);
    assert.match(body.yaml, /^# CI runner shells\n# ticket 42\n/);
    const second = await c.post(`/api/v1/alerts/${shell.uuid}/exception`, { fields: ['container.id'] });
    assert.equal(second.status, 201);
    const text = readFileSync(exceptions, 'utf8');
    assert.ok(text.includes(body.yaml) && text.includes((second.json as { yaml: string }).yaml));
    assert.deepEqual((await c.get('/api/v1/exceptions')).json, { file: exceptions, text });

    const out = loadRules([rules, exceptions], { sources: createSources(), builtinPlugins: BUILTIN_PLUGINS });
    assert.ok(out.ok, out.results.map((r) => r.errors.map((e) => e.message).join('; ')).join(' | '));
    const rule = out.rules.find((r) => r.name === 'Shell in container');
    assert.ok(rule);
    const ruleText = JSON.stringify(rule, (_k, v: unknown) =>
      typeof v === 'function' || typeof v === 'bigint' ? undefined : v,
    );
    assert.ok(ruleText.includes('abc123'), 'the container.id exception is part of the rule');
  });

  test('exception problems: unknown alert 404, bad fields 400, loader or rule refusal 422', async () => {
    const cases = [
      ['nope', { fields: ['proc.name'] }, 404, /^id: no alert/],
      [shell.uuid, { fields: [] }, 400, /^body\.fields: must hold 1 to 20/],
      [shell.uuid, { fields: ['absent'] }, 400, /^fields: "absent" is not an output field/],
      [shell.uuid, { fields: ['nothing'] }, 400, /^fields: "nothing" has no single value/],
      [shell.uuid, { fields: ['list'] }, 400, /^fields: "list" has no single value/],
      [shell.uuid, { fields: ['proc.name', 'proc.name'] }, 400, /^fields: a field is listed twice/],
      [shell.uuid, { fields: ['my.custom'] }, 422, /^exception: the rules loader rejects the exception: .*my\.custom/],
      [
        other.uuid,
        { fields: ['proc.name'] },
        422,
        /^exception: the rules loader rejects|^exception: rule "Not a loaded rule"/,
      ],
    ] as const;
    const before = readFileSync(exceptions, 'utf8');
    for (const [id, body, status, re] of cases) {
      const r = await c.post(`/api/v1/alerts/${id}/exception`, body);
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      assert.match(err(r), re);
    }
    assert.equal(readFileSync(exceptions, 'utf8'), before, 'nothing refused was written');
    const plain = await startTestUi();
    try {
      const p = await loggedIn(plain);
      await plain.store.insert([{ alert: shell, count: 1 }]);
      const r = await p.post(`/api/v1/alerts/${shell.uuid}/exception`, { fields: ['proc.name'] });
      assert.equal(r.status, 409);
      assert.match(err(r), /^exceptions: not configured/);
      assert.equal((await p.get('/api/v1/exceptions')).status, 409);
    } finally {
      await plain.close();
    }
  });
});
