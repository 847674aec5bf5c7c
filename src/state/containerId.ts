// Container id from a thread's cgroups, as Falco's container engines match them (docker,
// containerd/CRI, CRI-O, podman, lxc, libvirt-lxc, bpm). runc-based runtimes put a 64-hex id
// in the last path component (`.../<id>`, `.../docker-<id>.scope`, `.../crio-<id>.scope`,
// `.../cri-containerd-<id>.scope`, `...:cri-containerd:<id>`, `.../libpod-<id>.scope`); the
// reported id is its first 12 characters. Rootless Podman also puts the container in
// `.../podman-<pid>.scope/<id>` (the scope of its pause process), which libsinsp reports as podman;
// conmon's own cgroups (`libpod-conmon-<id>.scope`, `/libpod_parent/conmon`) are the host's. cgroup v1 (one path per controller) and v2 (one path,
// controller '') both work: every path is tried in order and the first match wins.

export type ContainerRuntime = 'docker' | 'cri' | 'containerd' | 'podman' | 'lxc' | 'libvirt-lxc' | 'bpm';

export interface ContainerMatch {
  /** The id libsinsp reports (12 hex characters for runc-based runtimes). */
  id: string;
  /** The whole id the cgroup path holds (64 hex for runc-based runtimes): runtimes file it so. */
  fullId: string;
  /** The engine whose layout matched (the first in Falco's order). */
  runtime: ContainerRuntime;
}

const FULL_ID = 64;
const SHORT_ID = 12;
const HEX = /^[0-9a-fA-F]+$/;

interface Layout {
  prefix: string;
  suffix: string;
}

const PODMAN: Layout[] = [
  { prefix: '/libpod-', suffix: '.scope' },
  { prefix: '/libpod-', suffix: '.scope/container' },
  { prefix: '/libpod-', suffix: '' },
];
const DOCKER: Layout[] = [
  { prefix: '/', suffix: '' },
  { prefix: '/docker-', suffix: '.scope' },
];
const CRI: Layout[] = [
  { prefix: '/', suffix: '' },
  { prefix: '/crio-', suffix: '' },
  { prefix: '/cri-containerd-', suffix: '.scope' },
  { prefix: '/crio-', suffix: '.scope' },
  { prefix: ':cri-containerd:', suffix: '' },
  { prefix: '/docker-', suffix: '.scope' },
];

/** cgroup ends with <prefix><64 hex><suffix> → the 64-character id. */
function matchRunc(cgroup: string, layouts: readonly Layout[]): string | undefined {
  for (const { prefix, suffix } of layouts) {
    const p = cgroup.lastIndexOf(prefix);
    if (p < 0) continue;
    const start = p + prefix.length;
    const end = suffix === '' ? cgroup.length : cgroup.lastIndexOf(suffix);
    if (end < 0 || end - start !== FULL_ID) continue;
    const id = cgroup.slice(start, end);
    if (HEX.test(id)) return id;
  }
  return undefined;
}

