// Follows audit log files as the API server writes them (e.g. Talos' /var/log/audit/kube/*.log):
// new lines become events, an incomplete last line waits for its end, and rotation is handled
// both ways log rotators do it:
//  - rename + new file: files are tracked by inode, so a renamed file keeps being read to its end
//    (even when its new name also matches the pattern) and the new file is read from its start;
//  - copytruncate: a file that shrinks, or whose first bytes change, is read again from its start.
// Changes are noticed through fs.watch on the directories, with periodic polling as a fallback
// for file systems where watching is unreliable.

import { type FSWatcher, watch } from 'node:fs';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { K8sAuditEvent } from './event.js';
import { type FilePattern, parseFilePattern } from './fileGlob.js';
import { LineSplitter } from './lineSplitter.js';
import { parseAuditText } from './parse.js';
import type { AuditParseError } from './parseError.js';

export interface AuditFileFollowerOptions {
  /** Files or patterns with wildcards in the file name (`/var/log/audit/kube/*.log`). */
  paths: string | readonly string[];
  /**
   * Where to start in the files that exist when following starts: `end` (default) reads only
   * what is written from now on; `beginning` replays them first. Files that appear later are
   * always read from their start.
   */
  startAt?: 'beginning' | 'end';
  /** Polling period in milliseconds (default 1000). */
  pollIntervalMs?: number;
  onEvent: (evt: K8sAuditEvent) => void;
  /** Bad lines (AuditParseError) and file access problems (Error naming the file). */
  onError: (err: AuditParseError | Error) => void;
}

/** What the follower knows about one followed file. */
export interface FollowedFile {
  path: string;
  /** Bytes consumed so far (complete lines plus any pending incomplete line). */
  offset: number;
}

interface Tracked {
  /** `dev:ino`, stable across renames. */
  id: string;
  path: string;
  handle: FileHandle;
  /** Next byte to read. */
  offset: number;
  splitter: LineSplitter;
  /** Line number of the next line, when reading started at the file's beginning. */
  nextLine: number | undefined;
  /** The file's first bytes, to notice a file truncated and rewritten past our offset. */
  head: Buffer;
  /** When the file stopped matching the patterns (renamed away, deleted); undefined while it matches. */
  missingSince: number | undefined;
}

const CHUNK_BYTES = 64 * 1024;
const HEAD_BYTES = 256;

export class AuditFileFollower {
  readonly #patterns: FilePattern[];
  readonly #startAt: 'beginning' | 'end';
  readonly #pollIntervalMs: number;
  readonly #onEvent: (evt: K8sAuditEvent) => void;
  readonly #onError: (err: AuditParseError | Error) => void;
  readonly #tracked = new Map<string, Tracked>();
  readonly #watchers = new Map<string, FSWatcher>();
  readonly #buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  #timer: NodeJS.Timeout | undefined;
  #tail: Promise<void> = Promise.resolve();
  #queued: Promise<void> | undefined;
  #started = false;
  #stopped = false;
  #firstScan = true;

