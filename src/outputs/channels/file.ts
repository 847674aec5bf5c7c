// file_output: appends one line per alert to a file. As in Falco, the file is opened in append
// mode for each alert and closed again, unless keep_alive keeps it open (reopen() then closes it,
// for log rotation). With buffered_outputs and keep_alive, lines collect in memory and are written
// in blocks.

import { type FileHandle, open } from 'node:fs/promises';
import type { Alert } from '../../engine/types.js';
import { type OutputChannel, OutputChannelError } from './channel.js';

export interface FileChannelOptions {
  /** `file_output.filename` */
  filename: string;
  /** `file_output.keep_alive` */
  keepAlive: boolean;
  /** `buffered_outputs` */
  buffered: boolean;
  /** With buffering, how many bytes of lines to collect before writing them out. */
  bufferSize?: number;
}

const DEFAULT_BUFFER_SIZE = 8192;

export class FileChannel implements OutputChannel {
  readonly name = 'file';
  readonly #options: FileChannelOptions;
  #handle: FileHandle | undefined;
  #pending = '';

  constructor(options: FileChannelOptions) {
    this.#options = options;
  }

  async #open(): Promise<FileHandle> {
    if (this.#handle !== undefined) return this.#handle;
    try {
      this.#handle = await open(this.#options.filename, 'a');
    } catch (e) {
      // Falco's wording, then the system's reason.
      const reason = e instanceof Error ? e.message : String(e);
      throw new OutputChannelError(this.name, `failed to open output file ${this.#options.filename}: ${reason}`, {
        cause: e,
      });
    }
    return this.#handle;
  }

  async #append(text: string): Promise<void> {
    const handle = await this.#open();
    try {
      await handle.appendFile(text, 'utf8');
    } finally {
      if (!this.#options.keepAlive) await this.#release();
    }
  }

  async #release(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle !== undefined) await handle.close();
  }

  async write(_alert: Alert, formatted: string): Promise<void> {
    const line = `${formatted}\n`;
    // Buffering only makes sense while the file stays open between alerts.
    if (this.#options.buffered && this.#options.keepAlive) {
      this.#pending += line;
      if (this.#pending.length >= (this.#options.bufferSize ?? DEFAULT_BUFFER_SIZE)) await this.flush();
      return;
    }
    await this.#append(line);
  }

  async flush(): Promise<void> {
    if (this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    await this.#append(text);
  }

  async reopen(): Promise<void> {
    await this.flush();
    await this.#release();
    if (this.#options.keepAlive) await this.#open();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.#release();
    }
  }
}
