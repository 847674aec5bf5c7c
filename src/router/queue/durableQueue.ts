// The durable queue: records appended to segment files and fsync'd before append() resolves.
// Concurrent appends are group-committed: while one write+fdatasync runs, new records gather
// and go together in the next one, so one fsync covers many requests under load. Segments
// every cursor has passed are deleted; the newest one is kept so the log's end survives.

import { type FileHandle, open, readFile } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import path from 'node:path';
import type { RouterAlert } from '../alert.js';
import type { AlertQueue, QueuedRecord } from './alertQueue.js';
import { Arrivals } from './arrivals.js';
import { CursorFiles } from './cursorFiles.js';
import { decodeRecordAt, encodeRecord } from './recordCodec.js';
import { RecentRecords } from './recentRecords.js';
import { fsyncDir, recoverSegments, type SegmentInfo, segmentName } from './segmentFiles.js';

export interface DurableQueueOptions {
  readonly dir: string;
  readonly segmentSize: number;
  readonly destinations: readonly string[];
  /** Records kept decoded in memory for workers that keep up. */
  readonly recentCapacity?: number;
  readonly log?: (line: string) => void;
}

interface Pending {
  readonly record: QueuedRecord;
  readonly bytes: Buffer;
  readonly resolve: (seq: number) => void;
  readonly reject: (err: Error) => void;
}

export class DurableQueue implements AlertQueue {
  private readonly segmentsDir: string;
  private readonly cursors: CursorFiles;
  private readonly cursorValues = new Map<string, number>();
  private readonly arrivals = new Arrivals();
  private readonly recent: RecentRecords;
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private assigned: number;
  private end: number;
  private failure: Error | undefined;
  private closed = false;
  /** Write+fdatasync rounds so far: fewer than appends when group commit works. */
  commits = 0;
  private disk: { file: string; buf: Buffer; offsets: Map<number, number> } | undefined;

  private constructor(
    private readonly opts: DurableQueueOptions,
    private readonly segments: SegmentInfo[],
    private active: FileHandle,
  ) {
    this.segmentsDir = path.join(opts.dir, 'segments');
    this.cursors = new CursorFiles(path.join(opts.dir, 'cursors'));
    const last = segments[segments.length - 1];
    this.end = last.firstSeq + last.count;
    this.assigned = this.end;
    this.recent = new RecentRecords(this.end, opts.recentCapacity ?? 20000);
  }

  static async open(opts: DurableQueueOptions): Promise<DurableQueue> {
    const segmentsDir = path.join(opts.dir, 'segments');
    const { segments, notes } = recoverSegments(segmentsDir);
    for (const n of notes) opts.log?.(`queue: ${n}`);
    if (segments.length === 0) {
      const file = path.join(segmentsDir, segmentName(0));
      segments.push({ firstSeq: 0, count: 0, size: 0, file });
    }
    const active = await open(segments[segments.length - 1].file, 'a');
    fsyncDir(segmentsDir);
    const q = new DurableQueue(opts, segments, active);
    q.loadCursors();
    return q;
  }

  private loadCursors(): void {
    const first = this.segments[0].firstSeq;
    for (const name of this.opts.destinations) {
      const saved = this.cursors.load(name);
      // a cursor outside the log (its segments removed by hand): resume at the nearest edge
      const cursor = saved === undefined ? this.end : Math.min(Math.max(saved, first), this.end);
      this.cursorValues.set(name, cursor);
      if (saved !== cursor) this.cursors.save(name, cursor);
    }
    for (const gone of this.cursors.removeOthers(new Set(this.opts.destinations))) {
      this.opts.log?.(`queue: removed the cursor of ${gone}, no longer configured`);
    }
    this.deleteConsumedSegments();
  }

  get endSeq(): number {
    return this.end;
  }

