// The official falco_rules.yaml (from ../shared, not copied) under `kestrel run -r`, live: the
// matching real acts raise Falco's own rules, on the host and in a runc container.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sensorUnavailableReason } from '../../src/sensor/load.js';
import { OFFICIAL_RULES } from '../cli/helpers.js';
import { LiveKestrel, runScenario, SCENARIO_FIELD } from './support/liveKestrel.js';
import { runInContainer } from './support/runcContainer.js';
import { buildTools } from './support/tools.js';

const RULES = join(OFFICIAL_RULES, 'falco_rules.yaml');
const why = sensorUnavailableReason() ?? (existsSync(RULES) ? undefined : `${RULES} is missing`);

describe('the official Falco rules, live', { skip: why ? `cannot run: ${why}` : false, timeout: 300_000 }, () => {
  let live: LiveKestrel;
  let tools: ReturnType<typeof buildTools>;

  before(async () => {
    tools = buildTools();
    live = await LiveKestrel.start(['-r', RULES]);
  });

  after(async () => {
    await live?.stop();
    rmSync(tools.dir, { recursive: true, force: true });
  });

  const fired = (rule: string, scenario: string) =>
    live.waitForAlert(`${rule} (${scenario})`, (a) => a.rule === rule && a.output_fields[SCENARIO_FIELD] === scenario);

  test('Read sensitive file untrusted: cat /etc/shadow on the host', async () => {
    runScenario('official-shadow', 'cat', ['/etc/shadow']);
    const a = await fired('Read sensitive file untrusted', 'official-shadow');
    assert.equal(a.output_fields['fd.name'], '/etc/shadow');
    assert.equal(a.priority, 'Warning');
  });

  test('Terminal shell in container: a shell with a terminal in a runc container', async () => {
    const ctr = runInContainer('exit 0', { terminal: true, env: { KESTREL_SCENARIO: 'official-tty' } });
    const a = await fired('Terminal shell in container', 'official-tty');
    assert.equal(a.output_fields['container.id'], ctr.shortId);
  });

  test('Drop and execute new binary in container: a program written after start on the overlay', async () => {
    const ctr = runInContainer('cp /usr/bin/true /opt/dropped && /opt/dropped', {
      overlay: true,
      env: { KESTREL_SCENARIO: 'official-drift' },
    });
    const a = await fired('Drop and execute new binary in container', 'official-drift');
    assert.equal(a.output_fields['container.id'], ctr.shortId);
  });

  test('Fileless execution via memfd_create and PTRACE attached to process', async () => {
    runScenario('official-memfd', tools.path('memfdexec'), ['/usr/bin/true']);
    await fired('Fileless execution via memfd_create', 'official-memfd');
    runScenario('official-ptrace', tools.path('tracer'), []);
    await fired('PTRACE attached to process', 'official-ptrace');
  });
});
