// The pages in real Chromium, on a real router and `kestrel ui`: log in, the dashboard, filter,
// search and page the list, open a detail, export, acknowledge, mute, create an exception, live
// updates, info; and alert fields written by an attacker shown as text, never run.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser, screenshotDir } from './support/browser.js';
import { PASSWORD, type WebStack, startWebStack } from './support/webStack.js';

const RULES = `- rule: Terminal shell in container
  desc: a shell with a terminal in a container
  condition: evt.type = execve and evt.dir = < and proc.name in (bash, sh) and container.id != host
  output: shell (proc.name=%proc.name k8s.ns.name=%k8s.ns.name k8s.pod.name=%k8s.pod.name)
  priority: NOTICE
- rule: Read sensitive file untrusted
  desc: a sensitive file opened for reading
  condition: evt.type = openat and fd.name startswith /etc/shadow
  output: read (fd.name=%fd.name proc.name=%proc.name)
  priority: WARNING
- rule: Package management process launched
  desc: a package manager ran
  condition: evt.type = execve and proc.name in (apt, dpkg)
  output: package manager (proc.name=%proc.name)
  priority: ERROR
- rule: Netcat remote code execution
  desc: nc ran with -e
  condition: evt.type = execve and proc.name = nc
  output: netcat (proc.name=%proc.name proc.cmdline=%proc.cmdline)
  priority: CRITICAL
`;

const RULE_NAMES = [
  'Terminal shell in container',
  'Read sensitive file untrusted',
  'Package management process launched',
  'Netcat remote code execution',
];
const PRIORITY_OF: Record<string, string> = {
  'Terminal shell in container': 'Notice',
  'Read sensitive file untrusted': 'Warning',
  'Package management process launched': 'Error',
  'Netcat remote code execution': 'Critical',
};
const SEEDED = 120;
const HOSTILE_NAME = '<script>window.__pwned=1</script>';
const HOSTILE_OUTPUT = 'shell <img src=x onerror="window.__pwned=2"> \u001b[31mred\u001b[0m \u202eevil';

function seedAlert(i: number, now: number): object {
  const rule = RULE_NAMES[i % RULE_NAMES.length]!;
  return {
    time: new Date(now - (SEEDED - i) * 20_000).toISOString(),
    rule,
    priority: PRIORITY_OF[rule],
    source: 'syscall',
    hostname: `node-${i % 3}`,
    tags: ['test', `t${i % 2}`],
    output: `${rule} number ${i} seq${String(i).padStart(4, '0')}`,
    output_fields: {
      'proc.name': ['bash', 'cat', 'apt', 'nc'][i % 4],
      'proc.cmdline': `cmd ${i}`,
      'fd.name': `/etc/shadow${i % 5}`,
      'k8s.ns.name': ['prod', 'staging', 'dev'][i % 3],
      'k8s.pod.name': `web-${i % 7}`,
      'container.image.repository': `registry.local/app${i % 4}`,
    },
  };
}

