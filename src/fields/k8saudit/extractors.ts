// How each `ka.*` field is read from an audit event, following Falco's k8saudit plugin:
//  - values are strings: JSON strings as they are, anything else as compact JSON ("true", "201");
//  - a missing value, a list with no element, or data of an unexpected shape gives no value;
//  - an event without `auditID` is not an audit event for these fields: none has a value.
// List fields walk paths with the plugin's rule: on each array met along the path, either every
// element is visited (no argument) or only the element at the index argument.
// Paths are split once, when a field is bound; per event only the walk itself runs.

import { getMember, getPath, renderArray, renderJson } from '../json/jsonAccess.js';
import type { FieldValue } from '../types.js';
import type { PluginFieldArg } from './pluginFieldArg.js';
import { uriQueryParam } from './uriQuery.js';

/** Reads one field from the root object of an audit event. */
export type RootExtractor = (root: unknown) => FieldValue;
export type K8sAuditExtractorFactory = (arg: PluginFieldArg) => RootExtractor;

const REQ_SPEC = ['requestObject', 'spec'];

/** The plugin's index filter: the index argument when one is given, otherwise every element. */
function indexOf(arg: PluginFieldArg): number {
  return arg.present ? arg.index : -1;
}

function walk(v: unknown, index: number, keys: readonly string[], from: number, out: unknown[]): boolean {
  for (let i = from; i < keys.length; i++) {
    if (Array.isArray(v)) {
      if (index < 0) {
        // Elements lacking the rest of the path still count, as holes (undefined).
        for (const el of v) if (!walk(el, index, keys, i, out)) out.push(undefined);
        return true;
      }
      if (index >= v.length) return false;
      v = v[index];
    }
    const key = keys[i];
    // An empty key stands for "the value itself" (used to visit the elements of a final array).
    if (key !== '') {
      v = getMember(v, key);
      if (v === undefined) return false;
    }
  }
  out.push(v);
  return true;
}

/** Every value at `keys`, arrays met on the way being expanded; undefined when the path is absent. */
export function valuesAt(root: unknown, index: number, keys: readonly string[]): unknown[] | undefined {
  const out: unknown[] = [];
  return walk(root, index, keys, 0, out) ? out : undefined;
}

function orNone(values: string[]): FieldValue {
  return values.length > 0 ? values : undefined;
}

/** Renders the values found, skipping holes. */
function renderPresent(values: unknown[] | undefined): FieldValue {
  if (values === undefined) return undefined;
  const out: string[] = [];
  for (const v of values) if (v !== undefined) out.push(renderJson(v));
  return orNone(out);
}

/** A single value at a fixed path. */
function at(...keys: string[]): K8sAuditExtractorFactory {
  return () => (root) => {
    const v = getPath(root, keys);
    return v === undefined ? undefined : renderJson(v);
  };
}

/** A JSON array at a fixed path, one string per element. */
function arrayAt(...keys: string[]): K8sAuditExtractorFactory {
  return () => (root) => {
    const v = getPath(root, keys);
    return Array.isArray(v) && v.length > 0 ? renderArray(v) : undefined;
  };
}

/** One string per value found along the path (holes skipped), honouring the index argument. */
function each(...keys: string[]): K8sAuditExtractorFactory {
  return (arg) => {
    const index = indexOf(arg);
    return (root) => renderPresent(valuesAt(root, index, keys));
  };
}

/** Container images; like the plugin, a container without an image makes the whole field unavailable. */
function images(root: unknown, index: number, kind: string): string[] | undefined {
  const values = valuesAt(root, index, [...REQ_SPEC, kind, 'image']);
  if (values === undefined || values.includes(undefined)) return undefined;
  return renderArray(values);
}

/** The plugin's repository rule: cut at the first ':' then at the first '@'. */
function repositoryOf(image: string): string {
  return image.split(':')[0].split('@')[0];
}

function imageFields(kind: string): Record<string, K8sAuditExtractorFactory> {
  return {
    image: (arg) => {
      const index = indexOf(arg);
      return (root) => {
        const list = images(root, index, kind);
        return list === undefined ? undefined : orNone(list);
      };
    },
    'image.repository': (arg) => {
      const index = indexOf(arg);
      return (root) => {
        const list = images(root, index, kind);
        return list === undefined ? undefined : orNone(list.map(repositoryOf));
      };
    },
  };
}

/** Host ports: a port's hostPort, else its containerPort (equal to the host's with hostNetwork). */
function hostPorts(kind: string): K8sAuditExtractorFactory {
  const keys = [...REQ_SPEC, kind, 'ports'];
  return (arg) => {
    const index = indexOf(arg);
    return (root) => {
      const perContainer = valuesAt(root, index, keys);
      if (perContainer === undefined) return undefined;
      const out: string[] = [];
      for (const ports of perContainer) {
        if (ports === undefined) continue;
        if (!Array.isArray(ports)) return undefined;
        for (const port of ports) {
          const host = getMember(port, 'hostPort');
          const value = host !== undefined ? host : getMember(port, 'containerPort');
          if (value !== undefined) out.push(renderJson(value));
        }
      }
      return orNone(out);
    };
  };
}

