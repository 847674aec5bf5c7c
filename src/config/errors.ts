// Configuration errors, always saying where: the file, line and column (or the `-o` option) the
// value came from, and the key path, e.g.
//   kestrel.yaml:12:14: syscall_event_drops.threshold: syscall event drops threshold must be ...

import type { Origin } from './tree.js';

export function describeOrigin(origin: Origin): string {
  if (origin.kind === 'override') return `-o ${origin.option}`;
  if (origin.kind === 'default') return 'built-in defaults';
  return `${origin.file}:${origin.line}:${origin.col}`;
}

export class ConfigError extends Error {
  /** Dotted key path of the offending value (`http_output.url`), empty for the whole file. */
  readonly keyPath: string;
  readonly origin: Origin | undefined;

  constructor(problem: string, keyPath = '', origin?: Origin) {
    const where = origin === undefined ? '' : `${describeOrigin(origin)}: `;
    const key = keyPath === '' ? '' : `${keyPath}: `;
    super(`${where}${key}${problem}`);
    this.name = 'ConfigError';
    this.keyPath = keyPath;
    this.origin = origin;
  }
}

/** A warning line in the same shape as ConfigError messages. */
export function warningText(problem: string, keyPath: string, origin: Origin | undefined): string {
  return new ConfigError(problem, keyPath, origin).message;
}
