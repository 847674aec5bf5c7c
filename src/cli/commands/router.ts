// `kestrel router`: receives Falco alerts (Falcosidekick's intake) and delivers them to the
// configured destinations through the durable queue. Runs until SIGINT or SIGTERM.

import { loadRouterConfig } from '../../router/config/loadConfig.js';
import { RouterConfigError } from '../../router/config/routerConfig.js';
import { DESTINATION_TYPES } from '../../router/destinations/index.js';
import { startRouter } from '../../router/router.js';
import { CliError, EXIT_ERROR, EXIT_OK } from '../exitCodes.js';

export interface RouterOptions {
  config?: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

export async function routerCommand(opts: RouterOptions): Promise<number> {
  let config;
  try {
    config = loadRouterConfig({ ...(opts.config ? { file: opts.config } : {}), destinationTypes: DESTINATION_TYPES });
  } catch (e) {
    if (e instanceof RouterConfigError) throw new CliError(e.message, EXIT_ERROR);
    throw e;
  }
  for (const w of config.warnings) log(`router: warning: ${w}`);
  if (config.destinations.length === 0)
    log('router: warning: no destination is enabled; alerts are accepted and dropped');
  let router;
  try {
    router = await startRouter(config, log);
  } catch (e) {
    throw new CliError(`router: cannot start: ${(e as Error).message}`, EXIT_ERROR);
  }
  const enabled = config.destinations.map((d) => d.name).join(', ') || 'none';
  log(`router listening on ${router.url} (queue: ${config.queue.mode}; destinations: ${enabled})`);
  if (router.ui) log(`ui listening on ${router.ui.url} (store: ${router.ui.store.kind})`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await router.close();
  log('router stopped');
  return EXIT_OK;
}
