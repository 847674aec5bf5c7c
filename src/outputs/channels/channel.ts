// What every output channel (stdout, file, program, http) offers the dispatcher.

import type { Alert } from '../../engine/types.js';

export interface OutputChannel {
  /** Channel name as Falco logs it: `stdout`, `file`, `program`, `http`. */
  readonly name: string;
  /**
   * Delivers one alert. `formatted` is the alert as one line (text or JSON, per `json_output`),
   * without a newline. Failures are thrown or rejected; the dispatcher reports them.
   */
  write(alert: Alert, formatted: string): void | Promise<void>;
  /** Pushes out anything buffered. */
  flush?(): void | Promise<void>;
  /** Closes and reopens underlying files or pipes (log rotation, SIGUSR1 in Falco). */
  reopen?(): void | Promise<void>;
  /** Flushes and releases everything; the channel is not used afterwards. */
  close(): void | Promise<void>;
}

/** An error a channel reports, with the channel's name for the log line (`<name>: <message>`). */
export class OutputChannelError extends Error {
  readonly channel: string;

  constructor(channel: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutputChannelError';
    this.channel = channel;
  }
}
