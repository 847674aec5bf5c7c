// GET /api/v1/alerts, /alerts/:id, /alerts/export and /dashboard: filters, paging, bad
// parameters, hostile fields as data, CSV and JSON lines.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RouterAlert } from '../../../src/router/alert.js';
import { makeAlert, timeAt } from '../support/alerts.js';
import { parseCsv } from '../support/csv.js';
import { type Client, loggedIn, startTestUi, type TestUi } from '../support/uiServer.js';

interface Page {
  alerts: { id: string; rule: string; priority: string; output: string; output_fields: Record<string, unknown> }[];
  next: string | null;
}

const NOW = Date.now();
const HOSTILE = makeAlert({
  rule: '<script>alert("rule")</script>',
  priority: 'Critical',
  time: timeAt(NOW - 1000),
  output: '\u001b[2J\u001b[31m<img src=x onerror=alert(1)>\u001b[0m, "quoted"\r\nsecond line',
  hostname: '</title><script>x</script>',
  fields: {
    'proc.name': '<script>',
    'fd.name': '\u001b]8;;http://evil\u0007link\u001b]8;;\u0007',
    'proc.cmdline': 'x'.repeat(100_000),
    'evt.args': 'a,b "c"\nd',
    'k8s.ns.name': 'hostile',
  },
});

