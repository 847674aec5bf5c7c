// Container name, image and Kubernetes context from what the runtimes leave on the node, without
// talking to their APIs: runc-based runtimes keep a state.json per container (naming its OCI
// bundle), and the bundle's config.json carries the runtime's annotations — containerd's CRI
// plugin and CRI-O write the container name, image, pod name, namespace and uid there (Talos and
// most Kubernetes nodes). Docker keeps its own config.v2.json with the name and image. Podman's
// names and images are in containers/storage's containers.json (see podmanStorage.ts).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyContainer } from '../../state/containerJson.js';
import { splitImageRef } from '../../state/imageRef.js';
import type { ContainerInfo } from '../../state/types.js';
import { PodmanStorage, type PodmanContainer } from './podmanStorage.js';

/** Looks up a container by its full id; undefined when nothing on the node describes it (yet). */
export interface ContainerMetadataSource {
  lookup(fullId: string): ContainerInfo | undefined;
}

export interface OciBundleOptions {
  /** Prefix for host paths when Kestrel runs in a container with the host's / mounted there. */
  hostRoot?: string;
  /** Told once per file that exists but cannot be parsed (the fields it would give stay empty). */
  warn?: (message: string) => void;
}

/** Roots where runc-based runtimes keep `<root>/<id>/state.json`; `*` is one folder level. */
const RUNC_ROOTS = ['/run/runc', '/run/containerd/runc/*', '/run/docker/runtime-runc/moby', '/run/crun'];
const CONTAINERD_TASKS = '/run/containerd/io.containerd.runtime.v2.task/*';
const DOCKER_CONTAINERS = '/var/lib/docker/containers';

type Json = Record<string, unknown>;

/** A JSON object file; undefined when absent, and `bad` is told when it exists but is not one. */
function readJson(path: string, bad?: (path: string, why: string) => void): Json | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v: unknown = JSON.parse(raw);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Json;
    bad?.(path, 'not a JSON object');
  } catch (err) {
    bad?.(path, (err as Error).message);
  }
  return undefined;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function annotationsOf(spec: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const a = spec?.annotations;
  if (a && typeof a === 'object') for (const [k, v] of Object.entries(a as Json)) if (typeof v === 'string') out[k] = v;
  return out;
}

export class OciBundleMetadata implements ContainerMetadataSource {
  private readonly root: string;
  private readonly podman: PodmanStorage;
  private readonly warn?: (message: string) => void;
  private readonly warned = new Set<string>();
  private readonly bad = (path: string, why: string): void => {
    if (this.warned.has(path) || this.warned.size >= 256) return;
    this.warned.add(path);
    this.warn?.(`container metadata: cannot read ${path} (${why}); the fields it gives stay empty`);
  };

  constructor(opts: OciBundleOptions = {}) {
    this.root = opts.hostRoot ?? '';
    this.warn = opts.warn;
    this.podman = new PodmanStorage({ hostRoot: opts.hostRoot, warn: opts.warn });
  }

  lookup(fullId: string): ContainerInfo | undefined {
    if (!/^[0-9a-zA-Z_.-]+$/.test(fullId)) return undefined;
    const spec = this.bundleSpec(fullId);
    const docker = readJson(this.host(join(DOCKER_CONTAINERS, fullId, 'config.v2.json')), this.bad);
    const podman = this.podman.lookup(fullId);
    if (!spec && !docker && !podman) return undefined;
    return describe(fullId, annotationsOf(spec), docker, podman);
  }

  private host(path: string): string {
    return this.root === '' ? path : join(this.root, path);
  }

  /** Expands one `*` level of a root pattern. */
  private expand(pattern: string): string[] {
    const star = pattern.indexOf('*');
    if (star < 0) return [this.host(pattern)];
    const parent = this.host(pattern.slice(0, star));
    try {
      return readdirSync(parent).map((d) => join(parent, d));
    } catch {
      return [];
    }
  }

  private bundleSpec(fullId: string): Json | undefined {
    for (const dir of this.expand(CONTAINERD_TASKS)) {
      const spec = readJson(join(dir, fullId, 'config.json'), this.bad);
      if (spec) return spec;
    }
    for (const pattern of RUNC_ROOTS) {
      for (const root of this.expand(pattern)) {
        const state = readJson(join(root, fullId, 'state.json'), this.bad);
        if (!state) continue;
        const bundle = bundleOf(state);
        if (bundle) return readJson(this.host(join(bundle, 'config.json')), this.bad);
      }
    }
    return undefined;
  }
}

