// File: each alert as one JSON line appended to `file.path`; with `file.maxsize`, a file that
// would grow past it is renamed to PATH.1 (replacing the previous one) and a new one started.

import { closeSync, fstatSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { alertBody } from './alertBody.js';
import { type Delivery, DeliveryError, type DestinationType } from './destination.js';

class JsonLinesFile {
  private fd: number | undefined;
  private size = 0;

  constructor(
    private readonly file: string,
    private readonly maxSize: number,
  ) {}

  private open(): number {
    if (this.fd === undefined) {
      this.fd = openSync(this.file, 'a', 0o640);
      this.size = fstatSync(this.fd).size;
    }
    return this.fd;
  }

  write(text: string): void {
    const bytes = Buffer.from(text);
    if (this.maxSize > 0 && this.size > 0 && this.size + bytes.length > this.maxSize) this.rotate();
    const fd = this.open();
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at);
    this.size += bytes.length;
  }

  private rotate(): void {
    this.close();
    renameSync(this.file, `${this.file}.1`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export const fileDestination: DestinationType = {
  type: 'file',
  options: {
    path: { kind: 'string', enables: true, doc: 'file the alerts are appended to, one JSON line each; enables it' },
    maxsize: {
      kind: 'int',
      default: 0,
      doc: 'bytes after which the file is renamed to PATH.1 and restarted; 0 = never',
    },
  },
  validate(options) {
    const out: string[] = [];
    if (typeof options.maxsize === 'number' && options.maxsize < 0)
      out.push(`file.maxsize: ${options.maxsize} must be 0 or more`);
    if (String(options.path).endsWith(path.sep))
      out.push(`file.path: ${JSON.stringify(options.path)} names a folder, not a file`);
    return out;
  },
  create(options) {
    const out = new JsonLinesFile(String(options.path), Number(options.maxsize));
    return {
      name: 'file',
      maxBatch: 500,
      async send(batch: readonly Delivery[]) {
        let text = '';
        for (const d of batch) text += `${alertBody(d)}\n`;
        try {
          out.write(text);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          // a missing folder or a permission problem will not fix itself by retrying
          const retryable = !(code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR');
          throw new DeliveryError(`file: cannot write ${options.path}: ${(e as Error).message}`, retryable);
        }
      },
      async close() {
        out.close();
      },
    };
  },
};
