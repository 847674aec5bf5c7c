// `kestrel run` on the real kernel, as the end-to-end tests drive it: JSON alerts on stdout,
// each tagged with the KESTREL_SCENARIO environment variable of the process that raised it, so
// a test can tell its own alerts from whatever else the machine is doing.
import { spawnSync } from 'node:child_process';
import { RunningKestrel } from '../../cli/helpers.js';

export interface LiveAlert {
  rule: string;
  priority: string;
  output: string;
  source: string;
  tags: string[];
  output_fields: Record<string, unknown>;
}

export const SCENARIO_FIELD = 'proc.env[KESTREL_SCENARIO]';

export class LiveKestrel {
  private parsed = 0;
  private readonly list: LiveAlert[] = [];
  private markers = 0;

  private constructor(readonly process: RunningKestrel) {}

  static async start(args: string[] = []): Promise<LiveKestrel> {
    const k = new RunningKestrel([
      'run',
      '--json',
      '-o',
      'webserver.enabled=false',
      '-o',
      'k8s_audit.webhook.enabled=false',
      '-o',
      `append_output[]={"match":{"source":"syscall"},"extra_fields":["${SCENARIO_FIELD}"]}`,
      ...args,
    ]);
    await k.waitFor('stderr', /capture started: modern eBPF sensor/, 60_000);
    return new LiveKestrel(k);
  }

  stop(): Promise<number | null> {
    return this.process.stop('SIGTERM');
  }

  /** Every alert printed so far. */
  alerts(): readonly LiveAlert[] {
    const lines = this.process.stdout.split('\n');
    // the last piece may be a line still being written
    for (; this.parsed < lines.length - 1; this.parsed++) {
      const line = lines[this.parsed];
      if (line.startsWith('{')) this.list.push(JSON.parse(line) as LiveAlert);
    }
    return this.list;
  }

  /** A position in the alert stream, for `since`. */
  mark(): number {
    return this.alerts().length;
  }

  since(mark: number): LiveAlert[] {
    return this.alerts().slice(mark);
  }

  /** Alerts raised by processes of one scenario (by their KESTREL_SCENARIO variable). */
  ofScenario(name: string, from = 0): LiveAlert[] {
    return this.alerts()
      .slice(from)
      .filter((a) => a.output_fields[SCENARIO_FIELD] === name);
  }

  async waitForAlert(what: string, match: (a: LiveAlert) => boolean, ms = 20_000): Promise<LiveAlert> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.alerts().find(match);
      if (found) return found;
      if (Date.now() > deadline || this.process.child.exitCode !== null) {
        const seen = this.alerts()
          .slice(-10)
          .map((a) => `${a.rule}: ${a.output}`)
          .join('\n  ');
        throw new Error(`no alert: ${what}\nlast alerts:\n  ${seen}\nstderr: ${this.process.stderr.slice(-800)}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /**
   * Waits until everything that happened before this call has gone through the rules: a marker
   * act raises a known alert, and events are matched in time order, so once its alert is out
   * every earlier event has been seen.
   */
  async settle(): Promise<void> {
    const marker = `/kestrel-settle-marker-${process.pid}-${++this.markers}`;
    const [cmd, args] = onHost('cat', ['/etc/shadow', marker]);
    spawnSync(cmd, args, { stdio: 'ignore' });
    await this.waitForAlert(`settle marker ${marker}`, (a) =>
      String(a.output_fields['proc.cmdline'] ?? '').includes(marker),
    );
  }
}

/**
 * The command line that runs `cmd` as a host process. CI machines are often containers
 * themselves (this one's cgroup path names a container, as Falco would see it too), so the
 * command first moves into the root cgroup of every hierarchy; on a real host it already is.
 */
export function onHost(cmd: string, args: string[]): [string, string[]] {
  const moveToRoot =
    'for f in /sys/fs/cgroup/cgroup.procs /sys/fs/cgroup/*/cgroup.procs; do echo $$ > "$f" 2>/dev/null; done; exec "$@"';
  return ['sh', ['-c', moveToRoot, 'sh', cmd, ...args]];
}

/** Runs a command on the host as a scenario's process (its KESTREL_SCENARIO set), bounded in time. */
export function runScenario(
  scenario: string,
  command: string,
  commandArgs: string[],
  opts: { env?: Record<string, string>; input?: string; timeout?: number } = {},
): { status: number | null; output: string } {
  const [cmd, args] = onHost(command, commandArgs);
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout: opts.timeout ?? 30_000,
    input: opts.input ?? '',
    env: { ...process.env, ...opts.env, KESTREL_SCENARIO: scenario },
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}
