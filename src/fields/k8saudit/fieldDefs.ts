// The `ka.*` fields of Falco's k8saudit plugin (version 0.18), in the plugin's order. Every field
// is a string (lists are lists of strings); descriptions are Kestrel's own.

import type { FieldArgSpec, FieldClass, FieldDef } from '../types.js';

const INDEX: FieldArgSpec = { required: false, index: true, key: false };
const KEY: FieldArgSpec = { required: true, index: false, key: true };

function str(name: string, desc: string, extra: Partial<FieldDef> = {}): FieldDef {
  return { name, type: 'CHARBUF', desc, ...extra };
}

function list(name: string, desc: string, arg?: FieldArgSpec): FieldDef {
  return arg === undefined ? str(name, desc, { isList: true }) : str(name, desc, { isList: true, arg });
}

/** The per-container fields, for `containers`, `initContainers` or `ephemeralContainers`. */
function podContainerFields(kind: 'initContainers' | 'ephemeralContainers', label: string): FieldDef[] {
  const p = `ka.req.pod.${kind}`;
  const fields: FieldDef[] = [
    list(`${p}.name`, `For a pod request, the name of each ${label}.`, INDEX),
    list(`${p}.image`, `For a pod request, the image of each ${label}.`, INDEX),
    list(`${p}.image.repository`, `For a pod request, the image of each ${label} without tag or digest.`, INDEX),
    list(`${p}.command`, `For a pod request, the command of each ${label}, as a JSON array.`, INDEX),
    list(`${p}.args`, `For a pod request, the arguments of each ${label}, as a JSON array.`, INDEX),
    list(`${p}.privileged`, `For a pod request, the securityContext.privileged flag of each ${label}.`, INDEX),
    list(
      `${p}.allow_privilege_escalation`,
      `For a pod request, the securityContext.allowPrivilegeEscalation flag of each ${label}.`,
      INDEX,
    ),
    list(
      `${p}.read_only_fs`,
      `For a pod request, the securityContext.readOnlyRootFilesystem flag of each ${label}.`,
      INDEX,
    ),
    list(`${p}.run_as_user`, `For a pod request, the securityContext.runAsUser of each ${label}.`, INDEX),
    list(
      `${p}.eff_run_as_user`,
      `For a pod request, the user each ${label} starts as, falling back to the pod's value, then 0.`,
      INDEX,
    ),
    list(`${p}.run_as_group`, `For a pod request, the securityContext.runAsGroup of each ${label}.`, INDEX),
    list(
      `${p}.eff_run_as_group`,
      `For a pod request, the group each ${label} starts as, falling back to the pod's value, then 0.`,
      INDEX,
    ),
    list(`${p}.proc_mount`, `For a pod request, the securityContext.procMount of each ${label}.`, INDEX),
    list(
      `${p}.add_capabilities`,
      `For a pod request, the capabilities each ${label} adds, as a JSON array per container.`,
      INDEX,
    ),
  ];
  if (kind === 'initContainers') {
    fields.push(list(`${p}.host_port`, `For a pod request, every host port the ${label}s expose.`, INDEX));
  }
  return fields;
}

