// Maps command-line options to the pipeline's settings, and pipeline refusals to CLI errors.
import { buildPipeline, type Pipeline, PipelineError } from '../app/pipeline.js';
import { ConfigError } from '../config/load.js';
import { CliError, EXIT_ERROR } from './exitCodes.js';
import type { PipelineOptions } from './pipelineOptions.js';

export function pipelineFrom(opts: PipelineOptions): Pipeline {
  const overrides = [...(opts.option ?? [])];
  if (opts.json) overrides.push('json_output=true');
  try {
    return buildPipeline({
      configFile: opts.config,
      rulesFiles: opts.rules,
      overrides,
      disabledRules: opts.D,
      disabledTags: opts.T,
      enabledTags: opts.t,
      enableSources: opts.enableSource,
      disableSources: opts.disableSource,
      unbuffered: opts.unbuffered,
    });
  } catch (err) {
    if (err instanceof PipelineError || err instanceof ConfigError) throw new CliError(err.message, EXIT_ERROR);
    throw err;
  }
}