/** runc's state.json names the bundle in config.labels (`bundle=/path`). */
function bundleOf(state: Json): string | undefined {
  const labels = (state.config as Json | undefined)?.labels;
  if (!Array.isArray(labels)) return undefined;
  for (const l of labels) if (typeof l === 'string' && l.startsWith('bundle=')) return l.slice('bundle='.length);
  return undefined;
}

function isCrio(ann: Record<string, string>): boolean {
  return ann['io.kubernetes.cri-o.ContainerID'] !== undefined || ann['io.kubernetes.cri-o.ImageName'] !== undefined;
}

function describe(
  fullId: string,
  bundleAnn: Record<string, string>,
  docker: Json | undefined,
  podman: PodmanContainer | undefined,
): ContainerInfo {
  const id = fullId.length === 64 ? fullId.slice(0, 12) : fullId;
  let type = 'runc';
  let name = '';
  let image = '';
  let imageId = '';
  const labels: Record<string, string> = {};
  // Podman's spec is both the runc bundle and <id>/userdata/config.json; CRI-O shares the storage.
  const ann = podman ? { ...podman.annotations, ...bundleAnn } : bundleAnn;
  if (podman && (ann['io.container.manager'] === 'libpod' || (!isCrio(ann) && !docker))) {
    // Podman (`io.container.manager=libpod`), or another containers/storage user such as buildah
    type = 'podman';
    name = podman.name;
    image = podman.imageName;
    imageId = podman.imageId;
  } else if (
    ann['io.kubernetes.cri.container-name'] !== undefined ||
    ann['io.kubernetes.cri.sandbox-name'] !== undefined
  ) {
    type = 'containerd';
    name = ann['io.kubernetes.cri.container-name'] ?? '';
    image = ann['io.kubernetes.cri.image-name'] ?? '';
    setLabel(labels, 'io.kubernetes.pod.name', ann['io.kubernetes.cri.sandbox-name']);
    setLabel(labels, 'io.kubernetes.pod.namespace', ann['io.kubernetes.cri.sandbox-namespace']);
    setLabel(labels, 'io.kubernetes.pod.uid', ann['io.kubernetes.cri.sandbox-uid']);
    setLabel(labels, 'io.kubernetes.sandbox.id', ann['io.kubernetes.cri.sandbox-id']);
  } else if (isCrio(ann)) {
    type = 'cri-o';
    name = ann['io.kubernetes.container.name'] ?? ann['io.kubernetes.cri-o.ContainerName'] ?? '';
    image = ann['io.kubernetes.cri-o.ImageName'] ?? '';
    setLabel(labels, 'io.kubernetes.pod.name', ann['io.kubernetes.pod.name']);
    setLabel(labels, 'io.kubernetes.pod.namespace', ann['io.kubernetes.pod.namespace']);
    setLabel(labels, 'io.kubernetes.pod.uid', ann['io.kubernetes.pod.uid']);
    setLabel(labels, 'io.kubernetes.sandbox.id', ann['io.kubernetes.cri-o.SandboxID']);
  } else if (docker) {
    type = 'docker';
    name = text(docker.Name).replace(/^\//, '');
    const config = docker.Config as Json | undefined;
    image = text(config?.Image);
    const dl = config?.Labels;
    if (dl && typeof dl === 'object') for (const [k, v] of Object.entries(dl as Json)) setLabel(labels, k, text(v));
  }
  const c = emptyContainer(id, type);
  c.name = name;
  c.image = image;
  c.imageId = imageId;
  const ref = splitImageRef(image);
  c.imageRepository = ref.repository;
  c.imageTag = ref.tag;
  c.imageDigest = ref.digest;
  c.labels = labels;
  c.podName = labels['io.kubernetes.pod.name'];
  c.namespace = labels['io.kubernetes.pod.namespace'];
  c.podUid = labels['io.kubernetes.pod.uid'];
  return c;
}

function setLabel(labels: Record<string, string>, key: string, value: string | undefined): void {
  if (value !== undefined && value !== '') labels[key] = value;
}
