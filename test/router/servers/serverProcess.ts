// A real server binary from a Debian package, started by a test in its own temp dir: found on
// PATH (or a clear failure naming the package), output kept for error messages, readiness polled
// a bounded number of times, and stopped (TERM, then KILL) with its temp dir removed.

import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const SEARCH_PATH = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The binary's full path, or an Error naming the Debian package that provides it. */
export function findBinary(name: string, debianPackage: string): string {
  for (const dir of SEARCH_PATH) {
    if (dir === '') continue;
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${name} is not installed: apt-get install ${debianPackage} (it is in .ci/run's packages)`);
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `kestrel-${prefix}-`));
}

export class ServerProcess {
  private output = '';
  private exited: Promise<void>;
  private exitCode: number | null | undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly dir: string,
  ) {
    child.stdout?.on('data', (c: Buffer) => this.keep(c));
    child.stderr?.on('data', (c: Buffer) => this.keep(c));
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        resolve();
      });
      child.on('error', (err) => {
        this.keep(Buffer.from(`spawn failed: ${err.message}\n`));
        this.exitCode = -1;
        resolve();
      });
    });
  }

  static start(
    name: string,
    binary: string,
    args: readonly string[],
    dir: string,
    env?: NodeJS.ProcessEnv,
  ): ServerProcess {
    // Its own process group, so stop() also ends the children a server forks per connection
    // (Exim's), which would otherwise outlive it and write into the removed temp dir.
    const child = spawn(binary, args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env ?? process.env,
      detached: true,
    });
    return new ServerProcess(name, child, dir);
  }

  private keep(chunk: Buffer): void {
    // The tail is what explains a failure; keep it bounded.
    this.output = (this.output + chunk.toString('utf8')).slice(-16_384);
  }

  get log(): string {
    return this.output;
  }

  /** Polls `ready` every 100 ms, at most `attempts` times; fails early if the server exits. */
  async waitReady(ready: () => Promise<boolean>, attempts = 100): Promise<void> {
    for (let i = 0; i < attempts; i++) {
      if (this.exitCode !== undefined)
        throw new Error(`${this.name} exited (code ${this.exitCode}) before it was ready:\n${this.output}`);
      if (await ready().catch(() => false)) return;
      await sleep(100);
    }
    throw new Error(`${this.name} was not ready after ${attempts} checks:\n${this.output}`);
  }

  /** Whether any process of the server's group is still alive. */
  private groupAlive(): boolean {
    if (this.child.pid === undefined) return false;
    try {
      process.kill(-this.child.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // the group is already gone
    }
  }

  /** TERM to the group, up to 5 s for all of it to exit, then KILL; removes the temp dir. */
  async stop(): Promise<void> {
    this.signalGroup('SIGTERM');
    for (let i = 0; i < 50 && this.groupAlive(); i++) await sleep(100);
    if (this.groupAlive()) {
      this.signalGroup('SIGKILL');
      for (let i = 0; i < 50 && this.groupAlive(); i++) await sleep(100);
    }
    if (this.exitCode === undefined) await Promise.race([this.exited, sleep(5000)]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
