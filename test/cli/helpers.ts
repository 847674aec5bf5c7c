// Spawns the real `kestrel` command (bin/kestrel.js → dist/) the way a user would.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = resolve(REPO, 'bin/kestrel.js');
export const SHARED = resolve(REPO, '../shared');
export const LEGACY = resolve(SHARED, 'corpus/legacy');
export const OFFICIAL_RULES = resolve(SHARED, 'corpus/falco-rules');
export const AUDIT_TRACES = resolve(LEGACY, 'trace_files/k8s_audit');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function kestrel(args: string[], opts: { cwd?: string; input?: string } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** A long-running kestrel whose output can be awaited line by line. */
export class RunningKestrel {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], cwd = REPO) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd });
    this.child.stdout.on('data', (b: Buffer) => {
      this.stdout += b.toString();
    });
    this.child.stderr.on('data', (b: Buffer) => {
      this.stderr += b.toString();
    });
    this.exited = new Promise((done) => this.child.on('close', (code) => done(code)));
  }

  /** Waits until `stream` matches `re` (bounded: fails after `ms`). */
  async waitFor(stream: 'stdout' | 'stderr', re: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const m = this[stream].match(re);
      if (m) return m;
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(
          `no ${re} on ${stream} (stdout: ${this.stdout.slice(-500)} stderr: ${this.stderr.slice(-500)})`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}
