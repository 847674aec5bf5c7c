// `container.*` and `proc.is_container_*` fields of the container plugin (falcosecurity/plugins,
// plugins/container), which Falco 0.41+ uses instead of libsinsp's former built-in container class.

import type { FieldDef } from '../types.js';
import { field, REQUIRED_INDEX_OR_KEY, REQUIRED_KEY } from './define.js';

const LOOKUP_DELAY = 'It can be missing while the container runtime has not answered yet.';
const DEPRECATED = { deprecated: true } as const;
/** Fields the plugin proposes for `append_output` with `suggested_output: true`. */
const SUGGESTED = { suggestedOutput: true } as const;

function mountField(name: string, what: string, keyedBy: string): FieldDef {
  return field(
    name,
    'CHARBUF',
    `${what} of one mount of the container, chosen by position (${name}[0]) or by ${keyedBy}, which may be a ` +
      `glob pattern (${name}[/var/run/*]). ${LOOKUP_DELAY}`,
    { arg: REQUIRED_INDEX_OR_KEY },
  );
}

export const CONTAINER_FIELDS: readonly FieldDef[] = [
  field(
    'container.id',
    'CHARBUF',
    "Short container id (12 characters), read from the cgroups of the process; 'host' for processes outside " +
      'any container. It is always available and is the key used to ask the runtime for the other fields.',
    SUGGESTED,
  ),
  field('container.full_id', 'CHARBUF', `Complete container id as reported by the container runtime. ${LOOKUP_DELAY}`),
  field(
    'container.name',
    'CHARBUF',
    `Container name; 'host' for processes outside containers. ${LOOKUP_DELAY}`,
    SUGGESTED,
  ),
  field('container.image', 'CHARBUF', `Image reference the container runs, such as nginx:1.27. ${LOOKUP_DELAY}`),
  field('container.image.id', 'CHARBUF', `Id of the image the container runs. ${LOOKUP_DELAY}`),
  field('container.type', 'CHARBUF', 'Container runtime kind, such as docker, containerd or cri-o.'),
  field('container.privileged', 'BOOL', `Whether the container runs in privileged mode. ${LOOKUP_DELAY}`),
  field(
    'container.mounts',
    'CHARBUF',
    `All mounts of the container, each written as source:dest:mode:rdrw:propagation. ${LOOKUP_DELAY}`,
  ),
  field(
    'container.mount',
    'CHARBUF',
    'One mount of the container as source:dest:mode:rdrw:propagation, chosen by position (container.mount[0]) ' +
      "or by source path, possibly a glob (container.mount[/usr/*]); 'none' when nothing matches. " +
      LOOKUP_DELAY,
    { arg: REQUIRED_INDEX_OR_KEY },
  ),
  mountField('container.mount.source', 'Source path', 'destination path'),
  mountField('container.mount.dest', 'Destination path', 'source path'),
  mountField('container.mount.mode', 'Mode', 'source path'),
  mountField('container.mount.rdwr', 'Read-write flag', 'source path'),
  mountField('container.mount.propagation', 'Propagation mode', 'source path'),
  field('container.image.repository', 'CHARBUF', `Repository part of the image reference. ${LOOKUP_DELAY}`, SUGGESTED),
  field(
    'container.image.tag',
    'CHARBUF',
    `Tag part of the image reference, such as latest. ${LOOKUP_DELAY}`,
    SUGGESTED,
  ),
  field('container.image.digest', 'CHARBUF', `Registry digest of the image (sha256:...). ${LOOKUP_DELAY}`),
  field('container.healthcheck', 'CHARBUF', 'No longer filled in; kept so that old rules still load.', DEPRECATED),
  field('container.liveness_probe', 'CHARBUF', 'No longer filled in; the k8smeta plugin covers it.', DEPRECATED),
  field('container.readiness_probe', 'CHARBUF', 'No longer filled in; the k8smeta plugin covers it.', DEPRECATED),
  field(
    'container.start_ts',
    'ABSTIME',
    'Start time of the container in nanoseconds since the epoch, taken from the kernel (start of its pid ' +
      'namespace) rather than from the runtime.',
  ),
  field('container.duration', 'RELTIME', 'Nanoseconds elapsed since container.start_ts.'),
  field(
    'container.ip',
    'CHARBUF',
    `Primary IPv4 address of the container or pod; see container.cni.json for every interface. ${LOOKUP_DELAY}`,
  ),
  field(
    'container.cni.json',
    'CHARBUF',
    'CNI result of the pod as an escaped JSON string, with the IPv4 and IPv6 addresses of every interface ' +
      `(CRI runtimes only). ${LOOKUP_DELAY}`,
  ),
  field('container.host_pid', 'BOOL', 'Whether the container shares the pid namespace of the host.'),
  field('container.host_network', 'BOOL', 'Whether the container shares the network namespace of the host.'),
  field('container.host_ipc', 'BOOL', 'Whether the container shares the IPC namespace of the host.'),
  field('container.label', 'CHARBUF', 'Value of one container label, named in brackets (container.label[foo]).', {
    arg: REQUIRED_KEY,
  }),
  field('container.labels', 'CHARBUF', 'All container labels as key:value pairs separated by commas.'),
  field('proc.is_container_healthcheck', 'BOOL', 'No longer filled in; kept so that old rules still load.', DEPRECATED),
  field('proc.is_container_liveness_probe', 'BOOL', 'No longer filled in; the k8smeta plugin covers it.', DEPRECATED),
  field('proc.is_container_readiness_probe', 'BOOL', 'No longer filled in; the k8smeta plugin covers it.', DEPRECATED),
];
