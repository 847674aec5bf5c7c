// The machine's figures, printed before any result so numbers are never read without them.

import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineFigures {
  cpuModel: string;
  /** Logical CPUs of the machine. */
  logicalCpus: number;
  /** CPUs this process may run on (affinity), as the kernel lists them; undefined off Linux. */
  cpusAllowed: string | undefined;
  cpuMhz: number;
  memoryTotalMiB: number;
  memoryFreeMiB: number;
  node: string;
  v8: string;
  os: string;
  arch: string;
}

function cpusAllowed(): string | undefined {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
  } catch {
    return undefined;
  }
}

export function machineFigures(): MachineFigures {
  const cpus = os.cpus();
  const mib = (bytes: number) => Math.round(bytes / (1024 * 1024));
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    logicalCpus: cpus.length,
    cpusAllowed: cpusAllowed(),
    cpuMhz: cpus[0]?.speed ?? 0,
    memoryTotalMiB: mib(os.totalmem()),
    memoryFreeMiB: mib(os.freemem()),
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()}`,
    arch: os.arch(),
  };
}
