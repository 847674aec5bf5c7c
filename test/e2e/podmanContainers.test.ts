// A real rootful Podman container, end to end: the image is made locally (a few of the host's
// binaries and their libraries, `podman import`ed, no registry), the container reads /etc/shadow,
// and Kestrel's alert names it with what Podman's own files say (containers/storage's
// containers.json): container.name and container.image.repository. cgroupfs and the file event
// backend, so neither systemd as PID 1 nor journald is needed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sensorUnavailableReason } from '../../src/sensor/load.js';
import { LiveKestrel, SCENARIO_FIELD } from './support/liveKestrel.js';

const PODMAN = ['--cgroup-manager=cgroupfs', '--events-backend=file'];

function podmanMissing(): string | undefined {
  const r = spawnSync('podman', ['--version'], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) return 'podman is not installed (apt-get install podman)';
  if (process.getuid?.() !== 0) return 'rootful podman needs root';
  return undefined;
}

function podman(args: string[], input?: Buffer): string {
  return execFileSync('podman', [...PODMAN, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A rootfs with sh, cat and sleep from the host (and the libraries ldd names), and an /etc/shadow. */
function buildRootfs(dir: string): void {
  for (const bin of ['/bin/sh', '/bin/cat', '/bin/sleep']) {
    const files = [bin];
    const ldd = spawnSync('ldd', [bin], { encoding: 'utf8' }).stdout ?? '';
    for (const m of ldd.matchAll(/(\/\S+)/g)) files.push(m[1]);
    for (const f of files) {
      mkdirSync(join(dir, dirname(f)), { recursive: true });
      copyFileSync(f, join(dir, f));
    }
  }
  execFileSync('chmod', ['-R', 'a+rx', join(dir, 'bin')]);
  for (const d of ['etc', 'tmp', 'proc', 'sys', 'dev']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(dir, 'etc/group'), 'root:x:0:\n');
  writeFileSync(join(dir, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n', { mode: 0o600 });
}

const why = sensorUnavailableReason() ?? podmanMissing();

describe('a rootful Podman container, live', { skip: why ? `cannot run: ${why}` : false, timeout: 300_000 }, () => {
  const tag = randomBytes(4).toString('hex');
  const image = `localhost/kestrel-e2e-${tag}:1`;
  const name = `kestrel-e2e-${tag}`;
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-podman-'));
  let live: LiveKestrel | undefined;

  before(async () => {
    const rootfs = join(dir, 'rootfs');
    buildRootfs(rootfs);
    const tar = execFileSync('tar', ['-C', rootfs, '-c', '.'], { maxBuffer: 256 * 1024 * 1024 });
    podman(['import', '-', image], tar);
    live = await LiveKestrel.start();
  });

  after(async () => {
    await live?.stop();
    spawnSync('podman', [...PODMAN, 'rm', '-f', name], { stdio: 'ignore' });
    spawnSync('podman', [...PODMAN, 'rmi', '-f', image], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  test('reading /etc/shadow: the alert names the container and its image from containers.json', async () => {
    const cidfile = join(dir, 'cid');
    podman([
      'run',
      '--name',
      name,
      '--cidfile',
      cidfile,
      '--network=none',
      // rootful podman's default rlimits (nofile 1048576) exceed what a sandboxed root may set
      '--ulimit',
      'nofile=1024:1024',
      '--ulimit',
      'nproc=4096:4096',
      '-e',
      'KESTREL_SCENARIO=podman',
      image,
      '/bin/sh',
      '-c',
      'cat /etc/shadow >/dev/null; sleep 1',
    ]);
    const id = readFileSync(cidfile, 'utf8').trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.ok(live);
    const a = await live.waitForAlert(
      'Kestrel Sensitive File Read (scenario podman)',
      (x) => x.rule === 'Kestrel Sensitive File Read' && x.output_fields[SCENARIO_FIELD] === 'podman',
    );
    assert.equal(a.output_fields['container.id'], id.slice(0, 12));
    assert.equal(a.output_fields['container.name'], name);
    assert.equal(a.output_fields['container.image.repository'], `localhost/kestrel-e2e-${tag}`);
    assert.match(a.output, new RegExp(`container_name=${name} image=localhost/kestrel-e2e-${tag} `));
  });
});
