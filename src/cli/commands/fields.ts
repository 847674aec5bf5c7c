// `kestrel fields`: the field catalog, as `falco --list` shows it.
import { allFieldClasses, createSources } from '../../app/sources.js';
import { type FieldCatalogFormat, renderFieldCatalog } from '../../fields/listing.js';
import { CliError, EXIT_USAGE } from '../exitCodes.js';

export interface FieldsOptions {
  source?: string;
  format: string;
  deprecated?: boolean;
  verbose?: boolean;
  namesOnly?: boolean;
}

const FORMATS = new Set(['text', 'markdown', 'json']);

export function fieldsCommand(opts: FieldsOptions): void {
  if (!FORMATS.has(opts.format)) {
    throw new CliError(`unknown --format '${opts.format}': expected text, markdown or json`, EXIT_USAGE);
  }
  const sources = createSources();
  if (opts.source !== undefined && !sources.has(opts.source)) {
    throw new CliError(`unknown --source '${opts.source}': expected ${[...sources.keys()].join(', ')}`, EXIT_USAGE);
  }
  const text = renderFieldCatalog(allFieldClasses(sources), opts.format as FieldCatalogFormat, {
    source: opts.source,
    includeDeprecated: opts.deprecated,
    verbose: opts.verbose,
    namesOnly: opts.namesOnly,
  });
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
