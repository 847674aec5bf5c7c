// The /proc scan against the real system: a child started by the test, with a known cwd, argv and
// open file, and a TCP listener of the test's own process, must be found as libscap would.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ppmOpenFlags } from '../../../src/sources/host/openFlags.js';
import { parseProcCgroups, scanProc } from '../../../src/sources/host/procScan.js';
import { SystemState } from '../../../src/state/systemState.js';
import type { FdInfo, ThreadInfo } from '../../../src/state/types.js';

describe('scanProc', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-procscan-'));
  const file = join(dir, 'held.txt');
  writeFileSync(file, 'x');
  const server = createServer();
  let child: ReturnType<typeof spawn>;
  let port = 0;

  before(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
    child = spawn('sh', ['-c', `exec 3<${file}; exec sleep 30`], { cwd: dir, stdio: 'ignore' });
    // Wait until the exec of sleep took place (bounded).
    for (let i = 0; i < 200; i++) {
      const threads: ThreadInfo[] = [];
      scanProc({ thread: (t) => threads.push(t), fd: () => {} }, { withFds: false });
      if (threads.some((t) => t.pid === child.pid && t.comm === 'sleep')) break;
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  after(() => {
    child.kill('SIGKILL');
    server.close();
  });

  test('finds a process with its argv, cwd, ids and open file', () => {
    const threads: ThreadInfo[] = [];
    const fds: Array<[number, FdInfo]> = [];
    const summary = scanProc({ thread: (t) => threads.push(t), fd: (pid, fd) => fds.push([pid, fd]) });
    assert.ok(summary.processes > 1 && summary.threads >= summary.processes);
    const t = threads.find((x) => x.pid === child.pid);
    assert.ok(t, 'child not found');
    assert.equal(t.comm, 'sleep');
    assert.deepEqual(t.args, ['30']);
    assert.equal(t.exe, 'sleep');
    assert.match(t.exepath, /\/sleep$/);
    assert.equal(t.cwd, `${dir}/`);
    assert.equal(t.ptid, process.pid);
    assert.equal(t.uid, process.getuid?.());
    assert.ok(t.cloneTs > 0n);
    assert.ok(t.cgroups.length > 0);
    const held = fds.find(([pid, fd]) => pid === child.pid && fd.fd === 3);
    assert.ok(held, 'fd 3 not found');
    assert.equal(held[1].type, 'file');
    assert.equal(held[1].name, file);
    assert.equal(held[1].openFlags & 3, 1); // PPM_O_RDONLY
  });

  test('names the test process own listening socket', () => {
    const fds: FdInfo[] = [];
    scanProc({ thread: () => {}, fd: (pid, fd) => pid === process.pid && fds.push(fd) });
    const listener = fds.find((f) => f.type === 'ipv4' && f.name === `127.0.0.1:${port}`);
    assert.ok(listener, fds.map((f) => `${f.fd} ${f.type} ${f.name}`).join(', '));
    assert.equal(listener.sock?.l4proto, 'tcp');
    assert.equal(listener.sock?.serverSocket, true);
  });

  test('fills the system state: the child is known with its parent and fd table', () => {
    const state = new SystemState();
    scanProc({ thread: (t) => state.addThread(t), fd: (pid, fd) => state.addFd(pid, fd) });
    const t = state.thread(child.pid as number);
    assert.ok(t);
    assert.equal(state.parent(t)?.pid, process.pid);
    assert.equal(state.fdTable(t)?.get(3)?.name, file);
  });

  test('a proc folder with a vanished or unreadable process is skipped, not fatal', () => {
    const fake = mkdtempSync(join(tmpdir(), 'kestrel-fakeproc-'));
    mkdirSync(join(fake, '4242', 'task'), { recursive: true }); // no threads: ended mid-scan
    mkdirSync(join(fake, '4243', 'task', '4243'), { recursive: true }); // no status file
    writeFileSync(join(fake, 'stat'), 'btime 1700000000\n');
    const s = scanProc({ thread: () => assert.fail('no thread expected'), fd: () => {} }, { procRoot: fake });
    assert.deepEqual(s, { processes: 0, threads: 0, fds: 0, vanished: 2 });
  });
});

describe('proc scan helpers', () => {
  test('cgroup lines of hybrid hosts', () => {
    assert.deepEqual(parseProcCgroups('12:cpu,cpuacct:/docker/abc\n1:name=systemd:/x\n0::/user.slice\ngarbage\n'), [
      ['cpu', '/docker/abc'],
      ['cpuacct', '/docker/abc'],
      ['systemd', '/x'],
      ['unified', '/user.slice'],
    ]);
  });

  test('open flags to PPM_O_* bits', () => {
    assert.equal(ppmOpenFlags(0), 1); // O_RDONLY
    assert.equal(ppmOpenFlags(0o2000002), 3 | 4096); // O_RDWR|O_CLOEXEC
    assert.equal(ppmOpenFlags(0o101 | 0o1000), 2 | 4 | 256); // O_WRONLY|O_CREAT|O_TRUNC
    assert.equal(ppmOpenFlags(0o200000), 1 | 1024); // O_DIRECTORY
  });
});
