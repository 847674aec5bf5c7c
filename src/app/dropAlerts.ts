// The drop monitor of a pipeline: its alert goes to the outputs as Falco's internal alert (source
// `internal`, priority Debug), its log lines to the logger.
import { alertHostname } from '../engine/hostname.js';
import { Priority } from '../engine/priority.js';
import { DROP_RULE, type DropCounters, DropMonitor } from '../sources/syscall/dropMonitor.js';
import type { Logger } from './logger.js';
import type { Pipeline } from './pipeline.js';

export function createDropMonitor(
  pipeline: Pipeline,
  counters: () => DropCounters,
  logger: Logger,
  ebpf: boolean,
): DropMonitor {
  const hostname = alertHostname();
  return new DropMonitor(
    pipeline.config.syscallEventDrops,
    counters,
    {
      alert: (time, message, fields) =>
        pipeline.outputs.dispatchInternal({
          time,
          priority: Priority.Debug,
          rule: DROP_RULE,
          message,
          fields,
          hostname,
        }),
      log: (level, message) => logger.log(level, message),
    },
    ebpf,
  );
}
