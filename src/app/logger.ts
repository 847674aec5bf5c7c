// Falco's log lines on stderr: `<time>: <message>`, filtered by `log_level`, written only when
// `log_stderr` is on. The time is local ctime-style, or ISO 8601 (UTC) with time_format_iso_8601.

const LEVELS = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'] as const;
export type LogLevel = (typeof LEVELS)[number];

export interface LoggerSettings {
  level: string;
  stderr: boolean;
  iso8601: boolean;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `Wed Mar 27 15:28:22 2019`, as ctime(3) prints it (local time). */
export function ctimeText(d: Date): string {
  const day = String(d.getDate()).padStart(2, ' ');
  const hms = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day} ${hms} ${d.getFullYear()}`;
}

/** `2019-03-27T15:28:22+0000` (UTC). */
export function isoLogText(d: Date): string {
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+0000`
  );
}

export class Logger {
  private readonly max: number;

  constructor(
    private readonly settings: LoggerSettings,
    private readonly write: (line: string) => void = (l) => process.stderr.write(l),
  ) {
    const i = LEVELS.indexOf(settings.level as LogLevel);
    this.max = i < 0 ? LEVELS.indexOf('info') : i;
  }

  enabled(level: LogLevel): boolean {
    return this.settings.stderr && LEVELS.indexOf(level) <= this.max;
  }

  log(level: LogLevel, message: string): void {
    if (!this.enabled(level)) return;
    const now = new Date();
    const time = this.settings.iso8601 ? isoLogText(now) : ctimeText(now);
    this.write(`${time}: ${message}\n`);
  }
}
