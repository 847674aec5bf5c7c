// Kestrel's built-in equivalent of Falco's `container` plugin: same name, same fields, and a version
// that satisfies the `required_plugin_versions` of the official rules (container >= 0.4.0).

import type { FieldClass } from '../types.js';
import { CONTAINER_FIELDS } from './container.js';
import { K8S_FIELDS } from './k8s.js';

export const CONTAINER_PLUGIN = Object.freeze({
  name: 'container',
  /** Version of falcosecurity/plugins' container plugin whose field set this mirrors. */
  version: '0.6.3',
  /** Event sources the plugin extracts fields from. */
  extractSources: Object.freeze(['syscall']),
});

/** One class, as Falco lists every field of a plugin together under the plugin's name. */
export const CONTAINER_PLUGIN_CLASS: FieldClass = {
  name: CONTAINER_PLUGIN.name,
  source: 'syscall',
  plugin: CONTAINER_PLUGIN.name,
  desc: 'Container and Kubernetes pod metadata for the process behind each system call.',
  fields: [...CONTAINER_FIELDS, ...K8S_FIELDS],
};