/**
 * The "effective" uid/gid per container: the container's value, else the pod's, else "0". Like
 * the plugin, the values are read at `spec.<field>` and `spec.<containers>[].<field>`.
 */
function effective(kind: string, field: string): K8sAuditExtractorFactory {
  const podKeys = [...REQ_SPEC, field];
  const keys = [...REQ_SPEC, kind, field];
  return (arg) => {
    const index = indexOf(arg);
    return (root) => {
      const pod = getPath(root, podKeys);
      const fallback = pod === undefined ? '0' : renderJson(pod);
      const values = valuesAt(root, index, keys);
      if (values === undefined) return undefined;
      return orNone(values.map((v) => (v === undefined ? fallback : renderJson(v))));
    };
  };
}

function containerFields(kind: string): Record<string, K8sAuditExtractorFactory> {
  const sc = (...keys: string[]) => each(...REQ_SPEC, kind, 'securityContext', ...keys);
  const p = `ka.req.pod.${kind}.`;
  const fields: Record<string, K8sAuditExtractorFactory> = {
    name: each(...REQ_SPEC, kind, 'name'),
    command: each(...REQ_SPEC, kind, 'command'),
    args: each(...REQ_SPEC, kind, 'args'),
    ...imageFields(kind),
    privileged: sc('privileged'),
    allow_privilege_escalation: sc('allowPrivilegeEscalation'),
    read_only_fs: sc('readOnlyRootFilesystem'),
    run_as_user: sc('runAsUser'),
    eff_run_as_user: effective(kind, 'runAsUser'),
    run_as_group: sc('runAsGroup'),
    eff_run_as_group: effective(kind, 'runAsGroup'),
    proc_mount: sc('procMount'),
    add_capabilities: sc('capabilities', 'add'),
  };
  // Ephemeral containers cannot declare ports.
  if (kind !== 'ephemeralContainers') fields.host_port = hostPorts(kind);
  return Object.fromEntries(Object.entries(fields).map(([k, f]) => [p + k, f]));
}

/** Flattens the arrays found at `requestObject.rules[].<field>`. */
function rulesField(field: string): K8sAuditExtractorFactory {
  const keys = ['requestObject', 'rules', field];
  return (arg) => {
    const index = indexOf(arg);
    return (root) => {
      const values = valuesAt(root, index, keys);
      if (values === undefined) return undefined;
      const out: string[] = [];
      for (const v of values) if (Array.isArray(v)) for (const e of v) out.push(renderJson(e));
      return orNone(out);
    };
  };
}

/** Names of the binding subjects of one kind (`namespace:name` for service accounts when asked). */
function subjectNames(kind: string, withNamespace: boolean): K8sAuditExtractorFactory {
  const keys = ['requestObject', 'subjects'];
  return () => (root) => {
    const subjects = getPath(root, keys);
    if (!Array.isArray(subjects)) return undefined;
    const out: string[] = [];
    for (const s of subjects) {
      if (getMember(s, 'kind') !== kind) continue;
      const name = getMember(s, 'name');
      if (name === undefined) continue;
      if (!withNamespace) out.push(renderJson(name));
      else {
        const ns = getMember(s, 'namespace');
        out.push(`${ns === undefined ? '' : renderJson(ns)}:${renderJson(name)}`);
      }
    }
    return orNone(out);
  };
}

const CONTAINER_PRIVILEGED = [...REQ_SPEC, 'containers', 'securityContext', 'privileged'];
const HOST_PATHS = [...REQ_SPEC, 'volumes', 'hostPath', 'path'];

export const K8SAUDIT_EXTRACTORS: ReadonlyMap<string, K8sAuditExtractorFactory> = new Map<
  string,
  K8sAuditExtractorFactory
