// `kestrel rules validate FILE…`: Falco's `-V`: load results for people, or Falco's JSON.
import { BUILTIN_PLUGINS, createSources } from '../../app/sources.js';
import { renderValidationJson, renderValidationText, validateRules } from '../../rules/index.js';
import { CliError, EXIT_ERROR, EXIT_OK, EXIT_USAGE } from '../exitCodes.js';

export interface ValidateOptions {
  format: string;
}

export function rulesValidateCommand(files: string[], opts: ValidateOptions): number {
  if (opts.format !== 'text' && opts.format !== 'json') {
    throw new CliError(`unknown --format '${opts.format}': expected text or json`, EXIT_USAGE);
  }
  const out = validateRules(files, { sources: createSources(), builtinPlugins: BUILTIN_PLUGINS });
  if (opts.format === 'json') {
    process.stdout.write(`${renderValidationJson(out.results, out.contents)}\n`);
  } else {
    process.stdout.write(`${renderValidationText(out.results, out.contents)}\n`);
  }
  if (out.pluginRequirementError !== undefined) process.stderr.write(`Error: ${out.pluginRequirementError}\n`);
  return out.ok ? EXIT_OK : EXIT_ERROR;
}
