// The live sensor on the real kernel: real commands, their events decoded with the project's
// ScapEvent and run through SystemState. Skipped (with the reason) when not root or not built.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { EVENT_CODES as C } from '../../src/events/eventTable.js';
import { ScapEvent } from '../../src/events/scapEvent.js';
import { LiveSource, type LiveSourceOptions } from '../../src/sensor/liveSource.js';
import { sensorUnavailableReason } from '../../src/sensor/load.js';
import { syscallNumbersFor } from '../../src/sensor/syscallNumbers.js';
import { decodeSockaddr, decodeSocktuple } from '../../src/state/decode/sockaddr.js';
import { splitNulStrings } from '../../src/state/decode/strings.js';
import { SyscallEvent } from '../../src/sources/syscall/syscallEvent.js';
import { SystemState } from '../../src/state/systemState.js';
import { buildTools } from '../e2e/support/tools.js';

const run = promisify(execFile);
const unavailable = sensorUnavailableReason();
const skip = unavailable === undefined ? false : `live sensor unavailable: ${unavailable}`;

/** Runs the sensor while `work` runs, collecting copies of the events until `done` says so (bounded). */
async function capture(
  opts: LiveSourceOptions,
  work: () => Promise<void>,
  done: (evts: ScapEvent[]) => boolean,
): Promise<{ events: ScapEvent[]; stats: ReturnType<LiveSource<ScapEvent>['stats']> }> {
  const events: ScapEvent[] = [];
  const src = new LiveSource(new ScapEvent(), (e) => {
    if (events.length < 500_000) {
      const copy = new ScapEvent().set(e.copyBytes(), 0, e.cpu);
      copy.num = e.num;
      events.push(copy);
    }
  });
  src.open({ batchMaxDelayMs: 5, ...opts });
  try {
    await work();
    for (let i = 0; i < 400 && !done(events); i++) await new Promise((r) => setTimeout(r, 10));
    return { events, stats: src.stats() };
  } finally {
    src.close();
  }
}

const byTs = (a: ScapEvent, b: ScapEvent): number => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);
const param = (e: ScapEvent, name: string): number => {
  const i = e.paramIndex(name);
  assert.ok(i >= 0, `${e.info.code} has no parameter ${name}`);
  return i;
};

