// Podman's containers from the files containers/storage and libpod keep on the node, without
// Podman's API: `<graphroot>/<driver>-containers/containers.json` lists every container with its
// names, image id and a `metadata` JSON string (`image-name`, `image-id`, `name`); next to it,
// `<id>/userdata/config.json` is the OCI spec Podman handed to the runtime (annotations
// `io.container.manager=libpod`, and for pod members `io.kubernetes.cri-o.SandboxID`, the infra
// container). Podman 4.x keeps labels and pod names only in its own database (bolt_state.db),
// which is not read.
//
// Graph roots: rootful /var/lib/containers/storage, the `graphroot` of storage.conf
// (/etc/containers, else /usr/share/containers), and per user (from /etc/passwd)
// `~/.local/share/containers/storage`, the user's `~/.config/containers/storage.conf` graphroot and
// storage.conf's `rootless_storage_path` ($HOME, $UID, $USER expanded).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, unknown>;

export interface PodmanContainer {
  id: string;
  /** `metadata.name`, else the first of `names`. */
  name: string;
  /** `metadata.image-name`: the reference the container was created from. */
  imageName: string;
  /** The image id (64 hex), `image` of the entry. */
  imageId: string;
  /** The annotations of `<id>/userdata/config.json` ({} when absent or unreadable). */
  annotations: Record<string, string>;
}

export interface PodmanStorageOptions {
  hostRoot?: string;
  warn?: (message: string) => void;
  /** How long the list of graph roots is reused (ms). */
  rootsTtlMs?: number;
}

const ROOTFUL_GRAPHROOT = '/var/lib/containers/storage';
const STORAGE_CONF = ['/etc/containers/storage.conf', '/usr/share/containers/storage.conf'];
const MAX_ROOTS = 64;
const MAX_WARNED = 256;
const MAX_FILE = 64 * 1024 * 1024;

interface ParsedFile {
  mtimeMs: number;
  size: number;
  byId: Map<string, PodmanContainer>;
}

