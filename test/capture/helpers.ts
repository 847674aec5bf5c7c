// Shared pieces of the capture tests: the real captures, sysdig (the reference reader), a
// handler that records everything, and raw block builders for synthetic files.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { CaptureHandler, CaptureMachineInfo, NetInterface } from '../../src/capture/index.js';
import type { ScapEvent } from '../../src/events/scapEvent.js';
import type { FdInfo, GroupInfo, ThreadInfo, UserInfo } from '../../src/state/types.js';

/** dist/test/capture/ → repo/../shared/corpus/legacy/trace_files/ */
export const TRACE_DIR = fileURLToPath(new URL('../../../../shared/corpus/legacy/trace_files/', import.meta.url));
export const CAPTURES = [
  'cat_write.scap',
  'connect_localhost.scap',
  'empty.scap',
  'open-multiple-files.scap',
  'ping_sendto.scap',
  'syscall.scap',
];

export function capturePath(name: string): string {
  return TRACE_DIR + name;
}

/** The capture's uncompressed bytes. */
export function plainCapture(name: string): Buffer {
  const b = readFileSync(capturePath(name));
  return b[0] === 0x1f ? gunzipSync(b) : b;
}

export const SYSDIG_MISSING = (() => {
  try {
    execFileSync('sysdig', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'sysdig is not installed (the reference reader these tests compare with)';
  }
})();

/** `sysdig -r FILE -p FORMAT` lines (with -D: internal events and sysdig's own too). */
export function sysdig(file: string, format: string, internal = true): string[] {
  const args = [...(internal ? ['-D'] : []), '-r', file, '-p', format];
  const out = execFileSync('sysdig', args, { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }).toString();
  return out.split('\n').filter((l) => l !== '');
}

export interface Recorded {
  machine: CaptureMachineInfo[];
  threads: ThreadInfo[];
  fds: Array<[number, FdInfo]>;
  users: UserInfo[];
  groups: GroupInfo[];
  ifaces: NetInterface[];
  /** num ts tid type-id, per event. */
  events: Array<{
    num: number;
    ts: bigint;
    tid: number;
    type: number;
    name: string;
    cpu: number;
    flags: number;
    bytes: Buffer;
  }>;
}

export function recorder(): { rec: Recorded; handler: CaptureHandler } {
  const rec: Recorded = { machine: [], threads: [], fds: [], users: [], groups: [], ifaces: [], events: [] };
  const handler: CaptureHandler = {
    machine: (m) => rec.machine.push(m),
    thread: (t) => rec.threads.push(t),
    fd: (pid, fd) => rec.fds.push([pid, fd]),
    user: (u) => rec.users.push(u),
    group: (g) => rec.groups.push(g),
    iface: (i) => rec.ifaces.push(i),
    event: (e: ScapEvent) =>
      rec.events.push({
        num: e.num,
        ts: e.ts,
        tid: e.tid,
        type: e.type,
        name: e.name,
        cpu: e.cpu,
        flags: e.blockFlags,
        bytes: e.copyBytes(),
      }),
  };
  return { rec, handler };
}

/** Offsets and types of every block of an uncompressed capture. */
export function blockIndex(b: Buffer): Array<{ at: number; type: number; len: number }> {
  const out: Array<{ at: number; type: number; len: number }> = [];
  for (let at = 0; at + 8 <= b.length;) {
    const len = b.readUInt32LE(at + 4);
    out.push({ at, type: b.readUInt32LE(at), len });
    if (len < 12) break;
    at += len;
  }
  return out;
}

/** A raw block: type, body, padding, lengths. */
export function rawBlock(type: number, body: Buffer): Buffer {
  const pad = (4 - (body.length % 4)) % 4;
  const len = 8 + body.length + pad + 4;
  const b = Buffer.alloc(len);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(len, 4);
  body.copy(b, 8);
  b.writeUInt32LE(len, len - 4);
  return b;
}

export function sectionHeader(major = 1, minor = 2, magic = 0x1a2b3c4d): Buffer {
  const body = Buffer.alloc(16);
  body.writeUInt32LE(magic, 0);
  body.writeUInt16LE(major, 4);
  body.writeUInt16LE(minor, 6);
  body.writeBigInt64LE(-1n, 8);
  return rawBlock(0x0a0d0d0a, body);
}

/** Little-endian field writer for synthetic block bodies. */
export class Body {
  private parts: Buffer[] = [];
  u8(v: number): this {
    this.parts.push(Buffer.from([v]));
    return this;
  }
  u16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(v);
    this.parts.push(b);
    return this;
  }
  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.parts.push(b);
    return this;
  }
  i32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.parts.push(b);
    return this;
  }
  u64(v: bigint | number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt.asIntN(64, BigInt(v)));
    this.parts.push(b);
    return this;
  }
  raw(b: Buffer): this {
    this.parts.push(b);
    return this;
  }
  str(s: string | Buffer): this {
    const b = typeof s === 'string' ? Buffer.from(s) : s;
    return this.u16(b.length).raw(b);
  }
  get length(): number {
    return this.parts.reduce((n, p) => n + p.length, 0);
  }
  build(): Buffer {
    return Buffer.concat(this.parts);
  }
  /** The body with a u32 length prefix (counting itself when `inclusive`). */
  prefixed(inclusive: boolean): Buffer {
    const b = this.build();
    const n = Buffer.alloc(4);
    n.writeUInt32LE(b.length + (inclusive ? 4 : 0));
    return Buffer.concat([n, b]);
  }
}