describe('live sensor', { skip }, () => {
  it('captures cat /etc/hostname: clone, execve, openat and procexit with their parameters', async () => {
    let childPid = 0;
    const sel = syscallNumbersFor([
      C.PPME_SYSCALL_OPENAT_2_X,
      C.PPME_SYSCALL_EXECVE_19_X,
      C.PPME_SYSCALL_CLONE_20_X,
      C.PPME_SYSCALL_CLONE3_X,
      C.PPME_SYSCALL_CLOSE_X,
    ]);
    const { events, stats } = await capture(
      { syscalls: sel },
      async () => {
        const p = run('/bin/cat', ['/etc/hostname']);
        childPid = p.child.pid ?? 0;
        await p;
      },
      (evts) => evts.some((e) => e.type === C.PPME_PROCEXIT_1_E && e.tid === childPid),
    );
    assert.ok(childPid > 0);
    const mine = events.filter((e) => e.tid === childPid).sort(byTs);
    const codes = mine.map((e) => e.info.code);
    assert.ok(codes.includes('PPME_SYSCALL_EXECVE_19_X'), `events of the child: ${codes.join(' ')}`);

    // the child's side of the clone that created it (res 0), before its execve
    const clone = mine.find((e) => e.type === C.PPME_SYSCALL_CLONE_20_X || e.type === C.PPME_SYSCALL_CLONE3_X);
    if (clone) {
      assert.equal(clone.paramInt(param(clone, 'res')), 0);
      assert.equal(clone.paramInt(param(clone, 'tid')), childPid);
      assert.equal(clone.paramInt(param(clone, 'pid')), childPid);
      assert.equal(clone.paramInt(param(clone, 'ptid')), process.pid);
      assert.equal(clone.paramString(param(clone, 'cwd')), process.cwd());
    }

    const exec = mine.find((e) => e.type === C.PPME_SYSCALL_EXECVE_19_X)!;
    assert.equal(exec.nparams, 31);
    assert.equal(exec.paramInt(param(exec, 'res')), 0);
    assert.equal(exec.paramString(param(exec, 'exe')), '/bin/cat');
    assert.deepEqual(splitNulStrings(exec.paramBytes(param(exec, 'args'))), ['/etc/hostname']);
    assert.equal(exec.paramInt(param(exec, 'tid')), childPid);
    assert.equal(exec.paramInt(param(exec, 'pid')), childPid);
    assert.equal(exec.paramInt(param(exec, 'ptid')), process.pid);
    assert.equal(exec.paramString(param(exec, 'cwd')), process.cwd());
    assert.equal(exec.paramString(param(exec, 'comm')), 'cat');
    assert.equal(exec.paramString(param(exec, 'filename')), '/bin/cat');
    assert.match(exec.paramString(param(exec, 'trusted_exepath')) ?? '', /^\/(usr\/)?bin\/cat$/);
    assert.equal(exec.paramUint(param(exec, 'uid')), process.geteuid?.());
    const cgroups = splitNulStrings(exec.paramBytes(param(exec, 'cgroups')));
    assert.ok(cgroups.length > 0 && cgroups.every((c) => /^[a-z_]+=\//.test(c)), `cgroups: ${cgroups.join(' ')}`);
    assert.ok(splitNulStrings(exec.paramBytes(param(exec, 'env'))).some((v) => v.startsWith('PATH=')));
    assert.ok((exec.paramU64(param(exec, 'exe_ino')) ?? 0n) > 0n);

    const open = mine.find((e) => e.type === C.PPME_SYSCALL_OPENAT_2_X && e.paramString(2) === '/etc/hostname');
    assert.ok(open, 'openat of /etc/hostname');
    const fd = open.paramInt(param(open, 'fd'))!;
    assert.ok(fd >= 3, `fd ${fd}`);
    assert.equal(open.paramInt(param(open, 'dirfd')), -100);
    assert.equal(open.paramUint(param(open, 'flags'))! & 3, 1, 'PPM_O_RDONLY');
    assert.ok((open.paramU64(param(open, 'ino')) ?? 0n) > 0n);
    const close = mine.find((e) => e.type === C.PPME_SYSCALL_CLOSE_X && e.paramInt(1) === fd);
    assert.ok(close, 'close of the opened fd');
    assert.equal(close.paramInt(0), 0);

    const exit = mine.find((e) => e.type === C.PPME_PROCEXIT_1_E)!;
    assert.equal(exit.paramInt(param(exit, 'ret')), 0);
    assert.equal(exit.paramUint(param(exit, 'sig')), 0);

    // run everything through the state in time order: the thread becomes cat, the fd is named
    const state = new SystemState();
    const view = new SyscallEvent();
    let openThreadComm = '';
    let openFdName = '';
    for (const e of [...events].sort(byTs)) {
      view.set(e.buf, e.start, e.cpu);
      state.process(view);
      if (e === open) {
        openThreadComm = view.thread?.comm ?? '';
        openFdName = view.fdInfo?.name ?? '';
      }
    }
    assert.equal(openThreadComm, 'cat');
    assert.equal(openFdName, '/etc/hostname');
    assert.equal(stats.drops, 0);
    assert.ok(stats.events >= events.length);
  });

  it('reports sh -c "exec /bin/true" as two execs of one process, and a failed execve', async () => {
    let childPid = 0;
    const { events } = await capture(
      { syscalls: syscallNumbersFor([C.PPME_SYSCALL_EXECVE_19_X]) },
      async () => {
        const p = run('/bin/sh', ['-c', 'exec /bin/true; echo']);
        childPid = p.child.pid ?? 0;
        await p;
        await run('/bin/sh', ['-c', '/nonexistent/kestrel-test 2>/dev/null; exit 0']);
      },
      (evts) => evts.some((e) => e.type === C.PPME_SYSCALL_EXECVE_19_X && (e.paramInt(0) ?? 0) < 0),
    );
    const execs = events.filter((e) => e.type === C.PPME_SYSCALL_EXECVE_19_X && e.tid === childPid).sort(byTs);
    assert.deepEqual(
      execs.map((e) => [e.paramInt(0), e.paramString(1), e.paramString(13)]),
      [
        [0, '/bin/sh', 'sh'],
        [0, '/bin/true', 'true'],
      ],
    );
    const failed = events.find(
      (e) =>
        e.type === C.PPME_SYSCALL_EXECVE_19_X && e.paramString(param(e, 'filename')) === '/nonexistent/kestrel-test',
    );
    assert.ok(failed, 'the failed execve');
    assert.equal(failed.paramInt(0), -2, 'ENOENT');
    assert.equal(failed.paramString(13), 'sh');
  });

  it('captures a TCP connect to a local listener with its tuple and address', async () => {
    const isTcpConnect = (e: ScapEvent, tid: number): boolean =>
      e.type === C.PPME_SOCKET_CONNECT_X &&
      e.tid === tid &&
      decodeSockaddr(e.paramBytes(param(e, 'addr')))?.family === 2;
    const server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    let childPid = 0;
    try {
      const { events } = await capture(
        { syscalls: syscallNumbersFor([C.PPME_SOCKET_CONNECT_X, C.PPME_SOCKET_SOCKET_X]), procExit: false },
        async () => {
          const p = run('/bin/bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}; exec 3>&-`]);
          childPid = p.child.pid ?? 0;
          await p;
        },
        (evts) => evts.some((e) => isTcpConnect(e, childPid)),
      );
      // bash may first try a unix socket (nscd, ENOENT) on some hosts: take the AF_INET one
      const connect = events.find((e) => isTcpConnect(e, childPid));
      assert.ok(connect, 'connect event of bash');
      assert.equal(connect.paramInt(param(connect, 'res')), 0);
      const tuple = decodeSocktuple(connect.paramBytes(param(connect, 'tuple')));
      assert.ok(tuple && 'sip' in tuple, `tuple ${JSON.stringify(tuple)}`);
      assert.equal(tuple.sip, '127.0.0.1');
      assert.equal(tuple.dip, '127.0.0.1');
      assert.equal(tuple.dport, port);
      assert.ok(tuple.sport > 0 && tuple.sport !== port);
      assert.deepEqual(decodeSockaddr(connect.paramBytes(param(connect, 'addr'))), {
        family: 2,
        ip: '127.0.0.1',
        port,
      });
      const fd = connect.paramInt(param(connect, 'fd'))!;
      // the unix socket of that nscd try may have had the same fd number: take the last socket before the connect
      const socket = events
        .filter(
          (e) => e.type === C.PPME_SOCKET_SOCKET_X && e.tid === childPid && e.paramInt(0) === fd && e.ts <= connect.ts,
        )
        .sort(byTs)
        .at(-1);
      assert.ok(socket, 'socket event creating the fd');
      assert.equal(socket.paramUint(param(socket, 'domain')), 2);
      assert.ok(
        events.every((e) => e.type !== C.PPME_PROCEXIT_1_E),
        'procExit: false keeps procexit out',
      );

      // the state names the fd after the tuple
      const state = new SystemState();
      const view = new SyscallEvent();
      let name = '';
      for (const e of [...events].sort(byTs)) {
        view.set(e.buf, e.start, e.cpu);
        state.process(view);
        if (e === connect) name = view.fdInfo?.name ?? '';
      }
      assert.equal(name, `127.0.0.1:${tuple.sport}->127.0.0.1:${port}`);
    } finally {
      server.close();
    }
  });

  it('captures IPv6 and unix-socket connects with their tuples, and the server side of accept', async (t) => {
    // node connects without blocking: the result is 0 or EINPROGRESS (-115)
    const v6 = createServer((c) => c.end());
    const hasV6 = await new Promise<boolean>((r) => {
      v6.once('error', () => r(false));
      v6.listen(0, '::1', () => r(true));
    });
    if (!hasV6) t.diagnostic('this host has no IPv6 loopback: the unix socket half only');
    const port = hasV6 ? (v6.address() as AddressInfo).port : 0;
    const path = `/tmp/kestrel-sensor-${process.pid}.sock`;
    const ux = createServer((c) => c.end());
    await new Promise<void>((r) => ux.listen(path, r));
    const pids: number[] = [];
    try {
      const client = (target: string) => {
        const p = run(process.execPath, [
          '-e',
          `require('net').connect(${target}).on('connect', function () { this.end(); })`,
        ]);
        pids.push(p.child.pid ?? 0);
        return p;
      };
      const { events } = await capture(
        {
          syscalls: syscallNumbersFor([C.PPME_SOCKET_CONNECT_X, C.PPME_SOCKET_ACCEPT4_6_X]),
          procExit: false,
        },
        async () => {
          if (hasV6) await client(`{ host: '::1', port: ${port} }`);
          else pids.push(-1);
          await client(`${JSON.stringify(path)}`);
        },
        (evts) =>
          pids.length === 2 &&
          pids.every((pid) => evts.some((e) => e.type === C.PPME_SOCKET_CONNECT_X && e.tid === pid)),
      );
      const connectOf = (pid: number) =>
        events.find(
          (e) => e.type === C.PPME_SOCKET_CONNECT_X && e.tid === pid && [0, -115].includes(e.paramInt(0) ?? -1),
        );
      if (hasV6) {
        const c6 = connectOf(pids[0]);
        assert.ok(c6, 'IPv6 connect');
        const t6 = decodeSocktuple(c6.paramBytes(param(c6, 'tuple')));
        assert.ok(t6 && 'sip' in t6, JSON.stringify(t6));
        assert.equal(t6.family, 10);
        assert.equal(t6.dip, '::1');
        assert.equal(t6.dport, port);
      }
      const cu = connectOf(pids[1]);
      assert.ok(cu, 'unix connect');
      const tu = decodeSocktuple(cu.paramBytes(param(cu, 'tuple')));
      assert.ok(tu && 'path' in tu, `unix tuple of family ${tu?.family}`);
      assert.equal(tu.family, 1);
      assert.equal(tu.path, path);
      const accepted = events.filter((e) => e.type === C.PPME_SOCKET_ACCEPT4_6_X && e.tid === process.pid);
      const families = accepted.map((e) => decodeSocktuple(e.paramBytes(param(e, 'tuple')))?.family).sort();
      assert.deepEqual(families, hasV6 ? [1, 10] : [1], 'the test process accepted the connections');
    } finally {
      if (hasV6) v6.close();
      ux.close();
    }
  });

  it('captures setreuid and setregid with the ids asked for (-1 keeps one)', async () => {
    let pid = 0;
    const { events } = await capture(
      { syscalls: syscallNumbersFor([C.PPME_SYSCALL_SETREUID_X, C.PPME_SYSCALL_SETREGID_X]), procExit: false },
      async () => {
        const p = run('python3', ['-c', 'import os; os.setregid(-1, 0); os.setreuid(-1, 0)']);
        pid = p.child.pid ?? 0;
        await p;
      },
      (evts) => evts.some((e) => e.type === C.PPME_SYSCALL_SETREUID_X && e.tid === pid),
    );
    const mine = events.filter((e) => e.tid === pid).sort(byTs);
    assert.deepEqual(
      mine.map((e) => [e.info.code, e.paramInt(0), e.paramUint(1), e.paramUint(2)]),
      [
        ['PPME_SYSCALL_SETREGID_X', 0, 0xffffffff, 0],
        ['PPME_SYSCALL_SETREUID_X', 0, 0xffffffff, 0],
      ],
    );
  });

  it('selects in the kernel: unselected syscalls never arrive, setSyscalls changes the set', async () => {
    const events: ScapEvent[] = [];
    const src = new LiveSource(new ScapEvent(), (e) => {
      events.push(new ScapEvent().set(e.copyBytes(), 0, e.cpu));
    });
    src.open({ syscalls: syscallNumbersFor([C.PPME_SYSCALL_CLOSE_X]), procExit: false, batchMaxDelayMs: 5 });
    try {
      await run('/bin/cat', ['/etc/hostname']);
      await new Promise((r) => setTimeout(r, 100));
      const types = new Set(events.map((e) => e.info.code));
      assert.deepEqual([...types], ['PPME_SYSCALL_CLOSE_X']);
      const before = src.stats();
      assert.equal(before.seen, before.events + before.drops + before.dropsNoRingbuf + before.dropsTooLarge);
      src.setSyscalls(syscallNumbersFor([C.PPME_SYSCALL_OPENAT_2_X]));
      events.length = 0;
      await run('/bin/cat', ['/etc/hostname']);
      for (let i = 0; i < 100 && !events.some((e) => e.paramString(2) === '/etc/hostname'); i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.ok(events.some((e) => e.type === C.PPME_SYSCALL_OPENAT_2_X && e.paramString(2) === '/etc/hostname'));
      assert.ok(events.filter((e) => e.num === 0).length === events.length, 'copies carry no number');
    } finally {
      src.close();
    }
    assert.ok(src.delivered > 0);
  });

  it('numbers events sequentially through the reused view', async () => {
    const nums: number[] = [];
    const view = new ScapEvent();
    const src = new LiveSource(view, (e) => {
      assert.equal(e, view);
      nums.push(e.num);
    });
    src.open({ syscalls: syscallNumbersFor([C.PPME_SYSCALL_OPENAT_2_X]), batchMaxDelayMs: 5 });
    try {
      await run('/bin/cat', ['/etc/hostname']);
      for (let i = 0; i < 100 && nums.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    } finally {
      src.close();
    }
    assert.ok(nums.length > 0);
    assert.deepEqual(
      nums,
      nums.map((_, i) => i + 1),
    );
  });

  it('counts ring buffer drops when the buffer is tiny and load is high', async () => {
    const src = new LiveSource(new ScapEvent(), () => {});
    src.open({
      syscalls: syscallNumbersFor([C.PPME_SYSCALL_OPENAT_2_X, C.PPME_SYSCALL_CLOSE_X]),
      bufferBytesPerCpu: 4096,
      batchMaxDelayMs: 50,
    });
    try {
      let stats = src.stats();
      // opens and closes from this process, in a blocking loop the poll thread cannot keep up with
      for (let round = 0; round < 50 && stats.drops === 0; round++) {
        for (let i = 0; i < 2000; i++) closeSync(openSync('/etc/hostname', 'r'));
        stats = src.stats();
      }
      assert.ok(stats.drops > 0, `no drops: ${JSON.stringify(stats)}`);
      assert.equal(stats.dropsPerCpu.length, stats.cpus);
      assert.equal(
        stats.dropsPerCpu.reduce((a, b) => a + b, 0),
        stats.drops,
      );
      assert.equal(stats.dropsByCategory.openExit + stats.dropsByCategory.closeExit, stats.drops);
    } finally {
      src.close();
    }
  });
});

/** Every parameter of an event, as bytes (for "reported exactly as the 64-bit call" checks). */
const allParams = (e: ScapEvent): string[] =>
  Array.from({ length: e.nparams }, (_, i) => e.paramBytes(i)?.toString('hex') ?? '');

describe('live sensor, 32-bit syscalls (int $0x80 from a 64-bit process)', { skip }, () => {
  let int80 = '';
  let toolsDir = '';
  let noIa32: string | false = false;

  before(() => {
    const tools = buildTools('kestrel-', ['int80']);
    toolsDir = tools.dir;
    int80 = tools.path('int80');
  });
  after(() => {
    if (toolsDir) rmSync(toolsDir, { recursive: true, force: true });
  });

  /** Runs int80, returning its pid and the numbers it printed ("res N", "fd N", "port N"). */
  async function tool(...args: string[]): Promise<{ pid: number; res: number; fd?: number; port?: number }> {
    const p = run(int80, args);
    const pid = p.child.pid ?? 0;
    const { stdout } = await p;
    const num = (k: string) => {
      const m = new RegExp(`^${k} (-?\\d+)$`, 'm').exec(stdout);
      return m ? Number(m[1]) : undefined;
    };
    return { pid, res: num('res')!, fd: num('fd'), port: num('port') };
  }

  async function ia32Available(t: { skip: (why: string) => void }): Promise<boolean> {
    if (noIa32 === false) {
      const { res } = await tool('open', '/etc/hostname');
      noIa32 = res === -38 ? 'this kernel has no IA32 emulation (int $0x80 returns ENOSYS)' : '';
    }
    if (noIa32) t.skip(noIa32);
    return !noIa32;
  }

  it('reports i386 open (5) and openat (295) as open/openat with the path, fd and inode of the 64-bit calls', async (t) => {
    if (!(await ia32Available(t))) return;
    const file = '/etc/hostname';
    const runs: Array<{ pid: number; res: number }> = [];
    const { events } = await capture(
      { syscalls: syscallNumbersFor([C.PPME_SYSCALL_OPEN_X, C.PPME_SYSCALL_OPENAT_2_X, C.PPME_SYSCALL_CLOSE_X]) },
      async () => {
        for (const args of [['open'], ['--64', 'open'], ['openat'], ['--64', 'openat']])
          runs.push(await tool(...args, file));
      },
      (evts) =>
        runs.length === 4 &&
        runs.every(
          (r) =>
            evts.some(
              (e) => e.tid === r.pid && (e.type === C.PPME_SYSCALL_OPEN_X || e.type === C.PPME_SYSCALL_OPENAT_2_X),
            ) && evts.some((e) => e.tid === r.pid && e.type === C.PPME_SYSCALL_CLOSE_X && e.paramInt(1) === r.res),
        ),
    );
    const ino = BigInt(statSync(file).ino);
    const openOf = (pid: number, type: number) => {
      const found = events.filter((e) => e.tid === pid && e.type === type);
      assert.equal(
        found.length,
        1,
        `one ${type} event of ${pid}: ${events.filter((e) => e.tid === pid).map((e) => e.info.code)}`,
      );
      return found[0];
    };
    const [o32, o64, a32, a64] = runs;
    const open32 = openOf(o32.pid, C.PPME_SYSCALL_OPEN_X);
    assert.equal(open32.paramInt(param(open32, 'fd')), o32.res);
    assert.ok(o32.res >= 3);
    assert.equal(open32.paramString(param(open32, 'name')), file);
    assert.equal(open32.paramUint(param(open32, 'flags'))! & 3, 1, 'PPM_O_RDONLY');
    assert.equal(open32.paramU64(param(open32, 'ino')), ino);
    assert.deepEqual(allParams(open32), allParams(openOf(o64.pid, C.PPME_SYSCALL_OPEN_X)));

    const at32 = openOf(a32.pid, C.PPME_SYSCALL_OPENAT_2_X);
    assert.equal(at32.paramInt(param(at32, 'fd')), a32.res);
    assert.equal(at32.paramInt(param(at32, 'dirfd')), -100);
    assert.equal(at32.paramString(param(at32, 'name')), file);
    assert.ok(at32.paramUint(param(at32, 'flags'))! & 4096, 'PPM_O_CLOEXEC');
    assert.deepEqual(allParams(at32), allParams(openOf(a64.pid, C.PPME_SYSCALL_OPENAT_2_X)));

    // i386 close (6) is close, not x86_64 6 (lstat)
    const close32 = events.find(
      (e) => e.tid === o32.pid && e.type === C.PPME_SYSCALL_CLOSE_X && e.paramInt(1) === o32.res && e.ts > open32.ts,
    );
    assert.ok(close32, 'the i386 close of the opened fd');
    assert.deepEqual([close32.paramInt(0), close32.paramInt(1)], [0, o32.res]);
  });

  /**
   * `int80 MODE` (i386) then `int80 --64 MODE` connect to a 127.0.0.1 listener, their socket and
   * connect events captured; the listener is closed once both are seen.
   */
  async function connectPair(mode: 'connect' | 'sc-connect') {
    const server = createServer((c) => c.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const runs: Array<{ pid: number; res: number; fd?: number }> = [];
    try {
      const { events } = await capture(
        { syscalls: syscallNumbersFor([C.PPME_SOCKET_SOCKET_X, C.PPME_SOCKET_CONNECT_X]), procExit: false },
        async () => {
          runs.push(await tool(mode, '127.0.0.1', String(port)));
          runs.push(await tool('--64', mode, '127.0.0.1', String(port)));
        },
        (evts) =>
          runs.length === 2 &&
          runs.every((r) => evts.some((e) => e.type === C.PPME_SOCKET_CONNECT_X && e.tid === r.pid)),
      );
      return { events, port, r32: runs[0], r64: runs[1] };
    } finally {
      server.close();
    }
  }

  /** The i386 connect has the 64-bit one's result, fd, address and tuple, but for the source port. */
  function assertConnectLike64(conn32: ScapEvent, conn64: ScapEvent, fd: number | undefined, port: number): void {
    assert.equal(conn32.paramInt(param(conn32, 'res')), 0);
    assert.equal(conn32.paramInt(param(conn32, 'fd')), fd);
    const tuple = decodeSocktuple(conn32.paramBytes(param(conn32, 'tuple')));
    assert.ok(tuple && 'sip' in tuple, JSON.stringify(tuple));
    assert.deepEqual([tuple.sip, tuple.dip, tuple.dport], ['127.0.0.1', '127.0.0.1', port]);
    assert.ok(tuple.sport > 0);
    assert.deepEqual(decodeSockaddr(conn32.paramBytes(param(conn32, 'addr'))), { family: 2, ip: '127.0.0.1', port });
    const strip = (e: ScapEvent) => allParams(e).filter((_, i) => i !== param(e, 'tuple'));
    assert.deepEqual(strip(conn32), strip(conn64));
  }

  it('reports i386 socket (359) and connect (362) with the fd, tuple and address of the 64-bit calls', async (t) => {
    if (!(await ia32Available(t))) return;
    const { events, port, r32, r64 } = await connectPair('connect');
    const of = (pid: number, type: number) => events.find((e) => e.tid === pid && e.type === type);
    assert.equal(r32.res, 0, 'the i386 connect succeeded');
    const sock32 = of(r32.pid, C.PPME_SOCKET_SOCKET_X);
    assert.ok(sock32, 'i386 socket event');
    assert.equal(sock32.paramInt(0), r32.fd);
    assert.deepEqual(allParams(sock32), allParams(of(r64.pid, C.PPME_SOCKET_SOCKET_X)!));
    const conn32 = of(r32.pid, C.PPME_SOCKET_CONNECT_X);
    const conn64 = of(r64.pid, C.PPME_SOCKET_CONNECT_X);
    assert.ok(conn32 && conn64, 'both connect events');
    assertConnectLike64(conn32, conn64, r32.fd, port);
  });

  it('converts i386 socketcall SYS_SOCKET and SYS_CONNECT into socket and connect events equal to the 64-bit calls', async (t) => {
    if (!(await ia32Available(t))) return;
    const { events, port, r32, r64 } = await connectPair('sc-connect');
    const only = (pid: number, type: number) => {
      const found = events.filter((e) => e.tid === pid && e.type === type);
      assert.equal(found.length, 1, `one ${type} event of ${pid}`);
      return found[0];
    };
    assert.equal(r32.res, 0, 'the socketcall connect succeeded');
    const sock32 = only(r32.pid, C.PPME_SOCKET_SOCKET_X);
    assert.equal(sock32.paramInt(param(sock32, 'fd')), r32.fd);
    assert.equal(sock32.paramUint(param(sock32, 'domain')), 2);
    assert.deepEqual(allParams(sock32), allParams(only(r64.pid, C.PPME_SOCKET_SOCKET_X)));
    assertConnectLike64(only(r32.pid, C.PPME_SOCKET_CONNECT_X), only(r64.pid, C.PPME_SOCKET_CONNECT_X), r32.fd, port);
  });

  it('converts i386 socketcall SYS_BIND, SYS_LISTEN and SYS_ACCEPT4 into bind, listen and accept4 events equal to the 64-bit calls', async (t) => {
    if (!(await ia32Available(t))) return;
    const runs: Array<{ pid: number; res: number; fd?: number; port?: number }> = [];
    const { events } = await capture(
      {
        syscalls: syscallNumbersFor([C.PPME_SOCKET_BIND_X, C.PPME_SOCKET_LISTEN_X, C.PPME_SOCKET_ACCEPT4_6_X]),
        procExit: false,
      },
      async () => {
        runs.push(await tool('sc-accept4', '127.0.0.1'));
        runs.push(await tool('--64', 'sc-accept4', '127.0.0.1'));
      },
      (evts) =>
        runs.length === 2 &&
        runs.every((r) => evts.some((e) => e.type === C.PPME_SOCKET_ACCEPT4_6_X && e.tid === r.pid)),
    );
    const only = (pid: number, type: number) => {
      const found = events.filter((e) => e.tid === pid && e.type === type);
      assert.equal(
        found.length,
        1,
        `one ${type} event of ${pid}: ${events.filter((e) => e.tid === pid).map((e) => e.info.code)}`,
      );
      return found[0];
    };
    const [r32, r64] = runs;
    assert.ok(r32.res > (r32.fd ?? 0), `accept4 gave fd ${r32.res}`);
    const bind32 = only(r32.pid, C.PPME_SOCKET_BIND_X);
    assert.equal(bind32.paramInt(param(bind32, 'res')), 0);
    assert.equal(bind32.paramInt(param(bind32, 'fd')), r32.fd);
    assert.deepEqual(decodeSockaddr(bind32.paramBytes(param(bind32, 'addr'))), { family: 2, ip: '127.0.0.1', port: 0 });
    assert.deepEqual(allParams(bind32), allParams(only(r64.pid, C.PPME_SOCKET_BIND_X)));
    const listen32 = only(r32.pid, C.PPME_SOCKET_LISTEN_X);
    assert.deepEqual(
      [listen32.paramInt(param(listen32, 'res')), listen32.paramInt(param(listen32, 'fd'))],
      [0, r32.fd],
    );
    assert.equal(listen32.paramInt(param(listen32, 'backlog')), 5);
    assert.deepEqual(allParams(listen32), allParams(only(r64.pid, C.PPME_SOCKET_LISTEN_X)));
    const acc32 = only(r32.pid, C.PPME_SOCKET_ACCEPT4_6_X);
    const acc64 = only(r64.pid, C.PPME_SOCKET_ACCEPT4_6_X);
    assert.equal(acc32.paramInt(param(acc32, 'fd')), r32.res);
    assert.equal(acc32.paramInt(param(acc32, 'flags')), 0o2000000, 'SOCK_CLOEXEC, the fourth word');
    const tuple = decodeSocktuple(acc32.paramBytes(param(acc32, 'tuple')));
    assert.ok(tuple && 'sip' in tuple, JSON.stringify(tuple));
    assert.deepEqual([tuple.sip, tuple.dip, tuple.dport], ['127.0.0.1', '127.0.0.1', r32.port]);
    // all but the tuple (the ports of each run) are the 64-bit call's
    const strip = (e: ScapEvent) => allParams(e).filter((_, i) => i !== param(e, 'tuple'));
    assert.deepEqual(strip(acc32), strip(acc64));
  });

  it('counts i386 socketcalls it cannot convert (unknown call, unreadable arguments) and reports nothing for them', async (t) => {
    if (!(await ia32Available(t))) return;
    const server = createServer((c) => c.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const bad: Array<{ pid: number; res: number }> = [];
    let sentinel = 0;
    try {
      const { events, stats } = await capture(
        {
          syscalls: syscallNumbersFor([
            C.PPME_SOCKET_SOCKET_X,
            C.PPME_SOCKET_CONNECT_X,
            C.PPME_SOCKET_BIND_X,
            C.PPME_SOCKET_LISTEN_X,
            C.PPME_SOCKET_ACCEPT_5_X,
            C.PPME_SOCKET_ACCEPT4_6_X,
          ]),
          procExit: false,
        },
        async () => {
          bad.push(await tool('sc-raw', '99')); // no such call
          bad.push(await tool('sc-raw', '0'));
          bad.push(await tool('sc-raw', '3', 'bad')); // SYS_CONNECT, words at an unmapped address
          bad.push(await tool('sc-raw', '1', 'bad')); // SYS_SOCKET, idem
          // the sensor still converts the next good one
          sentinel = (await tool('sc-connect', '127.0.0.1', String(port))).pid;
        },
        (evts) => sentinel > 0 && evts.some((e) => e.tid === sentinel && e.type === C.PPME_SOCKET_CONNECT_X),
      );
      assert.deepEqual(
        bad.map((r) => r.res),
        [-22, -22, -14, -14],
        'EINVAL for unknown calls, EFAULT for the unreadable words',
      );
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(
        events.filter((e) => bad.some((r) => r.pid === e.tid)).map((e) => e.info.code),
        [],
        'no event for a call that could not be converted',
      );
      assert.ok(
        events.some((e) => e.tid === sentinel && e.type === C.PPME_SOCKET_SOCKET_X),
        'the good socketcall that followed was reported',
      );
      assert.ok(stats.socketcallUnconverted >= 4, `socketcallUnconverted ${stats.socketcallUnconverted}`);
    } finally {
      server.close();
    }
  });

  it('reports i386 execve (11), failed and successful, as execve', async (t) => {
    if (!(await ia32Available(t))) return;
    const missing = '/nonexistent/kestrel-int80';
    const runs: Array<{ pid: number; res: number }> = [];
    const { events } = await capture(
      { syscalls: syscallNumbersFor([C.PPME_SYSCALL_EXECVE_19_X]), procExit: false },
      async () => {
        runs.push(await tool('execve', missing));
        runs.push(await tool('--64', 'execve', missing));
        runs.push(await tool('execve', '/bin/true', 'kestrel-int80-arg'));
      },
      (evts) => runs.length === 3 && evts.some((e) => e.tid === runs[2].pid && e.paramString(1) === '/bin/true'),
    );
    const execsOf = (pid: number) => events.filter((e) => e.type === C.PPME_SYSCALL_EXECVE_19_X && e.tid === pid);
    const [f32, f64, ok32] = runs;
    assert.equal(f32.res, -2);
    const failed32 = execsOf(f32.pid).find((e) => (e.paramInt(0) ?? 0) < 0);
    const failed64 = execsOf(f64.pid).find((e) => (e.paramInt(0) ?? 0) < 0);
    assert.ok(failed32 && failed64, 'both failed execs');
    assert.equal(failed32.paramInt(0), -2, 'ENOENT');
    assert.equal(failed32.paramString(param(failed32, 'filename')), missing);
    for (const name of ['res', 'filename', 'comm', 'cwd', 'uid'])
      assert.equal(
        failed32.paramBytes(param(failed32, name))?.toString('hex'),
        failed64.paramBytes(param(failed64, name))?.toString('hex'),
        name,
      );
    const done = execsOf(ok32.pid).find((e) => e.paramString(1) === '/bin/true');
    assert.ok(done, 'the successful exec');
    assert.equal(done.paramInt(0), 0);
    assert.deepEqual(splitNulStrings(done.paramBytes(param(done, 'args'))), ['kestrel-int80-arg']);
    assert.equal(done.paramString(param(done, 'filename')), '/bin/true');
  });

  it('widens i386 16-bit set*id ids, and ignores (counts) i386 calls without an x86_64 equivalent', async (t) => {
    if (!(await ia32Available(t))) return;
    const runs: Array<{ pid: number; res: number }> = [];
    const { events, stats } = await capture(
      {
        syscalls: syscallNumbersFor([C.PPME_SYSCALL_SETREUID_X, C.PPME_SYSCALL_EXECVE_19_X]),
        procExit: false,
      },
      async () => {
        runs.push(await tool('setreuid16', '-1', '0'));
        runs.push(await tool('--64', 'setreuid16', '-1', '0'));
        // i386 59 is oldolduname; on x86_64 59 is execve: it must not be taken for a failed execve
        runs.push(await tool('oldolduname'));
      },
      (evts) => runs.length === 3 && runs.slice(0, 2).every((r) => evts.some((e) => e.tid === r.pid)),
    );
    const [s32, s64, old] = runs;
    const set32 = events.find((e) => e.tid === s32.pid && e.type === C.PPME_SYSCALL_SETREUID_X);
    const set64 = events.find((e) => e.tid === s64.pid && e.type === C.PPME_SYSCALL_SETREUID_X);
    assert.ok(set32 && set64, 'both setreuid events');
    assert.deepEqual([set32.paramInt(0), set32.paramUint(1), set32.paramUint(2)], [0, 0xffffffff, 0]);
    assert.deepEqual(allParams(set32), allParams(set64));
    assert.equal(old.res, -14, 'EFAULT from oldolduname(NULL)');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      events.filter((e) => e.tid === old.pid && (e.paramInt(0) ?? 0) < 0).map((e) => e.info.code),
      [],
    );
    assert.ok(stats.ia32Unmapped > 0, `ia32Unmapped ${stats.ia32Unmapped}`);
  });
});

describe(
  'live sensor unavailable',
  { skip: unavailable === undefined ? 'the sensor is available here' : false },
  () => {
    it('open() throws SensorUnavailableError with the reason', () => {
      const src = new LiveSource(new ScapEvent(), () => {});
      assert.throws(() => src.open({ syscalls: [] }), { name: 'SensorUnavailableError', message: unavailable });
    });
  },
);