describe('ui alerts API', () => {
  let ui: TestUi;
  let c: Client;
  const alerts: RouterAlert[] = [];
  before(async () => {
    ui = await startTestUi();
    c = await loggedIn(ui);
    for (let i = 0; i < 60; i++)
      alerts.push(
        makeAlert({
          time: timeAt(NOW - (i + 2) * 60_000),
          priority: ['Warning', 'Notice', 'Error'][i % 3]!,
          rule: `rule ${i % 4}`,
          source: i % 2 ? 'syscall' : 'k8s_audit',
          hostname: `node-${i % 5}`,
          output: `alert ${i}${i === 11 ? ' wget http://x/payload' : ''}`,
          fields: {
            'k8s.ns.name': `ns-${i % 3}`,
            'k8s.pod.name': `pod-${i % 7}`,
            'container.image.repository': `img-${i % 2}`,
          },
        }),
      );
    await ui.store.insert([...alerts, HOSTILE].map((alert) => ({ alert, count: 1 })));
  });
  after(() => ui.close());

  const page = async (query: string) => {
    const a = await c.get(`/api/v1/alerts?${query}`);
    assert.equal(a.status, 200, `${query}: ${a.text.slice(0, 300)}`);
    return a.json as Page;
  };

  test('every filter, repeated values, and the free text', async () => {
    const n = async (q: string) => (await page(`limit=1000&${q}`)).alerts.length;
    assert.equal(await n(''), 61);
    assert.equal(await n('priority=warning'), 20);
    assert.equal(await n('priority=warning,error'), 40);
    assert.equal(await n('priority=WARNING&priority=critical'), 21);
    assert.equal(await n('rule=rule%201'), 15);
    assert.equal(await n('rule=rule%201&rule=rule%202'), 30);
    assert.equal(await n('source=k8s_audit'), 30);
    assert.equal(await n('hostname=node-4'), 12);
    assert.equal(await n('namespace=ns-2'), 20);
    assert.equal(await n('pod=pod-6'), 8);
    assert.equal(await n('image=img-1'), 30);
    assert.equal(await n('q=payload'), 1);
    assert.equal(await n('q=%22wget%20http%22'), 1);
    assert.equal(await n('q=AYLOA'), 1, 'a substring, any case');
    assert.equal(await n('q=payload%20x%2F'), 1, 'a short word beside a long one');
    assert.equal(await n('q=payload%20zz'), 0);
    assert.equal(await n('q=%22quoted'), 1, 'an unpaired quote is text');
    assert.equal(await n('q=%22wget'), 0);
    assert.equal(await n('q=ONERROR'), 1);
    assert.equal(await n(`window=10m&to=${NOW}`), 10, 'nine alerts and the hostile one');
    assert.equal(await n(`from=${NOW - 10 * 60_000}&to=${NOW - 5 * 60_000}`), 5);
    assert.equal(await n(`from=${new Date(NOW - 10 * 60_000).toISOString()}`), 10);
    assert.equal(await n('acknowledged=true'), 0);
    assert.equal(await n('rule=rule%201&hostname=node-1&priority=error'), 1);
  });

  test('keyset pages: next walks every alert once', async () => {
    const seen = new Set<string>();
    let q = 'limit=7&sort=priority';
    for (let i = 0; i < 20; i++) {
      const p = await page(q);
      for (const a of p.alerts) seen.add(a.id);
      if (!p.next) break;
      q = `limit=7&sort=priority&cursor=${p.next}`;
    }
    assert.equal(seen.size, 61);
    const first = await page('limit=2&sort=priority');
    assert.equal(first.alerts[0]!.priority, 'Critical');
    const oldest = await page('limit=1&order=asc');
    assert.equal(oldest.alerts[0]!.id, alerts[59]!.uuid);
  });

  test('bad parameters: 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['priority=loud', /^priority: "loud" is not a Falco priority/],
      ['limit=0', /^limit: "0" must be a whole number from 1 to 1000/],
      ['limit=5000', /^limit: /],
      ['limit=ten', /^limit: /],
      ['sort=rule', /^sort: "rule" must be one of time, priority/],
      ['order=up', /^order: /],
      ['from=yesterday', /^from: "yesterday" is neither an RFC 3339 time/],
      ['to=2026-13-45', /^to: /],
      [`from=${NOW}&to=${NOW - 1}`, /^from: must be before to/],
      ['window=forever', /^window: "forever" is not a duration/],
      ['window=10m&from=1', /^window: cannot be given with from/],
      ['q=ab', /^q: "ab": at least one word needs 3 characters or more/],
      ['q=ab%20%22c%22', /^q: "ab" "c": at least one word needs 3 characters or more/],
      ['acknowledged=yes', /^acknowledged: "yes" must be true or false/],
      ['muted=maybe', /^muted: /],
      ['cursor=zzz', /^cursor: not a cursor/],
      ['limit=1&limit=2', /^limit: given more than once/],
      ['colour=red', /^colour: unknown parameter/],
    ];
    for (const [q, re] of cases) {
      const a = await c.get(`/api/v1/alerts?${q}`);
      assert.equal(a.status, 400, q);
      assert.match((a.json as { error: string }).error, re, q);
    }
    const many = Array.from({ length: 101 }, (_, i) => `rule=r${i}`).join('&');
    assert.match(
      ((await c.get(`/api/v1/alerts?${many}`)).json as { error: string }).error,
      /^rule: at most 100 values/,
    );
  });

  test('detail with raw JSON; 404 for an unknown id', async () => {
    const a = await c.get(`/api/v1/alerts/${alerts[3]!.uuid}`);
    assert.equal(a.status, 200);
    const body = a.json as { alert: { id: string; count: number; acknowledged_at: null }; raw: RouterAlert };
    assert.deepEqual(body.raw, alerts[3]);
    assert.equal(body.alert.id, alerts[3]!.uuid);
    assert.equal(body.alert.count, 1);
    const missing = await c.get('/api/v1/alerts/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { error: 'id: no alert "nope"' });
  });

  test('hostile alert fields round-trip exactly as JSON data', async () => {
    const d = await c.get(`/api/v1/alerts/${HOSTILE.uuid}`);
    assert.match(d.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual((d.json as { raw: RouterAlert }).raw, HOSTILE);
    const l = await page(`namespace=hostile`);
    assert.equal(l.alerts[0]!.rule, HOSTILE.rule);
    assert.equal(l.alerts[0]!.output, HOSTILE.output);
    assert.deepEqual(l.alerts[0]!.output_fields, HOSTILE.output_fields);
    const q = await page(`q=${encodeURIComponent('<script>')}`);
    assert.deepEqual(
      q.alerts.map((a) => a.id),
      [HOSTILE.uuid],
    );
  });

  test('export: JSON lines of the selection, streamed', async () => {
    const a = await c.get('/api/v1/alerts/export?rule=rule%202&format=jsonl');
    assert.equal(a.status, 200);
    assert.match(a.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    assert.match(a.headers.get('content-disposition') ?? '', /^attachment; filename="kestrel-alerts.jsonl"$/);
    const lines = a.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; rule: string });
    assert.equal(lines.length, 15);
    assert.ok(lines.every((l) => l.rule === 'rule 2'));
    const all = await c.get('/api/v1/alerts/export');
    assert.equal(all.text.trimEnd().split('\n').length, 61, 'past one page of the store');
    const limited = await c.get('/api/v1/alerts/export?limit=3');
    assert.equal(limited.text.trimEnd().split('\n').length, 3);
    const h = (await c.get(`/api/v1/alerts/export?namespace=hostile`)).text;
    assert.deepEqual((JSON.parse(h) as { output_fields: unknown }).output_fields, HOSTILE.output_fields);
  });

  test('export: CSV with RFC 4180 quoting of commas, quotes and line breaks', async () => {
    const a = await c.get('/api/v1/alerts/export?format=csv&namespace=hostile');
    assert.match(a.headers.get('content-type') ?? '', /^text\/csv/);
    const rows = parseCsv(a.text);
    assert.deepEqual(rows[0], [
      'id',
      'time',
      'priority',
      'rule',
      'source',
      'hostname',
      'tags',
      'output',
      'output_fields',
      'count',
      'acknowledged_at',
    ]);
    assert.equal(rows.length, 2);
    const r = rows[1]!;
    assert.equal(r[0], HOSTILE.uuid);
    assert.equal(r[3], HOSTILE.rule);
    assert.equal(r[5], HOSTILE.hostname);
    assert.equal(r[6], 'container,shell');
    assert.equal(r[7], HOSTILE.output);
    assert.deepEqual(JSON.parse(r[8]!), HOSTILE.output_fields);
    assert.ok(a.text.includes('"\u001b[2J\u001b[31m<img src=x onerror=alert(1)>\u001b[0m, ""quoted""\r\nsecond line"'));
    const bad = await c.get('/api/v1/alerts/export?format=xml');
    assert.equal(bad.status, 400);
    assert.match((bad.json as { error: string }).error, /^format: "xml" must be one of jsonl, csv/);
    assert.match(
      ((await c.get('/api/v1/alerts/export?cursor=x')).json as { error: string }).error,
      /^cursor: unknown parameter/,
    );
  });

  test('dashboard: counts, series and top lists over a window; 5m to 30d only', async () => {
    const a = await c.get('/api/v1/dashboard?window=2h&top=3');
    assert.equal(a.status, 200);
    const d = a.json as {
      total: number;
      bucket: string;
      byPriority: { value: string; count: number }[];
      series: Record<string, { t: number; value: string; count: number }[]>;
      top: Record<string, { value: string; count: number }[]>;
    };
    assert.equal(d.total, 61);
    assert.equal(d.bucket, '1m');
    assert.equal(d.byPriority.find((p) => p.value === 'Critical')?.count, 1);
    assert.equal(d.byPriority.find((p) => p.value === 'Warning')?.count, 20);
    assert.equal(
      d.series.source!.reduce((n, p) => n + p.count, 0),
      61,
    );
    assert.equal(d.top.rule!.length, 3);
    assert.deepEqual(
      d.top.namespace!.map((x) => x.count),
      [20, 20, 20],
    );
    const month = (await c.get('/api/v1/dashboard?window=30d')).json as { bucket: string; total: number };
    assert.equal(month.bucket, '1d');
    const week = (await c.get('/api/v1/dashboard?window=7d')).json as { bucket: string; total: number };
    assert.equal(week.bucket, '3h');
    assert.equal(week.total, 61);
    assert.equal(month.total, 61);
    for (const [q, re] of [
      ['window=4m', /^window: 4m must be from 5m to 30d/],
      ['window=31d', /^window: 31d must be from 5m to 30d/],
      ['top=0', /^top: /],
      ['to=soon', /^to: /],
      ['rule=x', /^rule: unknown parameter/],
    ] as const) {
      const b = await c.get(`/api/v1/dashboard?${q}`);
      assert.equal(b.status, 400, q);
      assert.match((b.json as { error: string }).error, re, q);
    }
  });
});
