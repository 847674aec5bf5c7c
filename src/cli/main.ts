// The `kestrel` command line.
import { Command, CommanderError, Option } from 'commander';
import { fieldsCommand } from './commands/fields.js';
import { type CaptureOptions, captureCommand } from './commands/capture.js';
import { type ReplayOptions, replayCommand } from './commands/replay.js';
import { type RouterOptions, routerCommand } from './commands/router.js';
import { rulesListCommand } from './commands/rulesList.js';
import { type UiOptions, uiCommand } from './commands/ui.js';
import { rulesValidateCommand } from './commands/rulesValidate.js';
import { runCommand } from './commands/run.js';
import { CliError, EXIT_ERROR, EXIT_USAGE } from './exitCodes.js';
import type { PipelineOptions } from './pipelineOptions.js';
import { KESTREL_VERSION } from './version.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Options shared by the commands that load configuration and rules (Falco's flag names). */
function withPipelineOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'configuration file (kestrel.yaml; falco.yaml keys)')
    .option('-r, --rules <path>', 'rules file or folder (repeatable; replaces the configured rules_files)', collect)
    .option('-o, --option <key=value>', 'override a configuration key (dotted path, list indices)', collect)
    .option('-D <pattern>', 'disable rules whose name contains pattern (repeatable)', collect)
    .option('-T <tag>', 'disable rules with this tag (repeatable)', collect)
    .option('-t <tag>', 'only run rules with this tag (repeatable)', collect)
    .option('--enable-source <source>', 'only enable these event sources (repeatable)', collect)
    .option('--disable-source <source>', 'disable an event source (repeatable)', collect)
    .option('-A', 'consider all events, including those ignored by default')
    .option('-U, --unbuffered', 'write alerts unbuffered')
    .option('--json', 'alerts as JSON lines (same as -o json_output=true)');
}

export function buildProgram(): Command {
  const program = new Command('kestrel')
    .description('Runtime security for Linux hosts and Kubernetes clusters, with Falco rules.')
    .version(KESTREL_VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });

  withPipelineOptions(
    program
      .command('run')
      .description(
        'run continuously: live syscall capture (eBPF), the Kubernetes audit webhook and followed audit files',
      ),
  ).action(async (opts: PipelineOptions) => {
    process.exitCode = await runCommand(opts);
  });

  program
    .command('capture')
    .description('record live syscall events (and the processes and fds from /proc) into a scap capture')
    .requiredOption('-w, --write <file>', 'capture file to write (gzip when it ends in .gz)')
    .option('-M <seconds>', 'stop after this many seconds')
    .option('--syscalls <list>', "syscalls to record beyond the state set (comma-separated), or 'all'")
    .argument('[filter...]', 'only events matching this condition are written')
    .action(async (filter: string[], opts: CaptureOptions) => {
      process.exitCode = await captureCommand(filter, opts);
    });

  withPipelineOptions(
    program
      .command('replay')
      .description(
        'run rules over recorded events (scap captures, Kubernetes audit files) and print alerts and a summary',
      )
      .argument(
        '[files...]',
        'scap captures (plain or gzip) or audit event files (JSON lines or EventList JSON); words after the files form a filter',
      ),
  )
    .addOption(new Option('--stats <format>', 'final summary format').choices(['text', 'json', 'none']).default('text'))
    .option('-p, --print <format>', "print capture events in sysdig's -p format instead of running rules")
    .option('-w, --write <file>', 'write the selected capture events to a new scap file')
    .option('--filter <condition>', 'only these capture events are printed, written or matched')
    .action(async (files: string[], opts: ReplayOptions) => {
      process.exitCode = await replayCommand(files, opts);
    });

  const rules = program.command('rules').description('work with rules files');
  rules
    .command('validate')
    .description('validate rules files, as `falco -V` does')
    .argument('<files...>', 'rules files')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((files: string[], opts: { format: string }) => {
      process.exitCode = rulesValidateCommand(files, opts);
    });
  withPipelineOptions(rules.command('list').description('list the loaded rules with their event types'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((opts: PipelineOptions & { format: string }) => {
      process.exitCode = rulesListCommand(opts);
    });

  program
    .command('router')
    .description('receive Falco alerts (Falcosidekick’s intake, port 2801) and deliver them to destinations')
    .option('-c, --config <file>', 'router configuration (router.yaml; environment variables override it)')
    .action(async (opts: RouterOptions) => {
      process.exitCode = await routerCommand(opts);
    });

  program
    .command('ui')
    .description('serve the alert store (fed by the router’s ui destination) as a JSON API behind a login')
    .option(
      '--store <location>',
      'SQLite file or postgres:// URL',
      process.env.KESTREL_UI_STORE ?? '/var/lib/kestrel/ui/alerts.db',
    )
    .option('--listen <address>', 'address to listen on', process.env.KESTREL_UI_LISTEN ?? '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', process.env.KESTREL_UI_PORT ?? '2802')
    .option(
      '--data-dir <dir>',
      'where the password hash is kept',
      process.env.KESTREL_UI_DATADIR ?? '/var/lib/kestrel/ui',
    )
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS')
    .option('--tls-key <file>', 'PEM key for --tls-cert')
    .option('--router-url <url>', 'the router, whose /metrics the info page shows')
    .option('--rules <path>', 'rules files or folders exceptions are checked against (repeatable)', collect)
    .option('--exceptions-file <file>', 'rules file the exceptions made from alerts are appended to')
    .option(
      '--trust-proxy <list>',
      'reverse proxies (comma-separated IP addresses or CIDRs) whose X-Forwarded-For gives the client address',
      process.env.KESTREL_UI_TRUST_PROXY,
    )
    .option('--hash-password', 'read a password on stdin, print its hash (for KESTREL_UI_PASSWORD_HASH) and exit')
    .action(async (opts: UiOptions) => {
      process.exitCode = await uiCommand(opts);
    });

  program
    .command('fields')
    .description('list the fields conditions and outputs can use')
    .option('--source <source>', 'only fields of this event source')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--deprecated', 'include deprecated fields')
    .option('--verbose', 'show field types')
    .option('--names-only', 'print field names only')
    .action(
      (opts: { source?: string; format: string; deprecated?: boolean; verbose?: boolean; namesOnly?: boolean }) => {
        fieldsCommand(opts);
      },
    );
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end with status 0; usage errors were already printed by commander.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    if (err instanceof CliError) {
      process.stderr.write(`Error: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT_ERROR;
  }
}

// A reader that went away (`kestrel replay … --print … | head`) ends the command quietly, as a
// pipeline expects; other stdout errors are real errors.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

await main(process.argv);
