// Splits a byte stream into lines, keeping an incomplete last line until its end arrives.
// Splitting works on bytes: in UTF-8 the newline byte never occurs inside a multi-byte character,
// so each line decodes on its own and byte offsets stay exact.

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export type LineHandler = (text: string, byteOffset: number) => void;

export class LineSplitter {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Byte offset, in the whole stream, of the first pending byte. */
  #lineStart: number;

  constructor(startOffset = 0) {
    this.#lineStart = startOffset;
  }

  /** Bytes received that do not yet end with a newline. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Feeds bytes; calls `onLine` for every line they complete (without its `\n` or `\r\n`). */
  push(chunk: Buffer, onLine: LineHandler): void {
    let start = 0;
    let nl = chunk.indexOf(NEWLINE, start);
    while (nl !== -1) {
      let line: Buffer;
      if (this.#pendingBytes > 0) {
        this.#pending.push(chunk.subarray(start, nl));
        line = Buffer.concat(this.#pending);
        this.#pending = [];
        this.#pendingBytes = 0;
      } else {
        line = chunk.subarray(start, nl);
      }
      const offset = this.#lineStart;
      this.#lineStart += line.length + 1;
      onLine(decodeLine(line), offset);
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      // Copy: callers may reuse their read buffer.
      this.#pending.push(Buffer.from(chunk.subarray(start)));
      this.#pendingBytes += chunk.length - start;
    }
  }

  /** Delivers the incomplete last line, if any, as a line of its own. */
  flush(onLine: LineHandler): void {
    if (this.#pendingBytes === 0) return;
    const line = Buffer.concat(this.#pending);
    const offset = this.#lineStart;
    this.reset(this.#lineStart + line.length);
    onLine(decodeLine(line), offset);
  }

  /** Drops any incomplete line and restarts counting at `startOffset`. */
  reset(startOffset = 0): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#lineStart = startOffset;
  }
}

function decodeLine(line: Buffer): string {
  const end = line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN ? line.length - 1 : line.length;
  return line.toString('utf8', 0, end);
}