export const K8SAUDIT_FIELDS: FieldDef[] = [
  str('ka.auditid', 'Unique identifier of the audit event (auditID).'),
  str('ka.stage', 'Stage of request processing the event was recorded at (RequestReceived, ResponseComplete, ...).'),
  str('ka.auth.decision', 'Authorization decision recorded by the API server (allow, forbid).'),
  str('ka.auth.reason', 'Why the authorizer reached its decision.'),
  str('ka.auth.openshift.decision', "OpenShift OAuth server's authentication decision (OpenShift clusters only)."),
  str('ka.validations.admission.policy.failure', 'Failures reported by ValidatingAdmissionPolicies in audit mode.'),
  str('ka.security.pod.violations', 'Pod Security Admission violations recorded for the request.'),
  str('ka.auth.openshift.username', 'User name the OpenShift OAuth server authenticated (OpenShift clusters only).'),
  str('ka.user.name', 'Name of the user who made the request.'),
  list('ka.user.groups', 'Groups of the user who made the request.'),
  str('ka.impuser.name', 'Name of the user being impersonated, if any.'),
  str('ka.verb', 'Kubernetes verb of the request (get, list, create, update, patch, delete, ...).'),
  str('ka.uri', 'Request URI as the client sent it.'),
  str('ka.uri.param', 'First value of a query parameter of the request URI: ka.uri.param[name].', { arg: KEY }),
  str('ka.target.name', 'Name of the object the request is about.'),
  str('ka.target.namespace', 'Namespace of the object the request is about.'),
  str('ka.target.resource', 'Resource type of the object the request is about (pods, secrets, ...).'),
  str('ka.target.subresource', 'Subresource the request is about (exec, attach, status, ...).'),
  str('ka.target.pod.name', 'Name of the pod the request is about, when its target is a pod.'),
  list('ka.req.binding.subjects', 'For a (cluster) role binding request, each subject as JSON.'),
  list('ka.req.binding.subjects.user_names', 'For a (cluster) role binding request, the names of User subjects.'),
  list(
    'ka.req.binding.subjects.serviceaccount_names',
    'For a (cluster) role binding request, the names of ServiceAccount subjects.',
  ),
  list(
    'ka.req.binding.subjects.serviceaccount_ns_names',
    'For a (cluster) role binding request, the ServiceAccount subjects as namespace:name.',
  ),
  list('ka.req.binding.subjects.group_names', 'For a (cluster) role binding request, the names of Group subjects.'),
  str('ka.req.binding.role', 'For a (cluster) role binding request, the name of the role it grants.'),
  str('ka.req.binding.subject.has_name', 'Deprecated, kept so old rules load; always true.', {
    arg: KEY,
    deprecated: true,
  }),
  str('ka.req.configmap.name', 'For a configmap request, the configmap name.'),
  str('ka.req.configmap.obj', 'For a configmap request, its data as JSON.'),
  list('ka.req.pod.containers.args', 'For a pod request, the arguments of each container, as a JSON array.', INDEX),
  list('ka.req.pod.containers.command', 'For a pod request, the command of each container, as a JSON array.', INDEX),
  list('ka.req.pod.containers.name', 'For a pod request, the name of each container.', INDEX),
  list('ka.req.pod.containers.image', 'For a pod request, the image of each container.', INDEX),
  str('ka.req.container.image', 'Deprecated (see ka.req.pod.containers.image): the image of the first container.', {
    deprecated: true,
  }),
  list(
    'ka.req.pod.containers.image.repository',
    'For a pod request, the image of each container without tag or digest.',
    INDEX,
  ),
  str(
    'ka.req.container.image.repository',
    'Deprecated (see ka.req.pod.containers.image.repository): the first container image without tag or digest.',
    { deprecated: true },
  ),
  str('ka.req.pod.host_ipc', 'For a pod request, its hostIPC flag.'),
  str('ka.req.pod.host_network', 'For a pod request, its hostNetwork flag.'),
  str('ka.req.container.host_network', 'Deprecated alias of ka.req.pod.host_network.', { deprecated: true }),
  str('ka.req.pod.host_pid', 'For a pod request, its hostPID flag.'),
  list('ka.req.pod.containers.host_port', 'For a pod request, every host port the containers expose.', INDEX),
  list(
    'ka.req.pod.containers.privileged',
    'For a pod request, the securityContext.privileged flag of each container.',
    INDEX,
  ),
  str(
    'ka.req.container.privileged',
    'Deprecated (see ka.req.pod.containers.privileged): true when any container is privileged.',
    { deprecated: true },
  ),
  list(
    'ka.req.pod.containers.allow_privilege_escalation',
    'For a pod request, the securityContext.allowPrivilegeEscalation flag of each container.',
    INDEX,
  ),
  list(
    'ka.req.pod.containers.read_only_fs',
    'For a pod request, the securityContext.readOnlyRootFilesystem flag of each container.',
    INDEX,
  ),
  str('ka.req.pod.run_as_user', "For a pod request, the pod's securityContext.runAsUser."),
  list(
    'ka.req.pod.containers.run_as_user',
    'For a pod request, the securityContext.runAsUser of each container.',
    INDEX,
  ),
  list(
    'ka.req.pod.containers.eff_run_as_user',
    "For a pod request, the user each container starts as, falling back to the pod's value, then 0.",
    INDEX,
  ),
  str('ka.req.pod.run_as_group', "For a pod request, the pod's securityContext.runAsGroup."),
  list(
    'ka.req.pod.containers.run_as_group',
    'For a pod request, the securityContext.runAsGroup of each container.',
    INDEX,
  ),
  list(
    'ka.req.pod.containers.eff_run_as_group',
    "For a pod request, the group each container starts as, falling back to the pod's value, then 0.",
    INDEX,
  ),
  list(
    'ka.req.pod.containers.proc_mount',
    'For a pod request, the securityContext.procMount of each container.',
    INDEX,
  ),
  list('ka.req.role.rules', 'For a (cluster) role request, each of its rules as JSON.'),
  list('ka.req.role.rules.apiGroups', 'For a (cluster) role request, the API groups of its rules.', INDEX),
  list('ka.req.role.rules.nonResourceURLs', 'For a (cluster) role request, the non-resource URLs of its rules.', INDEX),
  list('ka.req.role.rules.verbs', 'For a (cluster) role request, the verbs of its rules.', INDEX),
  list('ka.req.role.rules.resources', 'For a (cluster) role request, the resources of its rules.', INDEX),
  str('ka.req.pod.fs_group', "For a pod request, the pod's securityContext.fsGroup."),
  list('ka.req.pod.supplemental_groups', "For a pod request, the pod's securityContext.supplementalGroups."),
  list(
    'ka.req.pod.containers.add_capabilities',
    'For a pod request, the capabilities each container adds, as a JSON array per container.',
    INDEX,
  ),
  str('ka.req.service.type', 'For a service request, the service type.'),
  list('ka.req.service.ports', 'For a service request, its ports as a JSON array.', INDEX),
  list('ka.req.pod.volumes.hostpath', 'For a pod request, the hostPath path of each volume.', INDEX),
  str(
    'ka.req.volume.hostpath',
    'Deprecated (see ka.req.pod.volumes.hostpath): whether the first volume mounts the given host path (a trailing * matches a prefix).',
    { arg: KEY, deprecated: true },
  ),
  list('ka.req.pod.volumes.flexvolume_driver', 'For a pod request, the flexVolume driver of each volume.', INDEX),
  list('ka.req.pod.volumes.volume_type', 'For a pod request, the type of each volume (hostPath, secret, ...).', INDEX),
  str('ka.resp.name', 'Name of the object in the response.'),
  str('ka.response.code', 'HTTP status code of the response.'),
  str('ka.response.reason', 'Reason given in the response status (mostly for failures).'),
  str('ka.useragent', 'User agent of the client that made the request.'),
  list(
    'ka.sourceips',
    "Source IP addresses of the request, looked up where Falco's plugin looks (in the request object's rules), so mostly unavailable.",
    INDEX,
  ),
  str('ka.cluster.name', 'Name of the cluster, when the event carries it (the cluster_name annotation).'),
  ...podContainerFields('initContainers', 'init container'),
  ...podContainerFields('ephemeralContainers', 'ephemeral container'),
];

export const K8SAUDIT_FIELD_CLASS: FieldClass = {
  name: 'k8saudit',
  source: 'k8s_audit',
  plugin: 'k8saudit',
  desc: 'Fields of Kubernetes audit events, as provided by the k8saudit plugin.',
  fields: K8SAUDIT_FIELDS,
};
