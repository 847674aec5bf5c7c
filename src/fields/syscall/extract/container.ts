// `container.*`, `k8s.*` and `proc.is_container_*` extraction (the container plugin's fields) from
// the container the thread belongs to. Kubernetes data comes from the runtime's CRI labels
// (`io.kubernetes.*`) when the container record has no dedicated value.

import { compileGlob } from '../../../condition/eval/glob.js';
import type { ContainerInfo, ContainerMount } from '../../../state/types.js';
import type { SyscallEvent } from '../../../sources/syscall/syscallEvent.js';
import type { FieldValue } from '../../types.js';
import type { FieldRequest, SyscallExtractor } from './types.js';
import { argIndex, argKey } from './types.js';

const HOST = 'host';
/** What the plugin answers for a mount field when no mount matches (the rules test for it). */
const NO_MOUNT = 'N/A';

function containerOf(evt: SyscallEvent): ContainerInfo | undefined {
  const id = evt.thread?.containerId;
  return id ? evt.state?.container(id) : undefined;
}

/** A container field: undefined for host processes and for containers the state does not know. */
function ofContainer(value: (c: ContainerInfo, evt: SyscallEvent) => FieldValue): SyscallExtractor {
  return (evt) => {
    const c = containerOf(evt);
    return c ? value(c, evt) : undefined;
  };
}

function mountText(m: ContainerMount): string {
  return `${m.source}:${m.dest}:${m.mode}:${m.rw ? 'true' : 'false'}:${m.propagation}`;
}

/** The mount a field's argument selects: by position, or by a (glob) path of the keyed side. */
function mountSelector(req: FieldRequest, keyedBy: 'source' | 'dest') {
  const index = argIndex(req);
  if (index !== undefined) return (mounts: readonly ContainerMount[]) => mounts[index];
  const key = argKey(req);
  if (key === undefined) return () => undefined;
  const re = compileGlob(key, false);
  return (mounts: readonly ContainerMount[]) => mounts.find((m) => re.test(keyedBy === 'source' ? m.source : m.dest));
}

function mountField(req: FieldRequest, keyedBy: 'source' | 'dest', value: (m: ContainerMount) => string) {
  const select = mountSelector(req, keyedBy);
  return ofContainer((c) => {
    const m = select(c.mounts);
    return m ? value(m) : NO_MOUNT;
  });
}

function labelsText(labels: Record<string, string>): string | undefined {
  const keys = Object.keys(labels);
  return keys.length === 0 ? undefined : keys.map((k) => `${k}:${labels[k]}`).join(',');
}

function k8s(value: (c: ContainerInfo) => string | undefined, label: string): SyscallExtractor {
  return ofContainer((c) => value(c) ?? c.labels[label]);
}

function startTs(evt: SyscallEvent, c: ContainerInfo): bigint | undefined {
  const t = evt.thread;
  if (t && t.pidnsInitStartTs !== 0n) return t.pidnsInitStartTs;
  return c.createdTs;
}

export function bindContainerField(req: FieldRequest): SyscallExtractor | undefined {
  switch (req.name) {
    case 'container.id':
      return (evt) => {
        const t = evt.thread;
        if (!t) return undefined;
        return t.containerId === '' ? HOST : t.containerId.slice(0, 12);
      };
    case 'container.full_id':
      return (evt) => {
        const t = evt.thread;
        if (!t) return undefined;
        return t.containerId === '' ? HOST : (containerOf(evt)?.id ?? t.containerId);
      };
    case 'container.name':
      return (evt) => (evt.thread?.containerId === '' ? HOST : containerOf(evt)?.name);
    case 'container.image':
      return ofContainer((c) => c.image);
    case 'container.image.id':
      return ofContainer((c) => c.imageId);
    case 'container.type':
      // the container plugin keeps a host entry of type host for processes outside containers
      return (evt) => (evt.thread?.containerId === '' ? HOST : containerOf(evt)?.type);
    case 'container.privileged':
      return ofContainer((c) => c.privileged);
    case 'container.mounts':
      return ofContainer((c) => c.mounts.map(mountText).join(','));
    case 'container.mount': {
      const select = mountSelector(req, 'source');
      return ofContainer((c) => {
        const m = select(c.mounts);
        return m ? mountText(m) : 'none';
      });
    }
    case 'container.mount.source':
      return mountField(req, 'dest', (m) => m.source);
    case 'container.mount.dest':
      return mountField(req, 'source', (m) => m.dest);
    case 'container.mount.mode':
      return mountField(req, 'source', (m) => m.mode);
    case 'container.mount.rdwr':
      return mountField(req, 'source', (m) => (m.rw ? 'true' : 'false'));
    case 'container.mount.propagation':
      return mountField(req, 'source', (m) => m.propagation);
    case 'container.image.repository':
      return ofContainer((c) => c.imageRepository);
    case 'container.image.tag':
      return ofContainer((c) => c.imageTag);
    case 'container.image.digest':
      return ofContainer((c) => c.imageDigest);
    case 'container.start_ts':
      return ofContainer((c, evt) => startTs(evt, c));
    case 'container.duration':
      return ofContainer((c, evt) => {
        const s = startTs(evt, c);
        return s === undefined ? undefined : evt.ts - s;
      });
    case 'container.ip':
      return ofContainer((c) => c.ip);
    case 'container.cni.json':
      return ofContainer((c) => c.cniJson);
    case 'container.label': {
      const key = argKey(req) ?? String(argIndex(req));
      return ofContainer((c) => c.labels[key]);
    }
    case 'container.labels':
      return ofContainer((c) => labelsText(c.labels));
    case 'proc.is_container_healthcheck':
    case 'proc.is_container_liveness_probe':
    case 'proc.is_container_readiness_probe':
      return (evt) => (evt.thread ? false : undefined);
    case 'k8s.pod.name':
      return k8s((c) => c.podName, 'io.kubernetes.pod.name');
    case 'k8s.ns.name':
      return k8s((c) => c.namespace, 'io.kubernetes.pod.namespace');
    case 'k8s.pod.id':
    case 'k8s.pod.uid':
      return k8s((c) => c.podUid, 'io.kubernetes.pod.uid');
    case 'k8s.pod.sandbox_id':
      return ofContainer((c) => c.labels['io.kubernetes.sandbox.id']?.slice(0, 12));
    case 'k8s.pod.full_sandbox_id':
      return ofContainer((c) => c.labels['io.kubernetes.sandbox.id']);
    case 'k8s.pod.label': {
      const key = argKey(req) ?? String(argIndex(req));
      return ofContainer((c) => c.labels[key]);
    }
    case 'k8s.pod.labels':
      return ofContainer((c) => labelsText(c.labels));
    case 'k8s.pod.ip':
      return ofContainer((c) => c.ip);
    case 'k8s.pod.cni.json':
      return ofContainer((c) => c.cniJson);
    default:
      // container.host_pid/host_network/host_ipc (not in ContainerInfo), the deprecated
      // container.healthcheck / liveness / readiness and k8s.rc/svc/rs/deployment/ns.id fields
      return undefined;
  }
}
