// Container metadata from the container events older captures carry: PPME_CONTAINER_E (id,
// type, name, image) and PPME_CONTAINER_JSON_E / _2_E, whose JSON is libsinsp's container
// engine serialisation: {"container": {"id", "type" (number), "name", "image", "imageid",
// "imagerepo", "imagetag", "imagedigest", "privileged", "Mounts": [...], "labels": {...},
// "ip" (dotted text), ...}}.

import type { ContainerInfo, ContainerMount } from './types.js';

/** libsinsp's sinsp_container_type numbering, as names `container.type` shows. */
export const CONTAINER_TYPES: readonly string[] = [
  'docker',
  'lxc',
  'libvirt-lxc',
  'mesos',
  'rkt',
  'custom',
  'cri',
  'containerd',
  'cri-o',
  'bpm',
  'static',
  'podman',
];

export function containerTypeName(n: number): string {
  return CONTAINER_TYPES[n] ?? `${n}`;
}

/** Raised when a container JSON event cannot be used; the message says why. */
export class ContainerJsonError extends Error {}

export function emptyContainer(id: string, type = 'docker'): ContainerInfo {
  return {
    id,
    type,
    name: '',
    image: '',
    imageId: '',
    imageRepository: '',
    imageTag: '',
    imageDigest: '',
    mounts: [],
    labels: {},
  };
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

function mounts(v: unknown): ContainerMount[] {
  if (!Array.isArray(v)) return [];
  const out: ContainerMount[] = [];
  for (const m of v) {
    if (m === null || typeof m !== 'object') continue;
    const o = m as Record<string, unknown>;
    out.push({
      source: str(o.Source) ?? '',
      dest: str(o.Destination) ?? '',
      mode: str(o.Mode) ?? '',
      rw: bool(o.RW) ?? false,
      propagation: str(o.Propagation) ?? '',
    });
  }
  return out;
}

/** Parses a container JSON event's text. Throws ContainerJsonError. */
export function parseContainerJson(json: string): ContainerInfo {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch (e) {
    throw new ContainerJsonError(`container JSON is not valid JSON: ${(e as Error).message}`);
  }
  const c = (root as { container?: unknown } | null)?.container;
  if (c === null || typeof c !== 'object') throw new ContainerJsonError('container JSON has no "container" object');
  const o = c as Record<string, unknown>;
  const id = str(o.id);
  if (id === undefined) throw new ContainerJsonError('container JSON has no "id"');
  const typeNum = typeof o.type === 'number' ? o.type : Number(o.type);
  const info = emptyContainer(id, Number.isInteger(typeNum) ? containerTypeName(typeNum) : 'docker');
  info.name = str(o.name) ?? '';
  info.image = str(o.image) ?? '';
  info.imageId = str(o.imageid) ?? '';
  info.imageRepository = str(o.imagerepo) ?? '';
  info.imageTag = str(o.imagetag) ?? '';
  info.imageDigest = str(o.imagedigest) ?? '';
  const priv = bool(o.privileged);
  if (priv !== undefined) info.privileged = priv;
  info.mounts = mounts(o.Mounts);
  if (o.labels !== null && typeof o.labels === 'object') {
    for (const [k, v] of Object.entries(o.labels as Record<string, unknown>)) info.labels[k] = str(v) ?? '';
  }
  const ip = str(o.ip);
  if (ip !== undefined) info.ip = ip;
  const cni = str(o.cni_json);
  if (cni !== undefined) info.cniJson = cni;
  const created = o.created_time;
  if (typeof created === 'number' && Number.isFinite(created))
    info.createdTs = BigInt(Math.trunc(created)) * 1_000_000_000n;
  // CRI containers carry their pod in the io.kubernetes.* labels.
  const labels = info.labels;
  if (labels['io.kubernetes.pod.name'] !== undefined) info.podName = labels['io.kubernetes.pod.name'];
  if (labels['io.kubernetes.pod.uid'] !== undefined) info.podUid = labels['io.kubernetes.pod.uid'];
  if (labels['io.kubernetes.pod.namespace'] !== undefined) info.namespace = labels['io.kubernetes.pod.namespace'];
  return info;
}