const CONTAINERD_NS = /\/([A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*)\//;

/** ctr-made containers: `/<namespace>/<id>`, any id up to 64 characters, systemd units excluded (whole id). */
function matchContainerd(cgroup: string): string | undefined {
  const m = CONTAINERD_NS.exec(cgroup);
  // Podman's cgroupfs parent is no containerd namespace: `/libpod_parent/conmon` is conmon, a host
  // process (libsinsp's containerd lookup finds nothing there and reports the host).
  if (m === null || m[1] === 'libpod_parent') return undefined;
  const prefix = m[0];
  const p = cgroup.lastIndexOf(prefix);
  const start = p + prefix.length;
  const len = cgroup.length - start;
  if (len === 0 || len > FULL_ID) return undefined;
  const id = cgroup.slice(start);
  if (len === FULL_ID && HEX.test(id)) return id;
  if (id.includes('/')) return undefined;
  if (cgroup.endsWith('.service') || cgroup.endsWith('.slice') || cgroup.endsWith('.scope')) return undefined;
  return id;
}

function matchLxc(cgroup: string): string | undefined {
  for (const layout of ['/lxc/', '/lxc.payload/', '/lxc.payload.']) {
    const p = cgroup.indexOf(layout);
    if (p < 0) continue;
    const start = p + layout.length;
    const slash = cgroup.indexOf('/', start);
    return cgroup.slice(start, slash < 0 ? undefined : slash);
  }
  return undefined;
}

function matchLibvirtLxc(cgroup: string): string | undefined {
  const dot = cgroup.indexOf('.libvirt-lxc');
  if (dot >= 0 && dot === cgroup.length - '.libvirt-lxc'.length) {
    const slash = cgroup.lastIndexOf('/');
    if (slash >= 0) return cgroup.slice(slash + 1, dot);
  }
  const marker = '-lxc\\x2';
  const p = cgroup.indexOf(marker);
  if (p >= 0) {
    const delim = cgroup.includes('.scope/libvirt') ? '.scope/libvirt' : '.scope';
    const q = cgroup.indexOf(delim);
    // The id starts after the escaped '-' ("\x2d") that follows the marker.
    if (q >= 0 && q === cgroup.length - delim.length) return cgroup.slice(p + marker.length + 1, q);
  }
  const legacy = cgroup.indexOf('/libvirt/lxc/');
  if (legacy >= 0) return cgroup.slice(legacy + '/libvirt/lxc/'.length);
  return undefined;
}

const BPM_ID = /^[A-Za-z0-9._-]+$/;

function matchBpm(cgroup: string): string | undefined {
  const p = cgroup.indexOf('bpm-');
  if (p < 0) return undefined;
  const start = p + 4;
  const end = cgroup.indexOf('.scope', start);
  const id = cgroup.slice(start, end < 0 ? undefined : end);
  return id !== '' && BPM_ID.test(id) ? id : undefined;
}

const ROOTLESS_PODMAN = /\/podman-[0-9]+\.scope\/([0-9a-fA-F]{64})$/;

/** Matches one cgroup path against the engines in Falco's order. */
export function matchContainerCgroup(cgroup: string): ContainerMatch | undefined {
  let id = matchRunc(cgroup, PODMAN) ?? ROOTLESS_PODMAN.exec(cgroup)?.[1];
  if (id !== undefined) return short(id, 'podman');
  id = matchRunc(cgroup, DOCKER);
  if (id !== undefined) return short(id, 'docker');
  id = matchRunc(cgroup, CRI);
  if (id !== undefined) return short(id, 'cri');
  id = matchContainerd(cgroup);
  if (id !== undefined) return short(id, 'containerd');
  id = matchLxc(cgroup);
  if (id !== undefined) return { id, fullId: id, runtime: 'lxc' };
  id = matchLibvirtLxc(cgroup);
  if (id !== undefined) return { id, fullId: id, runtime: 'libvirt-lxc' };
  id = matchBpm(cgroup);
  if (id !== undefined) return { id, fullId: id, runtime: 'bpm' };
  return undefined;
}

function short(fullId: string, runtime: ContainerRuntime): ContainerMatch {
  return { id: fullId.slice(0, SHORT_ID), fullId, runtime };
}

/** The container of a thread from its cgroups (controller → path pairs); undefined for the host. */
export function containerFromCgroups(cgroups: ReadonlyArray<readonly [string, string]>): ContainerMatch | undefined {
  for (const [, path] of cgroups) {
    const m = matchContainerCgroup(path);
    if (m !== undefined) return m;
  }
  return undefined;
}

/** Container id for a thread's cgroups: the id, or '' for the host (Falco shows 'host'). */
export function containerIdFromCgroups(cgroups: ReadonlyArray<readonly [string, string]>): string {
  return containerFromCgroups(cgroups)?.id ?? '';
}
