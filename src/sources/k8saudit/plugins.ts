// The Falco plugins Kestrel has built in, with the versions it declares for rules files'
// `required_plugin_versions` checks. Their fields are implemented natively: k8saudit and json
// here, container by the syscall source.

import { CONTAINER_PLUGIN } from '../../fields/syscall/containerPlugin.js';

export interface BuiltinPlugin {
  name: string;
  /** Semantic version Kestrel's implementation corresponds to. */
  version: string;
  /** Event source the plugin provides, for source plugins. */
  source?: string;
}

export const BUILTIN_PLUGINS: readonly BuiltinPlugin[] = [
  // Version required by the current k8s_audit_rules.yaml (fields up to init/ephemeral containers).
  { name: 'k8saudit', version: '0.18.0', source: 'k8s_audit' },
  // Extractor only (no source of its own): json.* and jevt.* fields.
  { name: 'json', version: '0.7.0' },
  // Extractor of container.* fields for syscall events (the syscall catalog says which version).
  { name: CONTAINER_PLUGIN.name, version: CONTAINER_PLUGIN.version },
];
