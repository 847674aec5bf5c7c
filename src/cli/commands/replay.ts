// `kestrel replay FILE… [FILTER]`: runs the rules over recorded events — Kubernetes audit files or
// scap captures — and prints alerts through the configured outputs and a final summary. With
// `--print FORMAT` a capture's events are printed as `sysdig -r FILE -p FORMAT` prints them;
// `-w OUT.scap` writes the selected events to a new capture. Bad input is reported on stderr with
// its location; the rest of the input is still processed.
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { replayCapture } from '../../app/captureReplay.js';
import { Logger } from '../../app/logger.js';
import type { Pipeline } from '../../app/pipeline.js';
import { CaptureFormatError } from '../../capture/index.js';
import { openCaptureSink } from './captureSink.js';
import { compileCondition, parseCondition } from '../../condition/index.js';
import { compileOutputFormat } from '../../outputs/format.js';
import { K8S_AUDIT_SOURCE_NAME, readAuditFile } from '../../sources/k8saudit/index.js';
import type { SyscallEvent } from '../../sources/syscall/syscallEvent.js';
import { SyscallSource } from '../../sources/syscall/syscallSource.js';
import { CliError, EXIT_ERROR, EXIT_OK } from '../exitCodes.js';
import type { PipelineOptions } from '../pipelineOptions.js';
import { pipelineFrom } from '../settings.js';
import { writeSummary } from '../summary.js';
import { expandInputPatterns } from './inputs.js';

export interface ReplayOptions extends PipelineOptions {
  stats: string;
  /** sysdig `-p` format: print events instead of running rules. */
  print?: string;
  /** Write the selected capture events to this file. */
  write?: string;
  /** Filter (a condition) selecting the capture events printed, written or matched. */
  filter?: string;
}

/** Section header block of a scap/pcapng capture, or gzip's magic (captures are often gzipped). */
async function looksLikeScap(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead < 4) return false;
    if (head.readUInt32LE(0) === 0x0a0d0d0a) return true;
    return head[0] === 0x1f && head[1] === 0x8b && /\.scap(\.gz)?$/.test(path);
  } finally {
    await fh.close();
  }
}

/**
 * Positional words: input files first; from the first word that names no file on, the words form
 * the filter (as sysdig reads its trailing arguments).
 */
export function splitInputsAndFilter(words: readonly string[]): { inputs: string[]; filter?: string } {
  const inputs: string[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    if (inputs.length > 0 && !existsSync(w) && !/[*?[]/.test(w)) break;
    inputs.push(w);
  }
  const rest = words.slice(i);
  return { inputs, filter: rest.length > 0 ? rest.join(' ') : undefined };
}

function compileFilter(text: string, source: SyscallSource) {
  try {
    return compileCondition<SyscallEvent>(parseCondition(text), source);
  } catch (err) {
    throw new CliError(`invalid filter '${text}': ${(err as Error).message}`, EXIT_ERROR);
  }
}

function compilePrint(format: string, source: SyscallSource) {
  try {
    return { format: compileOutputFormat<SyscallEvent>(format, source), requireAll: !format.startsWith('*') };
  } catch (err) {
    throw new CliError(`invalid --print format '${format}': ${(err as Error).message}`, EXIT_ERROR);
  }
}

function loggerFor(p: Pipeline | undefined): Logger {
  const c = p?.config;
  return new Logger({
    level: c?.logLevel ?? 'info',
    stderr: c?.logStderr ?? true,
    iso8601: c?.timeFormatIso8601 ?? false,
  });
}

async function replayScap(
  file: string,
  pipeline: Pipeline | undefined,
  opts: ReplayOptions,
  source: SyscallSource,
): Promise<{ ok: boolean; stopped: boolean; drops?: string }> {
  const filterText = opts.filter;
  const filter = filterText ? compileFilter(filterText, source) : undefined;
  const print = opts.print
    ? { ...compilePrint(opts.print, source), write: (l: string) => process.stdout.write(`${l}\n`) }
    : undefined;
  const writer = opts.write ? await openCaptureSink(opts.write) : undefined;
  const logger = loggerFor(pipeline);
  try {
    const r = await replayCapture(file, pipeline, { filter, print, writer, logger });
    return { ok: true, stopped: r.stoppedByDropAction, drops: r.drops?.statsText() };
  } catch (err) {
    if (err instanceof CaptureFormatError) {
      process.stderr.write(`Error: ${file}: ${err.message}\n`);
      return { ok: false, stopped: false };
    }
    throw err;
  } finally {
    await writer?.close();
  }
}

export async function replayCommand(words: string[], opts: ReplayOptions): Promise<number> {
  const split = splitInputsAndFilter(words);
  if (split.filter !== undefined) {
    if (opts.filter !== undefined)
      throw new CliError('give the filter either as --filter or after the files, not both');
    opts = { ...opts, filter: split.filter };
  }
  // Printing needs no rules: it shows what the capture holds, as sysdig does.
  const printing = opts.print !== undefined || (opts.write !== undefined && !opts.rules?.length);
  const pipeline = printing ? undefined : pipelineFrom(opts);
  const inputs = expandInputPatterns(split.inputs.length > 0 ? split.inputs : (pipeline?.config.k8sAudit.files ?? []));
  if (inputs.length === 0) {
    throw new CliError(
      'nothing to replay: give audit files or captures, or set k8s_audit.files or the k8saudit open_params',
    );
  }
  const syscallSource = (pipeline?.sources.get('syscall') as SyscallSource | undefined) ?? new SyscallSource();
  let inputErrors = 0;
  let status = EXIT_OK;
  let dropStats: string | undefined;
  for (const file of inputs) {
    try {
      if (await looksLikeScap(file)) {
        if (pipeline && !pipeline.enabledSources.has('syscall')) {
          throw new CliError(`${file}: captures need the syscall source, which is disabled`);
        }
        const r = await replayScap(file, pipeline, opts, syscallSource);
        if (r.drops) dropStats = r.drops;
        if (!r.ok) {
          inputErrors++;
          status = EXIT_ERROR;
        }
        if (r.stopped) {
          status = EXIT_ERROR;
          break;
        }
        continue;
      }
      if (printing || !pipeline) throw new CliError(`${file}: --print and -w work on scap captures only`);
      if (!pipeline.enabledSources.has(K8S_AUDIT_SOURCE_NAME)) {
        throw new CliError(`audit files need the ${K8S_AUDIT_SOURCE_NAME} source, which is disabled`);
      }
      await readAuditFile(
        file,
        (evt) => pipeline.process(K8S_AUDIT_SOURCE_NAME, evt),
        (err) => {
          inputErrors++;
          process.stderr.write(`Error: ${err.message}\n`);
        },
      );
    } catch (err) {
      if (err instanceof CliError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      process.stderr.write(`Error: cannot read ${file}: ${code ?? (err as Error).message}\n`);
      status = EXIT_ERROR;
    }
  }
  if (pipeline) {
    await pipeline.close();
    if (dropStats) process.stderr.write(dropStats);
    writeSummary(pipeline, opts.stats, inputErrors);
  }
  return status;
}
