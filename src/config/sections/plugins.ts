// `plugins:` and `load_plugins:`. Kestrel's plugins are built in, so `library_path` is accepted
// and ignored; a plugin that is to be loaded must be one Kestrel has. As in Falco, when
// `load_plugins` is present only the plugins it names are loaded, in its order; when absent,
// every configured plugin is. A mapping `init_config` becomes JSON text.

import { type JsonWritable, writeJson } from '../../outputs/json.js';
import { toBool, toDouble, toInteger } from '../convert.js';
import { ConfigError } from '../errors.js';
import { Section } from '../reader.js';
import { type CNode, kindName } from '../tree.js';
import type { PluginConfig } from '../types.js';

/** Plugins built into Kestrel, under Falco's plugin names. */
export const BUILTIN_PLUGINS: readonly string[] = ['k8saudit', 'json', 'container'];

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** A YAML value as JSON the way Falco converts init_config: int, then double, bool, string. */
function toJson(node: CNode): JsonWritable {
  switch (node.kind) {
    case 'null':
      return null;
    case 'seq':
      return node.items.map(toJson);
    case 'map': {
      const out: { [key: string]: JsonWritable } = {};
      for (const [k, e] of node.entries) out[k] = toJson(e.value);
      return out;
    }
    case 'scalar': {
      const i = toInteger(node.value);
      if (i !== undefined && i >= INT32_MIN && i <= INT32_MAX) return i;
      const d = toDouble(node.value);
      if (d !== undefined && Number.isFinite(d)) return d;
      const b = toBool(node.value);
      if (b !== undefined) return b;
      return node.value;
    }
  }
}

function readPlugin(node: CNode, path: string, root: Section): PluginConfig {
  if (node.kind !== 'map') throw new ConfigError(`expected a mapping, got ${kindName(node)}`, path, node.origin);
  const s = new Section(node, path, root.ctx);
  s.warnUnknown(['name', 'library_path', 'init_config', 'open_params']);
  const name = s.string('name', '');
  if (name === '') throw new ConfigError('a plugin needs a "name"', path, node.origin);
  const init = s.get('init_config');
  let initConfig = '';
  if (init?.kind === 'map') initConfig = writeJson(toJson(init));
  else if (init !== undefined) initConfig = s.string('init_config', '');
  return {
    name,
    libraryPath: s.string('library_path', ''),
    initConfig,
    openParams: s.string('open_params', '').trim(),
  };
}

export function readPlugins(root: Section): { plugins: PluginConfig[]; loadedPlugins: PluginConfig[] } {
  const plugins = root.list('plugins').map((node, i) => readPlugin(node, `${root.keyPath('plugins')}[${i}]`, root));
  const loadPluginsDefined = root.node?.entries.has('load_plugins') ?? false;
  let loadedPlugins: PluginConfig[];
  if (!loadPluginsDefined) {
    loadedPlugins = plugins;
  } else {
    loadedPlugins = root.stringList('load_plugins', []).map((name) => {
      const p = plugins.find((candidate) => candidate.name === name);
      if (p === undefined) {
        throw root.error('load_plugins', `Cannot load plugin '${name}': plugin config not found for given name`);
      }
      return p;
    });
  }
  for (const p of loadedPlugins) {
    if (!BUILTIN_PLUGINS.includes(p.name)) {
      const index = plugins.indexOf(p);
      throw new ConfigError(
        `plugin "${p.name}" is not built into Kestrel (available: ${BUILTIN_PLUGINS.join(', ')})`,
        `${root.keyPath('plugins')}[${index}]`,
        root.list('plugins')[index]?.origin,
      );
    }
  }
  return { plugins, loadedPlugins };
}
