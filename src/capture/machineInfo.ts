// Machine-info block: libscap's packed scap_machine_info. u32 num_cpus, u64 memory_size_bytes,
// u64 max_pid, char hostname[128], u64 boot_ts_epoch (reserved1 in older captures, 0 there),
// u64 flags (reserved2), u64 reserved3, u64 reserved4.

import { Cursor } from './cursor.js';
import type { CaptureMachineInfo } from './sink.js';

export const MACHINE_INFO_SIZE = 4 + 8 + 8 + 128 + 8 * 4;
export const HOSTNAME_SIZE = 128;

export function decodeMachineInfo(c: Cursor): CaptureMachineInfo {
  c.need(MACHINE_INFO_SIZE, 'machine info');
  const numCpus = c.u32('num_cpus');
  const memoryBytes = c.u64('memory_size_bytes');
  const maxPid = c.u64n('max_pid');
  const hb = c.bytes(HOSTNAME_SIZE, 'hostname');
  const z = hb.indexOf(0);
  const hostname = hb.toString('utf8', 0, z < 0 ? HOSTNAME_SIZE : z);
  const bootTs = c.u64('boot_ts_epoch');
  const flags = c.u64('flags');
  c.skip(16, 'reserved');
  return { numCpus, memoryBytes, maxPid, hostname, bootTs, flags, maxCpuFrequency: 0, pageSize: 0 };
}
