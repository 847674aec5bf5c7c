// Kestrel's default rules on the host, end to end: real acts on the real kernel (a PostgreSQL
// server running a shell, an SSH login with a terminal, a reverse shell, droppers, privilege
// escalation tools) each raise their rule in `kestrel run`'s output, and a benign act beside
// each raises nothing. Every process a scenario starts carries KESTREL_SCENARIO, which the
// alerts print, so other activity on the machine cannot confuse the checks.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sensorUnavailableReason } from '../../src/sensor/load.js';
import { type LiveAlert, LiveKestrel, onHost, runScenario, SCENARIO_FIELD } from './support/liveKestrel.js';
import { buildTools } from './support/tools.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const missing = [
  ['cc', '/usr/bin/cc'],
  ['postgres', `${PG_BIN}/postgres`],
  ['sshd', '/usr/sbin/sshd'],
  ['ssh', '/usr/bin/ssh'],
  ['setpriv', '/usr/bin/setpriv'],
].filter(([, p]) => !existsSync(p));
const why =
  sensorUnavailableReason() ??
  (missing.length ? `not installed: ${missing.map(([n]) => n).join(', ')} (.ci/run installs them)` : undefined);

describe('default rules on the host, live', { skip: why ? `cannot run: ${why}` : false, timeout: 600_000 }, () => {
  let live: LiveKestrel;
  let tools: ReturnType<typeof buildTools>;
  const cleanup: Array<() => void> = [];

  before(async () => {
    tools = buildTools();
    cleanup.push(() => rmSync(tools.dir, { recursive: true, force: true }));
    live = await LiveKestrel.start();
  });

  after(async () => {
    await live?.stop();
    for (const c of cleanup.reverse()) c();
  });

  const byScenario = (rule: string, scenario: string) => (a: LiveAlert) =>
    a.rule === rule && a.output_fields[SCENARIO_FIELD] === scenario;

  async function expectAlert(rule: string, scenario: string): Promise<LiveAlert> {
    return live.waitForAlert(`${rule} (scenario ${scenario})`, byScenario(rule, scenario));
  }

  /** After everything so far went through the rules: the scenario raised nothing. */
  async function expectQuiet(scenario: string): Promise<void> {
    await live.settle();
    assert.deepEqual(
      live.ofScenario(scenario).map((a) => `${a.rule}: ${a.output}`),
      [],
      `scenario ${scenario} raised alerts`,
    );
  }

  test('Sensitive File Read: cat /etc/shadow alerts; cat /etc/passwd and passwd-like tools do not', async () => {
    runScenario('shadow', 'cat', ['/etc/shadow']);
    const a = await expectAlert('Kestrel Sensitive File Read', 'shadow');
    assert.equal(a.output_fields['fd.name'], '/etc/shadow');
    assert.equal(a.output_fields['proc.name'], 'cat');
    assert.equal(a.output_fields['container.id'], 'host');
    assert.equal(a.priority, 'Warning');
    runScenario('passwd-read', 'cat', ['/etc/passwd']);
    runScenario('passwd-read', 'getent', ['shadow', 'root']); // getent is not in the readers list...
    await live.settle();
    // ...and reading shadow through it is reported, while /etc/passwd is not
    assert.deepEqual(
      live.ofScenario('passwd-read').map((a) => [a.rule, a.output_fields['fd.name']]),
      [['Kestrel Sensitive File Read', '/etc/shadow']],
    );
  });

  test('Sensitive File Read through 32-bit syscalls: int $0x80 open/openat of /etc/shadow alerts, of /etc/hostname not', async () => {
    // i386 open is 5, fstat's number on x86_64: the sensor converts the number and reads ebx/ecx/edx
    const int80 = tools.path('int80');
    for (const cmd of ['open', 'openat']) {
      const r = runScenario(`shadow-int80-${cmd}`, int80, [cmd, '/etc/shadow']);
      assert.match(r.output, /^res \d+$/m, `the i386 ${cmd} opened /etc/shadow: ${r.output}`);
      const a = await expectAlert('Kestrel Sensitive File Read', `shadow-int80-${cmd}`);
      assert.equal(a.output_fields['fd.name'], '/etc/shadow');
      assert.equal(a.output_fields['proc.name'], 'kestrel-int80');
    }
    runScenario('int80-benign', int80, ['open', '/etc/hostname']);
    runScenario('int80-benign', int80, ['openat', '/etc/passwd']);
    await expectQuiet('int80-benign');
  });

  test('Write Below Etc, Binary Directory, Root Home and Node State: writes alert, benign neighbours do not', async () => {
    const tag = `kestrel-e2e-${process.pid}`;
    const files = [`/etc/${tag}.conf`, `/usr/local/bin/${tag}`, `/root/.${tag}rc`, `/var/run/${tag}.state`];
    cleanup.push(() => files.forEach((f) => rmSync(f, { force: true })));
    for (const f of files) runScenario('writes', 'sh', ['-c', `echo x > ${f}`]);
    const etc = await expectAlert('Kestrel Write Below Etc', 'writes');
    assert.equal(etc.output_fields['fd.name'], files[0]);
    assert.match(String(etc.output_fields['evt.arg.flags']), /O_WRONLY/);
    assert.equal(
      (await expectAlert('Kestrel Write Below Binary Directory', 'writes')).output_fields['fd.name'],
      files[1],
    );
    assert.equal((await expectAlert('Kestrel Write Below Root Home', 'writes')).output_fields['fd.name'], files[2]);
    assert.equal(
      (await expectAlert('Kestrel Write Below Node State Directory', 'writes')).output_fields['fd.name'],
      files[3],
    );

    // reads, caches, pid files and a write below /usr/local/share are fine
    const benign = [`/root/.cache/${tag}`, `/var/run/${tag}.pid`, `/usr/local/share/${tag}`];
    cleanup.push(() => benign.forEach((f) => rmSync(f, { force: true })));
    mkdirSync('/root/.cache', { recursive: true });
    for (const f of benign) runScenario('writes-benign', 'sh', ['-c', `echo x > ${f}`]);
    runScenario('writes-benign', 'cat', ['/etc/hostname', '/usr/bin/true', '/root/.bashrc']);
    await expectQuiet('writes-benign');
  });

  test('Binary Executed from Writable Directory and Executable Bit Set: a dropper in /tmp', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-dropper-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const payload = join(dir, 'payload');
    runScenario('dropper', 'sh', ['-c', `cp /usr/bin/true ${payload} && chmod 755 ${payload} && ${payload}`]);
    const chmod = await expectAlert('Kestrel Executable Bit Set in Writable Directory', 'dropper');
    assert.equal(chmod.output_fields['proc.name'], 'chmod');
    const exec = await expectAlert('Kestrel Binary Executed from Writable Directory', 'dropper');
    assert.equal(exec.output_fields['proc.exepath'], payload);

    // a data file made read-only in /tmp, and a program run from /usr/bin
    const data = join(dir, 'data.txt');
    runScenario('dropper-benign', 'sh', ['-c', `echo x > ${data} && chmod 644 ${data} && /usr/bin/true`]);
    await expectQuiet('dropper-benign');
  });

  test('Fileless Execution: a program run from a memfd', async () => {
    runScenario('fileless', tools.path('memfdexec'), ['/usr/bin/true']);
    const a = await expectAlert('Kestrel Fileless Execution', 'fileless');
    assert.equal(a.priority, 'Critical');
    runScenario('fileless-benign', '/usr/bin/true', []);
    await expectQuiet('fileless-benign');
  });

  test('Reverse Shell: bash with stdin and stdout on a TCP socket', async () => {
    const server = spawn(process.execPath, [
      '-e',
      "const s=require('net').createServer(c=>setTimeout(()=>c.end(),200)).listen(0,'127.0.0.1',()=>console.log(s.address().port))",
    ]);
    cleanup.push(() => server.kill('SIGKILL'));
    const port = await firstLine(server);
    runScenario('revshell', 'bash', ['-c', `bash -c 'exit 0' 0<>/dev/tcp/127.0.0.1/${port} 1>&0`]);
    const a = await expectAlert('Kestrel Reverse Shell', 'revshell');
    assert.match(String(a.output_fields['fd.name']), new RegExp(`->127\\.0\\.0\\.1:${port}$`));
    assert.equal(a.priority, 'Critical');

    // the same shell talking to the socket on fd 3 is an ordinary client
    runScenario('revshell-benign', 'bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}; exec 3>&-`]);
    await expectQuiet('revshell-benign');
  });

  test('Reverse Shell through i386 socketcall: a socket made and connected by socketcall, dup2 onto stdout', async () => {
    // the dup2's fd is a socket only if the sensor turned socketcall into socket/connect events
    const server = spawn(process.execPath, [
      '-e',
      "const s=require('net').createServer(c=>setTimeout(()=>c.end(),200)).listen(0,'127.0.0.1',()=>console.log(s.address().port))",
    ]);
    cleanup.push(() => server.kill('SIGKILL'));
    const port = await firstLine(server);
    const int80 = tools.path('int80');
    const r = runScenario('revshell-socketcall', int80, ['sc-dup2', '127.0.0.1', port]);
    assert.match(r.output, /^res 1$/m, `the i386 dup2 put the socket on stdout: ${r.output}`);
    const a = await expectAlert('Kestrel Reverse Shell', 'revshell-socketcall');
    assert.match(String(a.output_fields['fd.name']), new RegExp(`->127\\.0\\.0\\.1:${port}$`));
    assert.equal(a.output_fields['proc.name'], 'kestrel-int80');

    // the same socketcall connect without the dup2 is an ordinary client
    runScenario('revshell-socketcall-benign', int80, ['sc-connect', '127.0.0.1', port]);
    await expectQuiet('revshell-socketcall-benign');
  });

  test('Shell Spawned by Service: PostgreSQL COPY ... FROM PROGRAM', async () => {
    const pg = await startPostgres('service-shell');
    cleanup.push(pg.stop);
    psql(pg, 'select 1', 'service-shell-benign');
    await expectQuiet('service-shell-benign');
    psql(pg, "create temp table t(x text); copy t from program 'echo owned'", 'service-shell-client');
    const a = await live.waitForAlert(
      'Shell Spawned by Service from postgres',
      (x) =>
        x.rule === 'Kestrel Shell Spawned by Service' &&
        x.output_fields['proc.pname'] === 'postgres' &&
        String(x.output_fields['proc.cmdline']).includes('echo owned'),
    );
    assert.equal(a.output_fields['proc.name'], 'sh');
    assert.equal(a.priority, 'Error');
  });

  test('Interactive SSH Shell on Node: ssh -tt alerts, a command without a terminal does not', async () => {
    const sshd = await startSshd();
    cleanup.push(sshd.stop);
    const marker = `kestrel-ssh-${process.pid}`;
    const r = spawnSync('ssh', [...sshd.clientArgs, '-tt', 'root@127.0.0.1', `true ${marker}-tty`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 0, `ssh: ${r.stderr}`);
    const a = await live.waitForAlert(
      'Interactive SSH Shell on Node',
      (x) =>
        x.rule === 'Kestrel Interactive SSH Shell on Node' &&
        String(x.output_fields['proc.cmdline']).includes(`${marker}-tty`),
    );
    assert.equal(a.output_fields['proc.pname'], 'sshd');
    assert.notEqual(a.output_fields['proc.tty'], 0);

    const mark = live.mark();
    const t = spawnSync('ssh', [...sshd.clientArgs, '-T', 'root@127.0.0.1', `true ${marker}-notty`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(t.status, 0, `ssh: ${t.stderr}`);
    await live.settle();
    assert.deepEqual(
      live
        .since(mark)
        .filter((x) => String(x.output_fields['proc.cmdline'] ?? '').includes(marker))
        .map((x) => x.rule),
      [],
    );
  });

  test('Setuid to Root by Non-root User: a setuid-root file run by uid 1000 of a logged-in session', async () => {
    const suid = join(tools.dir, 'suid-copy');
    copyFileSync(tools.path('setuidroot'), suid);
    chownSync(suid, 0, 0);
    chmodSync(suid, 0o4755);
    // a login session of uid 1000: loginuid is set once per session, as pam_loginuid does
    const asUser = (scenario: string, program: string) =>
      runScenario(scenario, 'sh', [
        '-c',
        `echo 1000 > /proc/self/loginuid && exec setpriv --reuid=1000 --regid=1000 --clear-groups ${program}`,
      ]);
    const r = asUser('setuid', suid);
    assert.equal(r.status, 0, r.output);
    const a = await expectAlert('Kestrel Setuid to Root by Non-root User', 'setuid');
    assert.equal(a.output_fields['user.loginuid'], 1000);
    assert.equal(a.output_fields['user.uid'], 0);

    // the same program without the setuid bit cannot become root: nothing to report
    const plain = asUser('setuid-benign', tools.path('setuidroot'));
    assert.notEqual(plain.status, 0);
    await expectQuiet('setuid-benign');
  });

  test('Ptrace Attach: a non-debugger attaching alerts; strace on the host does not', async () => {
    runScenario('ptrace', tools.path('tracer'), []);
    const a = await expectAlert('Kestrel Ptrace Attach', 'ptrace');
    assert.equal(a.output_fields['evt.arg.request'], 'PTRACE_ATTACH');
    if (existsSync('/usr/bin/strace')) {
      runScenario('ptrace-benign', 'strace', ['-f', '-o', '/dev/null', '/usr/bin/true']);
      await expectQuiet('ptrace-benign');
    }
  });

  test('Capabilities Raised by Non-root Process: uid 1000 with ambient CAP_SYS_ADMIN', async () => {
    runScenario('caps', 'setpriv', [
      '--reuid=1000',
      '--regid=1000',
      '--clear-groups',
      '--inh-caps=+sys_admin',
      '--ambient-caps=+sys_admin',
      '/usr/bin/true',
    ]);
    const a = await expectAlert('Kestrel Capabilities Raised by Non-root Process', 'caps');
    assert.match(String(a.output_fields['thread.cap_effective']), /CAP_SYS_ADMIN/);
    assert.equal(a.output_fields['user.uid'], 1000);
    runScenario('caps-benign', 'setpriv', ['--reuid=1000', '--regid=1000', '--clear-groups', '/usr/bin/true']);
    await expectQuiet('caps-benign');
  });

  test('BPF Program Loaded: an unknown loader alerts; listing programs does not', async () => {
    const r = runScenario('bpf', tools.path('bpfload'), []);
    assert.equal(r.status, 0, r.output);
    const a = await expectAlert('Kestrel BPF Program Loaded', 'bpf');
    assert.equal(a.output_fields['evt.arg.cmd'], 'BPF_PROG_LOAD');
    runScenario('bpf-benign', 'bpftool', ['prog', 'list']);
    await expectQuiet('bpf-benign');
  });

  test('Crypto Miner Started: a program named xmrig, and a pool on a command line', async () => {
    const miner = join(tools.dir, 'xmrig');
    copyFileSync('/usr/bin/true', miner);
    runScenario('miner', miner, ['--version']);
    const a = await expectAlert('Kestrel Crypto Miner Started', 'miner');
    assert.equal(a.output_fields['proc.name'], 'xmrig');
    runScenario('miner-pool', '/usr/bin/true', ['-o', 'stratum+tcp://pool.example:3333']);
    await expectAlert('Kestrel Crypto Miner Started', 'miner-pool');
    runScenario('miner-benign', '/usr/bin/true', ['-o', 'https://example.org:3333']);
    await expectQuiet('miner-benign');
  });

  test('Outbound Connection to Mining Pool Port: a public address on 3333, in a network namespace', async () => {
    // the namespace holds 198.51.100.7 (TEST-NET-2, not private) on its loopback: nothing leaves it
    const script = (port: number) =>
      [
        'ip link set lo up',
        'ip addr add 198.51.100.7/32 dev lo',
        `${process.execPath} -e "const s=require('net').createServer(c=>c.end()).listen(${port},'198.51.100.7',()=>{require('child_process').execFileSync('bash',['-c','exec 3<>/dev/tcp/198.51.100.7/${port}']);s.close()})"`,
      ].join(' && ');
    const r = runScenario('pool', 'unshare', ['-n', 'sh', '-c', script(3333)]);
    assert.equal(r.status, 0, r.output);
    const a = await expectAlert('Kestrel Outbound Connection to Mining Pool Port', 'pool');
    assert.equal(a.output_fields['fd.sip'], '198.51.100.7');
    assert.equal(a.output_fields['fd.sport'], 3333);
    const b = runScenario('pool-benign', 'unshare', ['-n', 'sh', '-c', script(8443)]);
    assert.equal(b.status, 0, b.output);
    await expectQuiet('pool-benign');
  });
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('no output from helper server')), 10_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        done(out.slice(0, nl).trim());
      }
    });
  });
}