/** `[storage]` keys of a storage.conf (TOML; only the plain `key = "string"` lines matter here). */
export function parseStorageConf(textValue: string): Record<string, string> {
  const out: Record<string, string> = {};
  let table = '';
  for (const raw of textValue.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const t = /^\[([^\]]*)\]/.exec(line);
    if (t) {
      table = t[1].trim();
      continue;
    }
    if (table !== 'storage') continue;
    const kv = /^([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(line);
    if (kv) out[kv[1]] = kv[2] ?? kv[3];
  }
  return out;
}

export class PodmanStorage {
  private readonly root: string;
  private readonly warnFn?: (message: string) => void;
  private readonly ttl: number;
  private roots: string[] = [];
  private rootsAt = -Infinity;
  private readonly files = new Map<string, ParsedFile>();
  private readonly warned = new Set<string>();

  constructor(opts: PodmanStorageOptions = {}) {
    this.root = opts.hostRoot ?? '';
    this.warnFn = opts.warn;
    this.ttl = opts.rootsTtlMs ?? 30_000;
  }

  /** The container with this full id in any graph root, or undefined. */
  lookup(fullId: string): PodmanContainer | undefined {
    for (const graphroot of this.graphRoots()) {
      for (const dir of this.containerDirs(graphroot)) {
        const found = this.entries(join(dir, 'containers.json'))?.get(fullId);
        if (found === undefined) continue;
        return { ...found, annotations: this.annotations(join(dir, fullId, 'userdata', 'config.json')) };
      }
    }
    return undefined;
  }

  private host(path: string): string {
    return this.root === '' ? path : join(this.root, path);
  }

  private warn(key: string, message: string): void {
    if (this.warned.has(key)) return;
    if (this.warned.size >= MAX_WARNED) return;
    this.warned.add(key);
    this.warnFn?.(message);
  }

  /** Graph roots as host paths (HOST_ROOT applied), deduplicated, at most MAX_ROOTS. */
  graphRoots(): string[] {
    const now = Date.now();
    if (now - this.rootsAt < this.ttl) return this.roots;
    const list: string[] = [ROOTFUL_GRAPHROOT];
    let conf: Record<string, string> = {};
    for (const p of STORAGE_CONF) {
      const t = this.readText(p);
      if (t !== undefined) {
        conf = parseStorageConf(t);
        break;
      }
    }
    if (conf.graphroot) list.unshift(conf.graphroot);
    for (const u of this.users()) {
      if (conf.rootless_storage_path) {
        list.push(
          conf.rootless_storage_path
            .replace(/\$HOME|\$\{HOME\}/g, u.home)
            .replace(/\$UID|\$\{UID\}/g, String(u.uid))
            .replace(/\$USER|\$\{USER\}/g, u.name),
        );
      }
      const own = this.readText(join(u.home, '.config/containers/storage.conf'));
      const g = own === undefined ? undefined : parseStorageConf(own).graphroot;
      if (g) list.push(g.replace(/^~(?=\/)/, u.home).replace(/\$HOME|\$\{HOME\}/g, u.home));
      list.push(join(u.home, '.local/share/containers/storage'));
    }
    const seen = new Set<string>();
    this.roots = [];
    for (const p of list) {
      if (!p.startsWith('/') || seen.has(p)) continue;
      seen.add(p);
      const h = this.host(p);
      if (isDir(h)) this.roots.push(h);
      if (this.roots.length >= MAX_ROOTS) break;
    }
    this.rootsAt = now;
    return this.roots;
  }

  /** Users with a home directory other than / (root included: `sudo podman` as root is rootful). */
  private users(): Array<{ name: string; uid: number; home: string }> {
    const t = this.readText('/etc/passwd');
    if (t === undefined) return [];
    const out: Array<{ name: string; uid: number; home: string }> = [];
    for (const line of t.split('\n')) {
      const f = line.split(':');
      if (f.length < 7) continue;
      const uid = Number(f[2]);
      const home = f[5];
      if (!Number.isInteger(uid) || !home.startsWith('/') || home === '/' || home === '/nonexistent') continue;
      out.push({ name: f[0], uid, home });
      if (out.length >= MAX_ROOTS) break;
    }
    return out;
  }

  /** `<graphroot>/<driver>-containers` directories (overlay first). */
  private containerDirs(graphroot: string): string[] {
    let names: string[];
    try {
      names = readdirSync(graphroot).filter((n) => n.endsWith('-containers'));
    } catch {
      return [];
    }
    names.sort((a, b) => (a === 'overlay-containers' ? -1 : b === 'overlay-containers' ? 1 : a.localeCompare(b)));
    return names.map((n) => join(graphroot, n));
  }

  private readText(path: string): string | undefined {
    try {
      return readFileSync(this.host(path), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** containers.json parsed into entries by id, reparsed only when its mtime or size changes. */
  private entries(path: string): Map<string, PodmanContainer> | undefined {
    let st;
    try {
      st = statSync(path);
    } catch {
      return undefined;
    }
    const cached = this.files.get(path);
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.byId;
    const byId = new Map<string, PodmanContainer>();
    if (st.size > MAX_FILE) {
      this.warn(path, `podman: ${path} is larger than ${MAX_FILE} bytes, not read; container names stay empty`);
    } else {
      try {
        const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
        if (!Array.isArray(v)) throw new Error('not a JSON array');
        for (const e of v) {
          const c = entryOf(e);
          if (c !== undefined) byId.set(c.id, c);
        }
      } catch (err) {
        this.warn(
          path,
          `podman: cannot read ${path} (${(err as Error).message}); Podman container names and images stay empty`,
        );
      }
    }
    this.files.set(path, { mtimeMs: st.mtimeMs, size: st.size, byId });
    return byId;
  }

  private annotations(path: string): Record<string, string> {
    let raw: string;
    try {
      raw = readFileSync(path, 'utf8');
    } catch {
      return {};
    }
    try {
      const spec: unknown = JSON.parse(raw);
      const a = (spec as Json | null)?.annotations;
      const out: Record<string, string> = {};
      if (a && typeof a === 'object')
        for (const [k, v] of Object.entries(a as Json)) if (typeof v === 'string') out[k] = v;
      return out;
    } catch (err) {
      this.warn(path, `podman: cannot read ${path} (${(err as Error).message}); its annotations are ignored`);
      return {};
    }
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** One containers.json entry; entries without a string id are skipped, a bad `metadata` is ignored. */
function entryOf(e: unknown): PodmanContainer | undefined {
  if (e === null || typeof e !== 'object') return undefined;
  const o = e as Json;
  const id = str(o.id);
  if (id === '') return undefined;
  let meta: Json = {};
  if (typeof o.metadata === 'string' && o.metadata !== '') {
    try {
      const m: unknown = JSON.parse(o.metadata);
      if (m !== null && typeof m === 'object') meta = m as Json;
    } catch {
      // buildah and other containers/storage users may keep other metadata: names still apply
    }
  }
  const names = Array.isArray(o.names) ? o.names.filter((n): n is string => typeof n === 'string') : [];
  return {
    id,
    name: str(meta.name) || (names[0] ?? ''),
    imageName: str(meta['image-name']),
    imageId: str(o.image) || str(meta['image-id']),
    annotations: {},
  };
}
