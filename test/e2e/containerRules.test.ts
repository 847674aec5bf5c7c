// Kestrel's default container rules, end to end, in real runc containers (the host's Debian
// userland as the image, an overlayfs root where drift matters): each act raises its rule with
// the container's id in `kestrel run`'s output, and a benign act in a container next to it
// raises nothing. Processes in a container carry KESTREL_SCENARIO from its config.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { sensorUnavailableReason } from '../../src/sensor/load.js';
import { type LiveAlert, LiveKestrel, SCENARIO_FIELD } from './support/liveKestrel.js';
import { type ContainerOptions, type ContainerRun, runInContainer } from './support/runcContainer.js';

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const why =
  sensorUnavailableReason() ??
  (['runc', 'script', 'curl', 'nsenter', 'unshare'].filter((c) => !has(c)).join(', ') || undefined);

describe(
  'default rules in real runc containers, live',
  { skip: why ? `cannot run: ${why}` : false, timeout: 600_000 },
  () => {
    let live: LiveKestrel;

    before(async () => {
      live = await LiveKestrel.start();
    });

    after(async () => {
      await live?.stop();
    });

    function run(scenario: string, script: string, opts: ContainerOptions = {}): ContainerRun {
      return runInContainer(script, { ...opts, env: { ...opts.env, KESTREL_SCENARIO: scenario } });
    }

    async function expectAlert(rule: string, scenario: string, ctr: ContainerRun): Promise<LiveAlert> {
      const a = await live.waitForAlert(
        `${rule} (scenario ${scenario})`,
        (x) => x.rule === rule && x.output_fields[SCENARIO_FIELD] === scenario,
      );
      assert.equal(a.output_fields['container.id'], ctr.shortId, 'the alert names the container');
      return a;
    }

    async function expectQuiet(scenario: string): Promise<void> {
      await live.settle();
      assert.deepEqual(
        live.ofScenario(scenario).map((a) => `${a.rule}: ${a.output}`),
        [],
        `scenario ${scenario} raised alerts`,
      );
    }

    test('a pod container (CRI annotations in its OCI bundle): alerts carry name, image, namespace and pod', async () => {
      // a pod lives on; runc removes its state when the container exits, so a container gone before
      // Kestrel sees its first event cannot be described (the runtime's files are the source)
      const ctr = run('pod', 'cat /etc/shadow >/dev/null; sleep 1', {
        annotations: {
          'io.kubernetes.cri.container-type': 'container',
          'io.kubernetes.cri.container-name': 'web',
          'io.kubernetes.cri.image-name': 'registry.example/shop/web:1.4.2',
          'io.kubernetes.cri.sandbox-name': 'web-7d9f8-abcde',
          'io.kubernetes.cri.sandbox-namespace': 'prod',
          'io.kubernetes.cri.sandbox-uid': '0d5c0c4e-1111-2222-3333-444455556666',
        },
      });
      const a = await expectAlert('Kestrel Sensitive File Read', 'pod', ctr);
      assert.equal(a.output_fields['container.name'], 'web');
      assert.equal(a.output_fields['container.image.repository'], 'registry.example/shop/web');
      assert.equal(a.output_fields['k8s.ns.name'], 'prod');
      assert.equal(a.output_fields['k8s.pod.name'], 'web-7d9f8-abcde');
      assert.match(
        a.output,
        /container_name=web image=registry\.example\/shop\/web k8s_ns=prod k8s_pod=web-7d9f8-abcde/,
      );
    });

    test('Terminal Shell in Container: a shell with a terminal as the first process; without one, nothing', async () => {
      const ctr = run('tty-shell', 'exit 0', { terminal: true });
      const a = await expectAlert('Kestrel Terminal Shell in Container', 'tty-shell', ctr);
      assert.equal(a.output_fields['proc.name'], 'sh');
      assert.notEqual(a.output_fields['proc.tty'], 0);
      run('tty-shell-benign', 'exit 0');
      await expectQuiet('tty-shell-benign');
    });

    test('Package Manager in Container: apt-get and dpkg; ls does not', async () => {
      const ctr = run('pkg', 'apt-get -qq update >/dev/null 2>&1; true');
      const a = await expectAlert('Kestrel Package Manager in Container', 'pkg', ctr);
      assert.equal(a.output_fields['proc.name'], 'apt-get');
      run('pkg-benign', 'ls /usr/bin >/dev/null');
      await expectQuiet('pkg-benign');
    });

    test('Network Tool in Container: curl to a remote address; a localhost health check does not', async () => {
      const ctr = run('nettool', 'curl -s --max-time 2 http://203.0.113.9/ >/dev/null; true');
      const a = await expectAlert('Kestrel Network Tool in Container', 'nettool', ctr);
      assert.equal(a.output_fields['proc.name'], 'curl');
      run('nettool-benign', 'curl -s --max-time 2 http://127.0.0.1:9/healthz >/dev/null; true');
      await expectQuiet('nettool-benign');
    });

    test('Sensitive File Read and Write Below Etc in a container', async () => {
      const ctr = run('ctr-files', 'cat /etc/shadow >/dev/null; echo owned > /etc/motd');
      const read = await expectAlert('Kestrel Sensitive File Read', 'ctr-files', ctr);
      assert.equal(read.output_fields['fd.name'], '/etc/shadow');
      const write = await expectAlert('Kestrel Write Below Etc', 'ctr-files', ctr);
      assert.equal(write.output_fields['fd.name'], '/etc/motd');
      run('ctr-files-benign', 'cat /etc/hostname /etc/passwd >/dev/null; echo x > /tmp/scratch');
      await expectQuiet('ctr-files-benign');
    });

    test('Service Account Token Read by Shell Tool: cat reads it; the application does not count', async () => {
      const files: ContainerOptions['files'] = {
        '/run/secrets/kubernetes.io/serviceaccount/token': 'eyJhbGciOiJSUzI1NiJ9.test.token\n',
        '/opt/app/myapp': { copyOf: '/usr/bin/cat' },
      };
      const token = '/var/run/secrets/kubernetes.io/serviceaccount/token';
      const ctr = run('token', `cat ${token} >/dev/null`, { files });
      const a = await expectAlert('Kestrel Service Account Token Read by Shell Tool', 'token', ctr);
      assert.match(String(a.output_fields['fd.name']), /\/run\/secrets\/kubernetes\.io\/serviceaccount\/token$/);
      run('token-benign', `/opt/app/myapp ${token} >/dev/null`, { files });
      await expectQuiet('token-benign');
    });

    test('Container Drift Executable: a program written after start runs; the image program does not count', async () => {
      const files: ContainerOptions['files'] = { '/opt/app/tool': { copyOf: '/usr/bin/true' } };
      const ctr = run('drift', 'cp /usr/bin/true /opt/app/dropped && /opt/app/dropped', { overlay: true, files });
      const a = await expectAlert('Kestrel Container Drift Executable', 'drift', ctr);
      assert.equal(a.output_fields['proc.exepath'], '/opt/app/dropped');
      assert.equal(a.output_fields['proc.is_exe_upper_layer'], true);
      run('drift-benign', '/opt/app/tool', { overlay: true, files });
      await expectQuiet('drift-benign');
    });

    test('Namespace Joined and Namespace Unshared from a privileged container', async () => {
      const privileged: ContainerOptions = { capabilities: ['CAP_SYS_ADMIN'] };
      const ctr = run('ns', 'nsenter --net=/proc/1/ns/net true && unshare -m true', privileged);
      const joined = await expectAlert('Kestrel Namespace Joined from Container', 'ns', ctr);
      assert.equal(joined.output_fields['proc.name'], 'nsenter');
      const unshared = await expectAlert('Kestrel Namespace Unshared in Container', 'ns', ctr);
      assert.match(String(unshared.output_fields['evt.arg.flags']), /CLONE_NEWNS/);
      run('ns-benign', 'ls -l /proc/1/ns/ >/dev/null', privileged);
      await expectQuiet('ns-benign');
    });
  },
);
