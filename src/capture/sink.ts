// What the capture reader hands out: a push-based handler, called in file order, and the
// summary it returns. Metadata blocks (machine, threads, fds, users, interfaces) come before the
// events in every capture libscap writes, so a handler can build its state before the first event.

import type { ScapEvent } from '../events/scapEvent.js';
import type { FdInfo, GroupInfo, ThreadInfo, UserInfo } from '../state/types.js';
import type { MachineInfo } from '../state/view.js';

/** Machine info block, with the fields the state's MachineInfo does not keep. */
export interface CaptureMachineInfo extends MachineInfo {
  /** Highest pid on the machine. */
  maxPid: number;
  /** SCAP_ARCH_* / SCAP_OS_* bits (0 in older captures). */
  flags: bigint;
}

/** One address of a network interface, from an interface-list block. */
export interface NetInterface {
  name: string;
  family: 'ipv4' | 'ipv6';
  /** Dotted quad (IPv4) or canonical text (IPv6). */
  addr: string;
  netmask: string;
  bcast: string;
  /** Link speed in Mbit/s; 0 when the capture predates it. */
  linkSpeed: number;
}

export interface CaptureHandler<E extends ScapEvent = ScapEvent> {
  machine?(m: CaptureMachineInfo): void;
  thread?(t: ThreadInfo): void;
  /** An fd of process `pid` (the tid the fd-list block names). */
  fd?(pid: number, fd: FdInfo): void;
  user?(u: UserInfo): void;
  group?(g: GroupInfo): void;
  iface?(i: NetInterface): void;
  /**
   * One event. `evt` is the reader's reusable view: its bytes are valid only during the call
   * (use `evt.copyBytes()` to keep them).
   */
  event(evt: E): void;
}

export interface CaptureSummary {
  /** Blocks read, the section header included. */
  blocks: number;
  /** Blocks per type name (e.g. `EV_BLOCK_TYPE_V2 (0x216)` → 143). */
  blockCounts: Record<string, number>;
  events: number;
  threads: number;
  fds: number;
  users: number;
  groups: number;
  interfaces: number;
  /** Uncompressed bytes consumed. */
  bytes: number;
  /** Whether the file was gzip-compressed. */
  compressed: boolean;
  /** Section header version, e.g. `1.2`. */
  version: { major: number; minor: number };
  /** Timestamps (ns since epoch) of the first and last event, 0n without events. */
  firstTs: bigint;
  lastTs: bigint;
  /** Things skipped rather than failed on (unknown blocks, events of unknown types). */
  warnings: string[];
  /** How many blocks of unknown type were skipped. */
  unknownBlocks: number;
  /** How many events were skipped because their type is past the event table. */
  unknownEvents: number;
}

export function emptySummary(): CaptureSummary {
  return {
    blocks: 0,
    blockCounts: {},
    events: 0,
    threads: 0,
    fds: 0,
    users: 0,
    groups: 0,
    interfaces: 0,
    bytes: 0,
    compressed: false,
    version: { major: 0, minor: 0 },
    firstTs: 0n,
    lastTs: 0n,
    warnings: [],
    unknownBlocks: 0,
    unknownEvents: 0,
  };
}
