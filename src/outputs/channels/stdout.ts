// stdout_output: one line per alert on standard output. Unbuffered (the default, and what -U
// forces) writes each line as it comes; with buffered_outputs lines collect in memory and go out
// in blocks, on flush() and on close().

import type { Alert } from '../../engine/types.js';
import type { OutputChannel } from './channel.js';

/** The part of a writable stream this channel uses (process.stdout by default). */
export interface LineSink {
  write(chunk: string, callback: (err?: Error | null) => void): boolean;
}

export interface StdoutChannelOptions {
  /** `buffered_outputs` */
  buffered: boolean;
  /** Where lines go; process.stdout unless given. */
  sink?: LineSink;
  /** With buffering, how many bytes of lines to collect before writing them out. */
  bufferSize?: number;
}

/** Size of a C stdio buffer, the block Falco's buffered stdout writes in. */
const DEFAULT_BUFFER_SIZE = 8192;

function writeTo(sink: LineSink, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    sink.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

export class StdoutChannel implements OutputChannel {
  readonly name = 'stdout';
  readonly #buffered: boolean;
  readonly #sink: LineSink;
  readonly #bufferSize: number;
  #pending = '';

  constructor(options: StdoutChannelOptions) {
    this.#buffered = options.buffered;
    this.#sink = options.sink ?? process.stdout;
    this.#bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
  }

  write(_alert: Alert, formatted: string): Promise<void> | undefined {
    if (!this.#buffered) return writeTo(this.#sink, `${formatted}\n`);
    this.#pending += `${formatted}\n`;
    return this.#pending.length >= this.#bufferSize ? this.flush() : undefined;
  }

  flush(): Promise<void> {
    if (this.#pending === '') return Promise.resolve();
    const text = this.#pending;
    this.#pending = '';
    return writeTo(this.#sink, text);
  }

  close(): Promise<void> {
    return this.flush();
  }
}