interface Postgres {
  socketDir: string;
  port: number;
  stop: () => void;
}

/** A throwaway PostgreSQL cluster, owned by the postgres user, on a unix socket only. */
async function startPostgres(scenario: string): Promise<Postgres> {
  const dir = mkdtempSync('/var/lib/kestrel-e2e-pg-');
  chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const data = join(dir, 'data');
  const port = 20000 + (process.pid % 20000);
  const asPg = (args: string[]) =>
    runScenario(scenario, 'setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', ...args], {
      timeout: 60_000,
    });
  const init = asPg([`${PG_BIN}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres']);
  assert.equal(init.status, 0, init.output);
  const start = asPg([
    `${PG_BIN}/pg_ctl`,
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'log'),
    '-o',
    `-c listen_addresses='' -k ${dir} -p ${port}`,
    'start',
  ]);
  assert.equal(start.status, 0, start.output);
  return {
    socketDir: dir,
    port,
    stop: () => {
      asPg([`${PG_BIN}/pg_ctl`, '-D', data, '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function psql(pg: Postgres, sql: string, scenario: string): void {
  const r = runScenario(scenario, 'psql', ['-h', pg.socketDir, '-p', String(pg.port), '-U', 'postgres', '-c', sql]);
  assert.equal(r.status, 0, r.output);
}

interface Sshd {
  clientArgs: string[];
  stop: () => void;
}

/** sshd on 127.0.0.1 with its own host key, config and authorized key; the system's are untouched. */
async function startSshd(): Promise<Sshd> {
  const dir = mkdtempSync('/var/lib/kestrel-e2e-ssh-');
  chmodSync(dir, 0o700);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  copyFileSync(join(dir, 'client_key.pub'), join(dir, 'authorized_keys'));
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = 30000 + (process.pid % 20000);
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PrintMotd no',
      'PrintLastLog no',
      '',
    ].join('\n'),
  );
  const [cmd, args] = onHost('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')]);
  const child = spawn(cmd, args, { stdio: 'ignore' });
  const clientArgs = [
    '-i',
    join(dir, 'client_key'),
    '-p',
    String(port),
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'LogLevel=ERROR',
  ];
  // bounded wait for the listener
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('ssh', [...clientArgs, '-T', 'root@127.0.0.1', 'true'], { timeout: 10_000 });
    if (r.status === 0) break;
    if (i === 99) throw new Error(`sshd did not start: ${r.stderr}`);
    await new Promise((res) => setTimeout(res, 100));
  }
  return {
    clientArgs,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}