>(
  Object.entries({
    'ka.auditid': at('auditID'),
    'ka.stage': at('stage'),
    'ka.auth.decision': at('annotations', 'authorization.k8s.io/decision'),
    'ka.auth.reason': at('annotations', 'authorization.k8s.io/reason'),
    'ka.auth.openshift.decision': at('annotations', 'authentication.openshift.io/decision'),
    'ka.validations.admission.policy.failure': at(
      'annotations',
      'validation.policy.admission.k8s.io/validation_failure',
    ),
    'ka.security.pod.violations': at('annotations', 'pod-security.kubernetes.io/audit-violations'),
    'ka.auth.openshift.username': at('annotations', 'authentication.openshift.io/username'),
    'ka.user.name': at('user', 'username'),
    'ka.user.groups': arrayAt('user', 'groups'),
    'ka.impuser.name': at('impersonatedUser', 'username'),
    'ka.verb': at('verb'),
    'ka.uri': at('requestURI'),
    'ka.uri.param': (arg) => (root) => {
      const uri = getMember(root, 'requestURI');
      return uri === undefined ? undefined : uriQueryParam(renderJson(uri), arg.key);
    },
    'ka.target.name': at('objectRef', 'name'),
    'ka.target.namespace': at('objectRef', 'namespace'),
    'ka.target.resource': at('objectRef', 'resource'),
    'ka.target.subresource': at('objectRef', 'subresource'),
    'ka.target.pod.name': () => {
      const name = at('objectRef', 'name')({ present: false, index: 0, key: '' });
      return (root) => (getPath(root, ['objectRef', 'resource']) === 'pods' ? name(root) : undefined);
    },
    'ka.req.binding.subjects': arrayAt('requestObject', 'subjects'),
    'ka.req.binding.subjects.user_names': subjectNames('User', false),
    'ka.req.binding.subjects.serviceaccount_names': subjectNames('ServiceAccount', false),
    'ka.req.binding.subjects.serviceaccount_ns_names': subjectNames('ServiceAccount', true),
    'ka.req.binding.subjects.group_names': subjectNames('Group', false),
    'ka.req.binding.role': at('requestObject', 'roleRef', 'name'),
    // Kept for old rules: the plugin answers "true" whatever the argument.
    'ka.req.binding.subject.has_name': () => () => 'true',
    'ka.req.configmap.name': at('objectRef', 'name'),
    'ka.req.configmap.obj': at('requestObject', 'data'),
    ...containerFields('containers'),
    'ka.req.container.image': () => (root) => images(root, 0, 'containers')?.[0],
    'ka.req.container.image.repository': () => (root) => {
      const first = images(root, 0, 'containers')?.[0];
      return first === undefined ? undefined : repositoryOf(first);
    },
    'ka.req.pod.host_ipc': at(...REQ_SPEC, 'hostIPC'),
    'ka.req.pod.host_network': at(...REQ_SPEC, 'hostNetwork'),
    'ka.req.container.host_network': at(...REQ_SPEC, 'hostNetwork'),
    'ka.req.pod.host_pid': at(...REQ_SPEC, 'hostPID'),
    'ka.req.container.privileged': () => (root) => {
      const values = valuesAt(root, -1, CONTAINER_PRIVILEGED);
      if (values === undefined) return undefined;
      return values.includes(true) ? 'true' : 'false';
    },
    'ka.req.pod.run_as_user': at(...REQ_SPEC, 'securityContext', 'runAsUser'),
    'ka.req.pod.run_as_group': at(...REQ_SPEC, 'securityContext', 'runAsGroup'),
    'ka.req.role.rules': arrayAt('requestObject', 'rules'),
    'ka.req.role.rules.apiGroups': rulesField('apiGroups'),
    'ka.req.role.rules.nonResourceURLs': rulesField('nonResourceURLs'),
    'ka.req.role.rules.verbs': rulesField('verbs'),
    'ka.req.role.rules.resources': rulesField('resources'),
    'ka.req.pod.fs_group': at(...REQ_SPEC, 'securityContext', 'fsGroup'),
    'ka.req.pod.supplemental_groups': arrayAt(...REQ_SPEC, 'securityContext', 'supplementalGroups'),
    'ka.req.service.type': at(...REQ_SPEC, 'type'),
    'ka.req.service.ports': each(...REQ_SPEC, 'ports'),
    'ka.req.pod.volumes.hostpath': each(...HOST_PATHS),
    // The argument is a key, yet the plugin still receives index 0 with it, so (as in Falco)
    // only the first volume is looked at. A trailing '*' makes it a prefix match.
    'ka.req.volume.hostpath': (arg) => {
      const prefix = arg.key.endsWith('*') ? arg.key.slice(0, -1) : undefined;
      return (root) => {
        const values = valuesAt(root, arg.index, HOST_PATHS);
        if (values === undefined) return undefined;
        for (const v of values) {
          if (v === undefined) continue;
          const path = renderJson(v);
          if ((prefix !== undefined && path.startsWith(prefix)) || path === arg.key) return 'true';
        }
        return 'false';
      };
    },
    'ka.req.pod.volumes.flexvolume_driver': each(...REQ_SPEC, 'volumes', 'flexVolume', 'driver'),
    'ka.req.pod.volumes.volume_type': (arg) => {
      const index = indexOf(arg);
      const keys = [...REQ_SPEC, 'volumes', ''];
      return (root) => {
        const volumes = valuesAt(root, index, keys);
        if (volumes === undefined) return undefined;
        const out: string[] = [];
        for (const v of volumes) {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
          for (const key of Object.keys(v)) if (key !== 'name') out.push(key);
        }
        return orNone(out);
      };
    },
    'ka.resp.name': at('responseObject', 'metadata', 'name'),
    'ka.response.code': at('responseStatus', 'code'),
    'ka.response.reason': at('responseStatus', 'reason'),
    'ka.useragent': at('userAgent'),
    // As in the plugin, source IPs are looked up in requestObject.rules[] (not at the top level).
    'ka.sourceips': rulesField('sourceIPs'),
    'ka.cluster.name': at('annotations', 'cluster_name'),
    ...containerFields('initContainers'),
    ...containerFields('ephemeralContainers'),
  }),
);
