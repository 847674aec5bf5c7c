// program_output: feeds alerts, one line each, to a program run through the shell (`/bin/sh -c`),
// whose own output goes to Kestrel's stdout and stderr as with Falco's popen(). Without
// keep_alive, every alert runs the program once and waits for it to finish; with keep_alive one
// process reads all alerts, and if it dies it is started again for the next alert (that write
// reports the earlier exit). A non-zero exit status is reported as an error.

import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import type { Alert } from '../../engine/types.js';
import { type OutputChannel, OutputChannelError } from './channel.js';

export interface ProgramChannelOptions {
  /** `program_output.program`, a shell command line. */
  program: string;
  /** `program_output.keep_alive` */
  keepAlive: boolean;
  /** `buffered_outputs`: with keep_alive, lines go to the program in blocks. */
  buffered: boolean;
  /** Where the program's stdout and stderr go; Kestrel's own by default. */
  outputStdio?: 'inherit' | 'ignore';
  /** The shell to run the program with. */
  shell?: string;
  bufferSize?: number;
}

const DEFAULT_BUFFER_SIZE = 8192;

interface Running {
  child: ChildProcess;
  /** Settles when the process has exited and its pipes are closed. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
  exited: boolean;
}

export class ProgramChannel implements OutputChannel {
  readonly name = 'program';
  readonly #options: ProgramChannelOptions;
  #running: Running | undefined;
  #pending = '';

  constructor(options: ProgramChannelOptions) {
    this.#options = options;
  }

  /** Process id of the kept-alive program while it runs; undefined when none is running. */
  get runningPid(): number | undefined {
    const running = this.#running;
    return running === undefined || running.exited ? undefined : running.child.pid;
  }

  #describeExit(res: { code: number | null; signal: NodeJS.Signals | null; error?: Error }): string | undefined {
    if (res.error !== undefined) return `cannot run program "${this.#options.program}": ${res.error.message}`;
    if (res.signal !== null) return `program "${this.#options.program}" was killed by ${res.signal}`;
    if (res.code !== 0) return `program "${this.#options.program}" exited with status ${res.code}`;
    return undefined;
  }

  #start(): Running {
    const stdio: StdioOptions = [
      'pipe',
      this.#options.outputStdio ?? 'inherit',
      this.#options.outputStdio ?? 'inherit',
    ];
    const child = spawn(this.#options.shell ?? '/bin/sh', ['-c', this.#options.program], { stdio });
    // A program that exits without reading makes our writes fail with EPIPE; that is reported
    // through the write callback, so the stream's own error event must not crash the process.
    child.stdin?.on('error', () => {});
    const running: Running = {
      child,
      exited: false,
      done: new Promise((resolve) => {
        child.once('error', (error) => {
          running.exited = true;
          resolve({ code: null, signal: null, error });
        });
        child.once('close', (code, signal) => {
          running.exited = true;
          resolve({ code, signal });
        });
      }),
    };
    return running;
  }

  #send(running: Running, text: string): Promise<void> {
    const stdin = running.child.stdin;
    if (stdin === null || stdin.destroyed) {
      return Promise.reject(new OutputChannelError(this.name, `program "${this.#options.program}" is not reading`));
    }
    return new Promise((resolve, reject) => {
      stdin.write(text, (err) => {
        if (err) {
          reject(
            new OutputChannelError(this.name, `cannot write to program "${this.#options.program}": ${err.message}`, {
              cause: err,
            }),
          );
        } else resolve();
      });
    });
  }

  async #finish(running: Running): Promise<string | undefined> {
    running.child.stdin?.end();
    return this.#describeExit(await running.done);
  }

  async #runOnce(text: string): Promise<void> {
    const running = this.#start();
    let writeError: unknown;
    try {
      await this.#send(running, text);
    } catch (e) {
      writeError = e;
    }
    const exitProblem = await this.#finish(running);
    if (exitProblem !== undefined) throw new OutputChannelError(this.name, exitProblem);
    if (writeError !== undefined) throw writeError;
  }

  async #writeKeepAlive(text: string): Promise<void> {
    let previousExit: string | undefined;
    if (this.#running?.exited) {
      // It died while we were not looking: say so, and start a new one for this alert.
      previousExit = this.#describeExit(await this.#running.done) ?? `program "${this.#options.program}" exited`;
      this.#running = undefined;
    }
    this.#running ??= this.#start();
    await this.#send(this.#running, text);
    if (previousExit !== undefined) {
      throw new OutputChannelError(this.name, `${previousExit}; it was started again`);
    }
  }

  async write(_alert: Alert, formatted: string): Promise<void> {
    const line = `${formatted}\n`;
    if (!this.#options.keepAlive) return this.#runOnce(line);
    if (this.#options.buffered) {
      this.#pending += line;
      if (this.#pending.length >= (this.#options.bufferSize ?? DEFAULT_BUFFER_SIZE)) await this.flush();
      return;
    }
    return this.#writeKeepAlive(line);
  }

  async flush(): Promise<void> {
    if (this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    await this.#writeKeepAlive(text);
  }

  /** Ends the running program (after flushing) so the next alert starts a fresh one. */
  async reopen(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    let flushError: unknown;
    try {
      await this.flush();
    } catch (e) {
      flushError = e;
    }
    const running = this.#running;
    this.#running = undefined;
    const problem = running === undefined ? undefined : await this.#finish(running);
    if (flushError !== undefined) throw flushError;
    if (problem !== undefined) throw new OutputChannelError(this.name, problem);
  }
}