  constructor(options: AuditFileFollowerOptions) {
    const paths = typeof options.paths === 'string' ? [options.paths] : options.paths;
    if (paths.length === 0) throw new Error('audit file follower: no file or pattern given');
    this.#patterns = paths.map(parseFilePattern);
    this.#startAt = options.startAt ?? 'end';
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    if (!(this.#pollIntervalMs > 0)) throw new Error('audit file follower: pollIntervalMs must be positive');
    this.#onEvent = options.onEvent;
    this.#onError = options.onError;
  }

  /** Files currently followed. */
  get files(): FollowedFile[] {
    return [...this.#tracked.values()].map((t) => ({ path: t.path, offset: t.offset }));
  }

  /** Opens the files and positions them; resolves once the first scan is done. */
  async start(): Promise<void> {
    if (this.#started) throw new Error('audit file follower: already started');
    this.#started = true;
    this.#timer = setInterval(() => void this.#schedule(), this.#pollIntervalMs);
    await this.#schedule();
  }

  /** Looks for new data, files and rotations now; resolves when that scan is done. */
  scanNow(): Promise<void> {
    if (!this.#started || this.#stopped) return Promise.resolve();
    return this.#schedule();
  }

  /** Stops watching and polling, waits for a running scan, and closes the files. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    for (const w of this.#watchers.values()) w.close();
    this.#watchers.clear();
    await this.#tail;
    for (const t of this.#tracked.values()) await t.handle.close().catch(() => {});
    this.#tracked.clear();
  }

  /** Runs one scan after the current one; bursts of requests share a single queued scan. */
  #schedule(): Promise<void> {
    if (this.#queued !== undefined) return this.#queued;
    const next = this.#tail.then(async () => {
      this.#queued = undefined;
      if (this.#stopped) return;
      try {
        await this.#scan();
      } catch (err) {
        this.#onError(err as Error);
      }
    });
    this.#queued = next;
    this.#tail = next;
    return next;
  }

  #watchDirectories(): void {
    for (const { dir } of this.#patterns) {
      if (this.#watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, () => void this.#schedule());
        // A watcher that fails (directory removed, ...) is dropped; polling re-creates it.
        w.on('error', () => {
          w.close();
          this.#watchers.delete(dir);
        });
        this.#watchers.set(dir, w);
      } catch {
        // Directory missing or not watchable: polling covers it until it can be watched.
      }
    }
  }

  /** The files matching the patterns now, by identity (`dev:ino`). */
  async #listMatches(): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const p of this.#patterns) {
      let names: string[];
      try {
        names = await readdir(p.dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.#onError(fileError(p.dir, err));
        continue;
      }
      names.sort();
      for (const name of names) {
        if (!p.matches(name)) continue;
        const path = join(p.dir, name);
        try {
          const st = await stat(path);
          const id = `${st.dev}:${st.ino}`;
          if (st.isFile() && !found.has(id)) found.set(id, path);
        } catch (err) {
          // Gone between listing and stat: it will show up (or not) on the next scan.
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.#onError(fileError(path, err));
        }
      }
    }
    return found;
  }

  async #scan(): Promise<void> {
    this.#watchDirectories();
    const found = await this.#listMatches();
    const initial = this.#firstScan;
    this.#firstScan = false;

    // Known files first, so data written before a rotation comes before the new file's.
    const now = Date.now();
    for (const t of [...this.#tracked.values()]) {
      const path = found.get(t.id);
      if (path !== undefined) t.path = path;
      t.missingSince = path === undefined ? (t.missingSince ?? now) : undefined;
      const before = t.offset;
      await this.#drain(t);
      // A file rotated away may still get a last write from the server, so it is kept open for
      // two polling periods after it stopped matching and it stopped growing.
      if (t.missingSince !== undefined && t.offset === before && now - t.missingSince >= 2 * this.#pollIntervalMs) {
        // A last line without its newline will never be completed: take it as it is.
        t.splitter.flush((text, offset) => this.#onLine(t, text, offset));
        this.#tracked.delete(t.id);
        await t.handle.close().catch(() => {});
      }
    }

    for (const [id, path] of found) {
      if (this.#tracked.has(id) || this.#stopped) continue;
      const t = await this.#open(id, path, initial && this.#startAt === 'end');
      if (t === undefined) continue;
      this.#tracked.set(id, t);
      await this.#drain(t);
    }
  }

  async #open(id: string, path: string, fromEnd: boolean): Promise<Tracked | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.#onError(fileError(path, err));
      return undefined;
    }
    try {
      const st = await handle.stat();
      // Opened something else than what was listed (replaced in between): next scan sorts it out.
      if (`${st.dev}:${st.ino}` !== id) {
        await handle.close();
        return undefined;
      }
      const offset = fromEnd ? await lineStartBefore(handle, st.size) : 0;
      const head = await readHead(handle);
      return {
        id,
        path,
        handle,
        offset,
        splitter: new LineSplitter(offset),
        nextLine: offset === 0 ? 1 : undefined,
        head,
        missingSince: undefined,
      };
    } catch (err) {
      await handle.close().catch(() => {});
      this.#onError(fileError(path, err));
      return undefined;
    }
  }

  /** Reads everything appended since the last read, restarting when the file was truncated. */
  async #drain(t: Tracked): Promise<void> {
    try {
      const st = await t.handle.stat();
      if (st.size < t.offset || !(await sameHead(t))) {
        t.offset = 0;
        t.splitter.reset(0);
        t.nextLine = 1;
        t.head = await readHead(t.handle);
      }
      while (t.offset < st.size && !this.#stopped) {
        const want = Math.min(CHUNK_BYTES, st.size - t.offset);
        const { bytesRead } = await t.handle.read(this.#buffer, 0, want, t.offset);
        if (bytesRead === 0) break;
        t.offset += bytesRead;
        t.splitter.push(this.#buffer.subarray(0, bytesRead), (text, offset) => this.#onLine(t, text, offset));
      }
      if (t.head.length < HEAD_BYTES && t.offset > t.head.length) t.head = await readHead(t.handle);
    } catch (err) {
      this.#onError(fileError(t.path, err));
    }
  }

  #onLine(t: Tracked, text: string, offset: number): void {
    const line = t.nextLine;
    if (line !== undefined) t.nextLine = line + 1;
    if (text.trim() === '') return;
    const where = line !== undefined ? { source: t.path, line } : { source: t.path, offset };
    const parsed = parseAuditText(text, where);
    for (const evt of parsed.events) {
      // A failing consumer must not make the follower skip the rest of what it read.
      try {
        this.#onEvent(evt);
      } catch (err) {
        this.#onError(err as Error);
      }
    }
    for (const err of parsed.errors) this.#onError(err);
  }
}

function fileError(path: string, err: unknown): Error {
  const e = new Error(`${path}: ${(err as Error).message}`);
  e.cause = err;
  return e;
}

async function readHead(handle: FileHandle): Promise<Buffer> {
  const buf = Buffer.alloc(HEAD_BYTES);
  const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
  return buf.subarray(0, bytesRead);
}

/** Whether the file still starts with the bytes seen before (false after copytruncate + rewrite). */
async function sameHead(t: Tracked): Promise<boolean> {
  if (t.head.length === 0) return true;
  const now = Buffer.alloc(t.head.length);
  const { bytesRead } = await t.handle.read(now, 0, now.length, 0);
  return bytesRead === now.length && now.equals(t.head);
}

/**
 * The start of the line containing byte `size` (just after the last newline before it), so that
 * following from the end does not begin in the middle of a line still being written.
 */
async function lineStartBefore(handle: FileHandle, size: number): Promise<number> {
  const buf = Buffer.alloc(CHUNK_BYTES);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK_BYTES);
    const { bytesRead } = await handle.read(buf, 0, end - start, start);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (nl !== -1) return start + nl + 1;
    end = start;
  }
  return 0;
}