describe('ui pages in Chromium', { skip: hasChromium ? false : 'no Chromium at /usr/bin/chromium' }, () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let hostileId: string;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  const shots = screenshotDir();

  const rows = () => page.locator('table.alert-table tbody tr');
  const login = async (p: Page) => {
    await p.goto(`${stack.url}/`);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.getByRole('heading', { name: 'Dashboard' }).waitFor();
  };
  const watch = (p: Page) => {
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    p.on('pageerror', (e) => pageErrors.push(e.message));
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  };

  before(async () => {
    stack = await startWebStack(RULES);
    const now = Date.now();
    for (let i = 0; i < SEEDED; i++) await stack.post(seedAlert(i, now));
    hostileId = await stack.post({
      time: new Date(now - 5_000).toISOString(),
      rule: 'Terminal shell in container',
      priority: 'Critical',
      source: 'syscall',
      hostname: 'node-<b>x</b>',
      tags: ['<i>tag</i>'],
      output: HOSTILE_OUTPUT,
      output_fields: {
        'proc.name': HOSTILE_NAME,
        'k8s.ns.name': 'hostile',
        'k8s.pod.name': 'pod-\u001b]0;title\u0007',
      },
    });
    await stack.stored(SEEDED + 1);
    browser = await launchBrowser();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    watch(page);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  test('a wrong password is refused; the right one opens the dashboard', async () => {
    await page.goto(`${stack.url}/alerts`);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong password.' }).waitFor();
    await login(page);
  });

  test('dashboard: totals, priorities, four charts and top lists; screenshot', async () => {
    await page.goto(`${stack.url}/?window=6h&refresh=0`);
    await page
      .getByTestId('total')
      .filter({ hasText: String(SEEDED + 1) })
      .waitFor();
    const counts = page.getByLabel('Alerts by priority');
    assert.match(await counts.innerText(), /31\s*Critical/); // 30 netcat + the hostile one
    assert.equal(await page.locator('figure.chart').count(), 4);
    assert.ok((await page.locator('figure.chart rect').count()) > 20, 'bars are drawn');
    const topRules = page.getByLabel('Top rules');
    for (const r of RULE_NAMES) await topRules.getByRole('link', { name: r }).waitFor();
    await page.getByLabel('Top namespaces').getByRole('link', { name: 'prod' }).waitFor();
    await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });
    // a top value leads to its alerts
    await topRules.getByRole('link', { name: 'Netcat remote code execution' }).click();
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    assert.match(page.url(), /rule=Netcat\+remote\+code\+execution/);
    await page.locator('table.alert-table tbody tr td.rule').first().filter({ hasText: 'Netcat' }).waitFor();
  });

  test('alerts: filter by priority, by rule chip and by free text; clear', async () => {
    await page.goto(`${stack.url}/alerts?limit=250`);
    await rows().first().waitFor();
    assert.equal(await rows().count(), SEEDED + 1);
    await page.screenshot({ path: join(shots, 'alerts.png'), fullPage: false });

    await page.getByLabel('Warning').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/priority=Warning/);
    await page.waitForFunction(() => document.querySelectorAll('table.alert-table tbody tr').length === 30);
    for (const p of await page.locator('table.alert-table tbody tr .prio').allInnerTexts()) assert.equal(p, 'Warning');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Rule').fill('Package management process launched');
    await page.getByLabel('Rule').press('Enter');
    await page.getByLabel('Hostname').fill('node-1');
    await page.getByLabel('Hostname').press('Enter');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/hostname=node-1/);
    // i % 4 == 2 and i % 3 == 1: i = 10, 22, 34, … (10 of 120)
    await page.waitForFunction(() => document.querySelectorAll('table.alert-table tbody tr').length === 10);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Search').fill('seq0042');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=seq0042/);
    await page.waitForFunction(() => document.querySelectorAll('table.alert-table tbody tr').length === 1);
    assert.match(await rows().first().innerText(), /number 42 seq0042/);

    // a bad selection is the server's clear 400, shown on the page
    await page.getByLabel('Search').fill('ab');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('alert').filter({ hasText: /^q: / }).waitFor();
  });

  test('alerts: keyset paging older and newer, sort by priority', async () => {
    await page.goto(`${stack.url}/alerts?limit=25`);
    await page.getByTestId('page-info').filter({ hasText: 'page 1, 25 rows' }).waitFor();
    const first = await rows().first().getAttribute('data-id');
    await page.getByRole('button', { name: 'Older ›' }).click();
    await page.getByTestId('page-info').filter({ hasText: 'page 2, 25 rows' }).waitFor();
    assert.notEqual(await rows().first().getAttribute('data-id'), first);
    for (let p = 3; p <= 5; p++) {
      await page.getByRole('button', { name: 'Older ›' }).click();
      await page
        .getByTestId('page-info')
        .filter({ hasText: `page ${p}` })
        .waitFor();
    }
    // 121 rows: the fifth page holds the last 21 and has no older page
    await page.getByTestId('page-info').filter({ hasText: 'page 5, 21 rows' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Older ›' }).isDisabled(), true);
    for (let p = 4; p >= 1; p--) await page.getByRole('button', { name: '‹ Newer' }).click();
    await page.getByTestId('page-info').filter({ hasText: 'page 1, 25 rows' }).waitFor();
    assert.equal(await rows().first().getAttribute('data-id'), first);

    // the Priority header sorts by priority, most severe first; a second click reverses it
    await page.goto(`${stack.url}/alerts?limit=50`);
    await rows().first().waitFor();
    await page.getByRole('button', { name: 'Priority', exact: true }).click();
    await page.waitForURL(/sort=priority/);
    // the rows change when the new order's answer arrives: wait for its first n rows
    const leading = (want: string, n: number) =>
      page.waitForFunction(
        ([w, k]) => {
          const p = [...document.querySelectorAll('table.alert-table tbody tr .prio')].slice(0, k as number);
          return p.length === k && p.every((e) => e.textContent === w);
        },
        [want, n] as const,
      );
    await leading('Critical', 31);
    await page.getByTestId('page-info').filter({ hasText: 'page 1, 50 rows' }).waitFor();
    const prios = await page.locator('table.alert-table tbody tr .prio').allInnerTexts();
    assert.deepEqual(prios.slice(0, 31), Array(31).fill('Critical'));
    assert.equal(prios[31], 'Error');
    await page.getByRole('button', { name: 'Priority ▼' }).click();
    await page.waitForURL(/order=asc/);
    await leading('Notice', 30);
    await page.getByTestId('page-info').filter({ hasText: 'page 1, 50 rows' }).waitFor();
    const least = await page.locator('table.alert-table tbody tr .prio').allInnerTexts();
    assert.deepEqual(least.slice(0, 30), Array(30).fill('Notice'));
  });

  test('detail: every output field and the raw JSON as received', async () => {
    await page.goto(`${stack.url}/alerts?q=seq0042`);
    await rows().first().locator('td.time a').click();
    await page.getByRole('heading', { name: 'Package management process launched' }).waitFor();
    const fields = page.getByLabel('Output fields');
    await fields.getByText('/etc/shadow2').waitFor();
    await fields.getByText('registry.local/app2').waitFor();
    const raw = JSON.parse(await page.getByTestId('raw-json').innerText()) as { output: string; uuid: string };
    assert.equal(raw.output, 'Package management process launched number 42 seq0042');
    const id = page.url().split('/alerts/')[1]!;
    assert.equal(raw.uuid, decodeURIComponent(id));
    assert.deepEqual(raw, (await stack.store.get(raw.uuid))!.alert);
  });

  test('export: the selection as CSV and as JSON lines', async () => {
    await page.goto(`${stack.url}/alerts?priority=Error`);
    await rows().first().waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByText('Export CSV').click()]);
    assert.equal(csv.suggestedFilename(), 'kestrel-alerts.csv');
    const text = readFileSync((await csv.path())!, 'utf8');
    const lines = text.trimEnd().split('\r\n');
    assert.match(lines[0]!, /^id,time,priority,rule,/);
    assert.equal(lines.length, 1 + 30);
    assert.ok(lines.slice(1).every((l) => l.includes(',Error,Package management process launched,')));
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.getByText('Export JSON lines').click()]);
    const items = readFileSync((await jsonl.path())!, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { priority: string });
    assert.equal(items.length, 30);
    assert.ok(items.every((a) => a.priority === 'Error'));
  });

  test('triage: acknowledge from the list, mute from a detail, then remove the mute', async () => {
    await page.goto(`${stack.url}/alerts?q=seq0007`);
    await rows().first().waitFor();
    await rows().first().locator('input[type=checkbox]').check();
    await page.getByRole('button', { name: /^Acknowledge/ }).click();
    await page.getByRole('status').filter({ hasText: '1 alert acknowledged.' }).waitFor();
    await rows().first().getByText('acknowledged').waitFor();

    await rows().first().locator('td.time a').click();
    await page
      .getByTestId('status')
      .filter({ hasText: /^acknowledged/ })
      .waitFor();
    await page.getByLabel('use proc.cmdline').check();
    await page.getByRole('button', { name: 'Mute (1 field)' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Mute \d+ created/ })
      .waitFor();
    await page
      .getByTestId('status')
      .filter({ hasText: /muted \(mute \d+\)/ })
      .waitFor();
    // hidden from the list by default
    await page.goto(`${stack.url}/alerts?q=seq0007`);
    await page.getByText('No alerts match.').waitFor();

    await page.getByRole('link', { name: 'Mutes' }).click();
    await page.getByRole('cell', { name: 'proc.cmdline = cmd 7' }).waitFor();
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Nothing is muted.').waitFor();
    await page.goto(`${stack.url}/alerts?q=seq0007`);
    await rows().first().waitFor();
  });

  test('triage: a Falco exception from an alert, previewed, written and loadable', async () => {
    await page.goto(`${stack.url}/alerts?q=seq0003`);
    await rows().first().locator('td.time a').click();
    await page.getByRole('heading', { name: 'Netcat remote code execution' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Preview exception' }).isDisabled(), true);
    await page.getByLabel('use proc.name').check();
    await page.getByLabel('use proc.cmdline').check();
    await page.getByLabel('Comment').fill('nc health probe');
    await page.getByRole('button', { name: 'Preview exception' }).click();
    const yaml = page.getByTestId('exception-yaml');
    await yaml.filter({ hasText: '- rule: Netcat remote code execution' }).waitFor();
    assert.match(await yaml.innerText(), /proc\.cmdline/);
    assert.equal(readFileSync(stack.exceptionsFile, { flag: 'a+' }).length, 0, 'a preview writes nothing');
    await page.getByRole('button', { name: 'Write exception' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Exception kestrel_ui_\w+ appended to / })
      .waitFor();
    const written = readFileSync(stack.exceptionsFile, 'utf8');
    assert.match(written, /# nc health probe/);
    assert.match(written, /- rule: Netcat remote code execution[\s\S]*- nc[\s\S]*override:\s+exceptions: append/);
    await page.getByRole('link', { name: 'Exceptions' }).click();
    await page.getByTestId('exceptions-text').filter({ hasText: 'nc health probe' }).waitFor();
  });

  test('live: an alert posted to the router appears in the open list without a reload', async () => {
    await page.goto(`${stack.url}/alerts`);
    await rows().first().waitFor();
    const id = await stack.post({
      time: new Date().toISOString(),
      rule: 'Terminal shell in container',
      priority: 'Emergency',
      source: 'syscall',
      hostname: 'node-live',
      output: 'arrived while the page was open',
      output_fields: { 'proc.name': 'bash' },
    });
    await page.locator(`tr[data-id="${id}"]`).waitFor({ timeout: 20_000 });
    assert.equal(await rows().first().getAttribute('data-id'), id);
    await page.screenshot({ path: join(shots, 'alerts-live.png') });
  });

  test('hostile alert fields are shown as text and never run', async () => {
    await page.goto(`${stack.url}/alerts?namespace=hostile`);
    await rows().first().waitFor();
    const row = rows().first();
    assert.match(await row.innerText(), /shell <img src=x onerror="window.__pwned=2">/);
    assert.match(await row.innerText(), /\\x1b\[31mred\\x1b\[0m \\u202eevil/);
    assert.match(await row.innerText(), /node-<b>x<\/b>/);
    await row.locator('td.time a').click();
    await page.getByLabel('Output fields').getByText(HOSTILE_NAME).waitFor();
    await page.getByText('pod-\\x1b]0;title\\x07').first().waitFor();
    await page.screenshot({ path: join(shots, 'detail-hostile.png'), fullPage: true });
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('img[src=x], script:not([src]), b, i').count(), 0, 'no element from alert text');
    assert.equal(decodeURIComponent(page.url().split('/alerts/')[1]!), hostileId);
  });

  test('info: the router and its ui destination, and the versions', async () => {
    await page.getByRole('link', { name: 'Info' }).click();
    await page.getByTestId('router-state').filter({ hasText: 'reachable' }).waitFor();
    const table = page.getByLabel('Router').locator('table');
    await table.getByRole('cell', { name: 'ui', exact: true }).waitFor();
    await page
      .getByLabel('Versions')
      .getByText(/sqlite 3\.\d+/)
      .waitFor();
    await page.screenshot({ path: join(shots, 'info.png') });
  });

  test('log out returns to the login; the API then refuses the old session', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Password').waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/alerts')).status);
    assert.equal(status, 401);
  });

  test('no dialog opened, no CSP violation, no page error during the whole run', () => {
    assert.deepEqual(dialogs, []);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});