  append(alert: RouterAlert): Promise<number> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the queue is closed'));
    const record: QueuedRecord = { seq: this.assigned++, acceptedAt: Date.now(), alert };
    return new Promise((resolve, reject) => {
      this.pending.push({ record, bytes: encodeRecord(record), resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.writeBatch(batch);
        } catch (e) {
          // the file's state is unknown after a failed write: refuse further appends
          this.failure = new Error(`queue write failed: ${(e as Error).message}`);
          for (const p of [...batch, ...this.pending]) p.reject(this.failure);
          this.pending = [];
          return;
        }
        for (const p of batch) this.recent.push(p.record);
        this.end = batch[batch.length - 1].record.seq + 1;
        for (const p of batch) p.resolve(p.record.seq);
        this.arrivals.committed(this.end);
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let segment = this.segments[this.segments.length - 1];
    if (segment.size >= this.opts.segmentSize) {
      await this.active.close();
      const firstSeq = batch[0].record.seq;
      segment = { firstSeq, count: 0, size: 0, file: path.join(this.segmentsDir, segmentName(firstSeq)) };
      this.active = await open(segment.file, 'a');
      fsyncDir(this.segmentsDir);
      this.segments.push(segment);
    }
    const bytes = batch.length === 1 ? batch[0].bytes : Buffer.concat(batch.map((p) => p.bytes));
    let at = 0;
    while (at < bytes.length) at += (await this.active.write(bytes, at, bytes.length - at)).bytesWritten;
    await this.active.datasync();
    this.commits++;
    segment.size += bytes.length;
    segment.count += batch.length;
  }

  async read(from: number, max: number): Promise<QueuedRecord[]> {
    if (from >= this.end) return [];
    const cached = this.recent.slice(from, Math.min(max, this.end - from));
    if (cached) return cached;
    return this.readFromDisk(from, Math.min(max, this.end - from));
  }

  /**
   * Records older than the in-memory window (after a restart or an outage) come from their
   * segment file; the last file read is kept with the offsets reads stopped at, so a worker
   * catching up reads each segment once rather than once per batch.
   */
  private async readFromDisk(from: number, max: number): Promise<QueuedRecord[]> {
    const segment = this.segmentOf(from);
    if (segment === undefined) throw new Error(`queue: record ${from} is not in any segment`);
    if (this.disk?.file !== segment.file || this.disk.buf.length < segment.size) {
      this.disk = {
        file: segment.file,
        buf: (await readFile(segment.file)).subarray(0, segment.size),
        offsets: new Map(),
      };
    }
    const { buf, offsets } = this.disk;
    const out: QueuedRecord[] = [];
    let offset = offsets.get(from) ?? 0;
    offsets.delete(from);
    while (offset < buf.length && out.length < max) {
      const step = decodeRecordAt(buf, offset);
      if (step.kind !== 'record') break;
      if (step.record.seq >= from) out.push(step.record);
      offset = step.next;
    }
    if (out.length > 0 && offsets.size < 64) offsets.set(out[out.length - 1].seq + 1, offset);
    return out;
  }

  private segmentOf(seq: number): SegmentInfo | undefined {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i];
      if (seq >= s.firstSeq) return seq < s.firstSeq + s.count ? s : undefined;
    }
    return undefined;
  }

  /** Segment files on disk, oldest first. */
  segmentFiles(): string[] {
    return this.segments.map((s) => s.file);
  }

  cursorOf(destination: string): number {
    return this.cursorValues.get(destination) ?? this.end;
  }

  saveCursor(destination: string, next: number): void {
    if (this.cursorValues.get(destination) === next) return;
    this.cursorValues.set(destination, next);
    this.cursors.save(destination, next);
    this.deleteConsumedSegments();
  }

  private deleteConsumedSegments(): void {
    let min = this.end;
    for (const c of this.cursorValues.values()) min = Math.min(min, c);
    this.recent.dropBefore(min);
    while (this.segments.length > 1 && this.segments[0].firstSeq + this.segments[0].count <= min) {
      const gone = this.segments.shift()!;
      unlinkSync(gone.file);
      if (this.disk?.file === gone.file) this.disk = undefined;
    }
  }

  waitFor(seq: number, signal: AbortSignal): Promise<void> {
    return this.arrivals.wait(seq, this.end, signal);
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    this.arrivals.releaseAll();
    this.cursors.close();
    await this.active.close();
  }
}
