// Checks the rules' required_plugin_versions against the plugins Kestrel has built in, with
// Falco's messages. Each requirement is satisfied by its first alternative that is loaded.

import type { PluginRequirement } from './infos.js';
import { isCompatible, parseVersion } from './version.js';

export interface AvailablePlugin {
  name: string;
  version: string;
}

/** Returns undefined when every requirement is met, else Falco's error message. */
export function checkPluginRequirements(
  requirements: readonly PluginRequirement[][],
  plugins: readonly AvailablePlugin[],
): string | undefined {
  for (const alternatives of requirements) {
    const err = checkAlternatives(alternatives, plugins);
    if (err !== undefined) return err;
  }
  return undefined;
}

function checkAlternatives(
  alternatives: readonly PluginRequirement[],
  plugins: readonly AvailablePlugin[],
): string | undefined {
  for (const req of alternatives) {
    const plugin = plugins.find((p) => p.name === req.name);
    if (!plugin) continue;
    const have = parseVersion(plugin.version);
    if (!have.valid) return `Plugin '${plugin.name}' has invalid version string '${plugin.version}'`;
    if (!isCompatible(have, parseVersion(req.version))) {
      return `Plugin '${plugin.name}' version '${plugin.version}' is not compatible with required plugin version '${req.version}'`;
    }
    return undefined;
  }
  const wanted = alternatives.map((r) => `${r.name} (>= ${r.version})`).join(', ');
  return `Plugin requirement not satisfied, must load one of: ${wanted}`;
}
