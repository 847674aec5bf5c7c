// Replays a file of Kubernetes audit events: JSON lines (one Event or EventList per line, the
// kube-apiserver log backend format and what Falco's k8saudit plugin reads), or a single JSON
// document spread over several lines (an Event, an EventList, an array). Gzip-compressed files
// are recognised by their magic bytes. A bad line or item is reported and reading goes on.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { K8sAuditEvent } from './event.js';
import { LineSplitter } from './lineSplitter.js';
import { type ParsedAudit, parseAuditValue } from './parse.js';
import { AuditParseError } from './parseError.js';

export interface AuditFileSummary {
  /** How the file was read. */
  format: 'lines' | 'document';
  /** Lines seen (all of them, blank ones included). */
  lines: number;
  events: number;
  errors: number;
}

/** Largest single-document file read whole; V8 strings cannot hold much more. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

function openStream(path: string, gzip: boolean): Readable {
  const file = createReadStream(path);
  if (!gzip) return file;
  const gunzip = createGunzip();
  file.on('error', (err) => gunzip.destroy(err));
  return file.pipe(gunzip);
}

/** Reads the whole file as text, or undefined when it is larger than `limit` bytes. */
async function readWholeText(path: string, gzip: boolean, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = openStream(path, gzip);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      stream.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function deliver(
  parsed: ParsedAudit,
  onEvent: (evt: K8sAuditEvent) => void,
  onError: (err: AuditParseError) => void,
  summary: AuditFileSummary,
): void {
  for (const evt of parsed.events) onEvent(evt);
  for (const err of parsed.errors) onError(err);
  summary.events += parsed.events.length;
  summary.errors += parsed.errors.length;
}

/**
 * Reads the file line by line. With `probe`, gives up (returning undefined, nothing delivered)
 * when the first non-blank line is not JSON, so the caller can try the whole-document form.
 */
async function readLines(
  path: string,
  gzip: boolean,
  onEvent: (evt: K8sAuditEvent) => void,
  onError: (err: AuditParseError) => void,
  probe: boolean,
): Promise<AuditFileSummary | undefined> {
  const summary: AuditFileSummary = { format: 'lines', lines: 0, events: 0, errors: 0 };
  let sawContent = false;
  let gaveUp = false;
  const onLine = (text: string) => {
    if (gaveUp) return;
    const line = ++summary.lines;
    if (text.trim() === '') return;
    const where = { source: path, line };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (probe && !sawContent) {
        gaveUp = true;
        return;
      }
      sawContent = true;
      deliver(
        { events: [], errors: [new AuditParseError(`invalid JSON: ${(err as Error).message}`, where)] },
        onEvent,
        onError,
        summary,
      );
      return;
    }
    sawContent = true;
    deliver(parseAuditValue(value, where, text), onEvent, onError, summary);
  };
  const splitter = new LineSplitter();
  const stream = openStream(path, gzip);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    splitter.push(chunk, onLine);
    if (gaveUp) {
      stream.destroy();
      return undefined;
    }
  }
  splitter.flush(onLine);
  return gaveUp ? undefined : summary;
}

/**
 * Replays an audit file, calling `onEvent` for each event in file order and `onError` for each
 * line or item that could not be used (the error names the file, line and item). Rejects only
 * when the file itself cannot be read.
 */
export async function readAuditFile(
  path: string,
  onEvent: (evt: K8sAuditEvent) => void,
  onError: (err: AuditParseError) => void,
): Promise<AuditFileSummary> {
  const gzip = await isGzip(path);
  const asLines = await readLines(path, gzip, onEvent, onError, true);
  if (asLines !== undefined) return asLines;

  // The first line is not JSON on its own: the file may be one document over several lines.
  const text = await readWholeText(path, gzip, MAX_DOCUMENT_BYTES);
  if (text !== undefined) {
    let value: unknown;
    let parsedOk = true;
    try {
      value = JSON.parse(text);
    } catch {
      parsedOk = false;
    }
    if (parsedOk) {
      const summary: AuditFileSummary = { format: 'document', lines: countLines(text), events: 0, errors: 0 };
      deliver(parseAuditValue(value, { source: path }, text), onEvent, onError, summary);
      return summary;
    }
  }
  // Neither form: report each bad line.
  return (await readLines(path, gzip, onEvent, onError, false)) as AuditFileSummary;
}

function countLines(text: string): number {
  let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
