// The native addon's interface (native/addon/sensor.c).

export interface SensorOpenOptions {
  /** x86_64 syscall numbers to capture (others return in the kernel before reading arguments). */
  syscalls: number[];
  /** Capture procexit (sched_process_exit); default true. */
  procExit?: boolean;
  /** Ring buffer size per CPU in bytes: a power of two, at least 4096 (default 8 MiB). */
  bufferBytesPerCpu?: number;
  /** Most events per batch (default 4096). */
  batchMaxEvents?: number;
  /** Longest a batch waits before it is delivered, in ms (default 20). */
  batchMaxDelayMs?: number;
  /** A process whose events the kernel drops (e.g. the sensor's own), 0 for none. */
  ignorePid?: number;
}

export interface SensorStats {
  /** Events written to the ring buffers. */
  events: number;
  /** Selected syscall exits seen (before ring buffer reservation). */
  seen: number;
  /** Events lost because a ring buffer was full. */
  drops: number;
  dropsPerCpu: number[];
  eventsPerCpu: number[];
  /** Buffer drops by category, like Falco's n_drops_buffer_*. */
  dropsByCategory: Record<
    | 'cloneForkExit'
    | 'execveExit'
    | 'connectExit'
    | 'openExit'
    | 'dirFileExit'
    | 'closeExit'
    | 'procExit'
    | 'otherInterestExit',
    number
  >;
  dropsNoRingbuf: number;
  dropsTooLarge: number;
  /** 32-bit syscalls without an x86_64 equivalent (ipc, old* calls...), ignored. */
  ia32Unmapped: number;
  /** i386 socketcalls not converted to their socket call (unknown call, unreadable arguments), ignored. */
  socketcallUnconverted: number;
  /** Batches and events handed to JavaScript. */
  batches: number;
  delivered: number;
  cpus: number;
}

/** Receives a batch: events concatenated in scap layout, and [offset, cpu] pairs. */
export type BatchCallback = (events: Buffer, index: Uint32Array) => void;

export interface SensorAddon {
  open(objectPath: string, options: SensorOpenOptions, onBatch: BatchCallback): void;
  setSyscalls(syscalls: number[]): void;
  stats(): SensorStats;
  close(): void;
  /** Syscall numbers the BPF program has a filler for. */
  supportedSyscalls(): number[];
}
