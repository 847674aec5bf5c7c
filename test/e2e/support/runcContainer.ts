// Real runc containers for the end-to-end tests. The image is the host's own Debian userland
// (/usr bind-mounted read-only, so bash, cat, curl and apt-get are the real programs) with a
// container-local /etc and, when asked, an overlayfs root like the ones Docker and containerd
// give a container: the image is the lower layer, writes land on the upper one.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ContainerOptions {
  /** Extra capabilities (e.g. `CAP_SYS_ADMIN`) in every set, as a privileged pod would have. */
  capabilities?: string[];
  /** Give the process a terminal (runc makes a pty; `script` gives runc one of its own). */
  terminal?: boolean;
  /** Root on overlayfs (image = lower layer). */
  overlay?: boolean;
  /** Files of the image: path inside the container → content, or `{ copyOf }` a host file. */
  files?: Record<string, string | { copyOf: string; mode?: number }>;
  env?: Record<string, string>;
  /** OCI annotations of the bundle (what containerd's CRI plugin or CRI-O write there). */
  annotations?: Record<string, string>;
}

export interface ContainerRun {
  /** The 64-hex container id (runc's container name, which is also its cgroup leaf). */
  id: string;
  /** container.id as Kestrel prints it: the first 12 characters. */
  shortId: string;
  status: number | null;
  output: string;
}

const CAPS_DEFAULT = ['CAP_AUDIT_WRITE', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'];

/** Makes a bundle, runs `script` with /bin/sh -c inside it, waits for it and cleans up. */
export function runInContainer(script: string, opts: ContainerOptions = {}): ContainerRun {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-ctr-'));
  const mounts: string[] = [];
  try {
    const image = join(dir, opts.overlay ? 'image' : 'rootfs');
    buildImage(image, opts.files ?? {});
    let root = image;
    if (opts.overlay) {
      // upper and work dirs on a tmpfs: overlayfs refuses an upper dir on some filesystems
      const layers = join(dir, 'layers');
      mkdirSync(layers);
      execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', layers]);
      mounts.push(layers);
      for (const d of ['upper', 'work']) mkdirSync(join(layers, d));
      root = join(dir, 'merged');
      mkdirSync(root);
      execFileSync('mount', [
        '-t',
        'overlay',
        'overlay',
        '-o',
        `lowerdir=${image},upperdir=${join(layers, 'upper')},workdir=${join(layers, 'work')}`,
        root,
      ]);
      mounts.unshift(root);
    }
    execFileSync('runc', ['spec'], { cwd: dir });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    config.root = { path: root, readonly: false };
    config.process.terminal = opts.terminal === true;
    config.process.args = ['/bin/sh', '-c', script];
    config.process.env = [
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'HOME=/root',
      'TERM=xterm',
      ...Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`),
    ];
    const caps = [...CAPS_DEFAULT, ...(opts.capabilities ?? [])];
    for (const set of ['bounding', 'effective', 'permitted']) config.process.capabilities[set] = caps;
    config.mounts.push({ destination: '/usr', type: 'bind', source: '/usr', options: ['rbind', 'ro'] });
    if (opts.annotations) config.annotations = opts.annotations;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));

    const id = randomBytes(32).toString('hex');
    const runc = ['run', '-b', dir, id];
    const r = opts.terminal
      ? spawnSync('script', ['-qec', `runc ${runc.join(' ')}`, '/dev/null'], { encoding: 'utf8', timeout: 30_000 })
      : spawnSync('runc', runc, { encoding: 'utf8', timeout: 30_000 });
    spawnSync('runc', ['delete', '-f', id], { stdio: 'ignore' });
    return { id, shortId: id.slice(0, 12), status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  } finally {
    for (const m of mounts) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

function buildImage(root: string, files: NonNullable<ContainerOptions['files']>): void {
  for (const d of ['usr', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root', 'run', 'var/tmp', 'opt']) {
    mkdirSync(join(root, d), { recursive: true });
  }
  // merged /usr, as on the host
  for (const [link, target] of [
    ['bin', 'usr/bin'],
    ['sbin', 'usr/sbin'],
    ['lib', 'usr/lib'],
    ['lib64', 'usr/lib64'],
  ]) {
    symlinkSync(target, join(root, link));
  }
  symlinkSync('/run', join(root, 'var/run'));
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  writeFileSync(join(root, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n');
  writeFileSync(join(root, 'etc/hostname'), 'kestrel-test-ctr\n');
  if (existsSync('/etc/ld.so.cache')) copyFileSync('/etc/ld.so.cache', join(root, 'etc/ld.so.cache'));
  for (const [path, content] of Object.entries(files)) {
    const dest = join(root, path);
    mkdirSync(join(dest, '..'), { recursive: true });
    if (typeof content === 'string') writeFileSync(dest, content);
    else {
      copyFileSync(content.copyOf, dest);
      execFileSync('chmod', [(content.mode ?? 0o755).toString(8), dest]);
    }
  }
}
