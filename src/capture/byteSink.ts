// Where the capture writer's bytes go: a file (written synchronously, so the writer can be fed
// from synchronous event callbacks with bounded memory), optionally gzip-compressed one flush at
// a time (gzip readers, libscap's included, read concatenated members as one stream), or memory.

import { closeSync, openSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface ByteSink {
  /** Consumes `b` before returning (the caller reuses the buffer). */
  write(b: Buffer): void;
  close(): void;
}

export class FileSink implements ByteSink {
  private fd: number | undefined;
  /** Bytes written to the file (compressed size when gzipping). */
  written = 0;

  constructor(
    path: string,
    private readonly gzip: boolean,
  ) {
    this.fd = openSync(path, 'w');
  }

  write(b: Buffer): void {
    if (this.fd === undefined) throw new Error('capture file already closed');
    const out = this.gzip ? gzipSync(b) : b;
    let off = 0;
    while (off < out.length) off += writeSync(this.fd, out, off, out.length - off);
    this.written += out.length;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

export class MemorySink implements ByteSink {
  private chunks: Buffer[] = [];

  constructor(private readonly gzip = false) {}

  write(b: Buffer): void {
    this.chunks.push(this.gzip ? gzipSync(b) : Buffer.from(b));
  }

  close(): void {}

  /** Everything written so far, as one buffer. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
