// The log's segment files: `<first seq, 16 digits>.seg` in the segments folder. At start every
// segment is scanned; a torn or corrupt tail of the newest one (a crash during a write) is cut
// off, so appends continue after the last whole record.

import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readSync } from 'node:fs';
import path from 'node:path';
import { decodeRecordAt } from './recordCodec.js';

export interface SegmentInfo {
  readonly firstSeq: number;
  count: number;
  size: number;
  readonly file: string;
}

const NAME = /^(\d{16})\.seg$/;

export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.seg`;
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readWhole(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, buf, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return buf.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

export interface Recovery {
  readonly segments: SegmentInfo[];
  /** What was cut off or skipped, for the log. */
  readonly notes: string[];
}

/** Lists and checks every segment; truncates the newest one after its last whole record. */
export function recoverSegments(dir: string): Recovery {
  mkdirSync(dir, { recursive: true });
  const names = readdirSync(dir)
    .filter((n) => NAME.test(n))
    .sort();
  const segments: SegmentInfo[] = [];
  const notes: string[] = [];
  names.forEach((name, i) => {
    const file = path.join(dir, name);
    const firstSeq = Number(NAME.exec(name)![1]);
    const buf = readWhole(file);
    let offset = 0;
    let count = 0;
    let problem: string | undefined;
    while (offset < buf.length) {
      const step = decodeRecordAt(buf, offset);
      if (step.kind === 'short') {
        problem = `a torn record of ${buf.length - offset} bytes at the end`;
        break;
      }
      if (step.kind === 'corrupt') {
        problem = step.reason;
        break;
      }
      if (step.record.seq !== firstSeq + count) {
        problem = `record ${step.record.seq} where ${firstSeq + count} was expected`;
        break;
      }
      count++;
      offset = step.next;
    }
    const last = i === names.length - 1;
    if (problem !== undefined) {
      if (last) {
        const fd = openSync(file, 'r+');
        try {
          ftruncateSync(fd, offset);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        notes.push(`${name}: ${problem}; cut at byte ${offset} after ${count} records`);
      } else {
        notes.push(`${name}: ${problem} at byte ${offset}; the ${count} records before it are kept`);
      }
    }
    segments.push({ firstSeq, count, size: offset, file });
  });
  return { segments, notes };
}
