// Container metadata from the files runtimes keep on the node, laid out under a temporary host
// root exactly where containerd (CRI), CRI-O, Docker, runc and Podman put them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { OciBundleMetadata } from '../../../src/sources/host/ociBundles.js';
import { splitImageRef } from '../../../src/state/imageRef.js';

const root = mkdtempSync(join(tmpdir(), 'kestrel-hostroot-'));
const ID = 'a'.repeat(64);

function write(path: string, value: unknown): void {
  const p = join(root, path);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
}

describe('OciBundleMetadata', () => {
  after(() => rmSync(root, { recursive: true, force: true }));
  const meta = new OciBundleMetadata({ hostRoot: root });

  test('containerd CRI: the bundle of the k8s.io task holds the CRI annotations', () => {
    const id = '1'.repeat(64);
    write(`/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/config.json`, {
      ociVersion: '1.1.0',
      annotations: {
        'io.kubernetes.cri.container-type': 'container',
        'io.kubernetes.cri.container-name': 'web',
        'io.kubernetes.cri.image-name': 'registry.example:5000/shop/web:1.4.2',
        'io.kubernetes.cri.sandbox-id': 'b'.repeat(64),
        'io.kubernetes.cri.sandbox-name': 'web-7d9f8-abcde',
        'io.kubernetes.cri.sandbox-namespace': 'prod',
        'io.kubernetes.cri.sandbox-uid': '0d5c0c4e-1111-2222-3333-444455556666',
      },
    });
    const c = meta.lookup(id);
    assert.ok(c);
    assert.equal(c.id, id.slice(0, 12));
    assert.equal(c.type, 'containerd');
    assert.equal(c.name, 'web');
    assert.equal(c.imageRepository, 'registry.example:5000/shop/web');
    assert.equal(c.imageTag, '1.4.2');
    assert.equal(c.podName, 'web-7d9f8-abcde');
    assert.equal(c.namespace, 'prod');
    assert.equal(c.podUid, '0d5c0c4e-1111-2222-3333-444455556666');
    assert.equal(c.labels['io.kubernetes.sandbox.id'], 'b'.repeat(64));
  });

  test('CRI-O: runc state.json names the bundle, whose config.json has CRI-O annotations', () => {
    const id = '2'.repeat(64);
    const bundle = `/run/containers/storage/overlay-containers/${id}/userdata`;
    write(`/run/runc/${id}/state.json`, { id, config: { labels: [`bundle=${bundle}`, 'other=x'] } });
    write(`${bundle}/config.json`, {
      annotations: {
        'io.kubernetes.cri-o.ContainerID': id,
        'io.kubernetes.cri-o.ImageName': 'quay.io/team/api@sha256:' + 'c'.repeat(64),
        'io.kubernetes.container.name': 'api',
        'io.kubernetes.pod.name': 'api-0',
        'io.kubernetes.pod.namespace': 'payments',
        'io.kubernetes.pod.uid': 'uid-1',
      },
    });
    const c = meta.lookup(id);
    assert.ok(c);
    assert.equal(c.type, 'cri-o');
    assert.equal(c.name, 'api');
    assert.equal(c.imageRepository, 'quay.io/team/api');
    assert.equal(c.imageTag, '');
    assert.equal(c.imageDigest, 'sha256:' + 'c'.repeat(64));
    assert.equal(c.namespace, 'payments');
    assert.equal(c.podName, 'api-0');
  });

  test('Docker: config.v2.json gives the name and image, and dockershim labels give the pod', () => {
    write(`/var/lib/docker/containers/${ID}/config.v2.json`, {
      Name: '/shop-db',
      Config: { Image: 'postgres:16', Labels: { 'io.kubernetes.pod.namespace': 'shop', maintainer: 'x' } },
    });
    const c = meta.lookup(ID);
    assert.ok(c);
    assert.equal(c.type, 'docker');
    assert.equal(c.name, 'shop-db');
    assert.equal(c.imageRepository, 'postgres');
    assert.equal(c.imageTag, '16');
    assert.equal(c.namespace, 'shop');
    assert.equal(c.labels.maintainer, 'x');
  });

  test('unknown ids, unreadable or malformed files, and odd ids give nothing, without throwing', () => {
    assert.equal(meta.lookup('3'.repeat(64)), undefined);
    const id = '4'.repeat(64);
    write(`/run/runc/${id}/state.json`, '{not json');
    assert.equal(meta.lookup(id), undefined);
    const id2 = '5'.repeat(64);
    write(`/run/runc/${id2}/state.json`, { config: { labels: ['bundle=/nowhere'] } });
    assert.equal(meta.lookup(id2), undefined);
    assert.equal(meta.lookup('../../etc'), undefined);
  });
});

// What Podman 4.3.1 (Debian 12) wrote for `podman run --name kt-probe localhost/kestrel-test:1`
// and for `podman kube play` (pod kpod, container web): containers.json and userdata/config.json.
const IMAGE_ID = '3a75f2928a23afbee0f97bf9d0085c15e474d7187130ebce9f8e0a6359383b4c';
function storageEntry(id: string, name: string, imageName: string, imageId = IMAGE_ID): unknown {
  return {
    id,
    names: [name],
    image: imageId,
    layer: '4912955262a92d18c91aa31144da2e8160365c215c288ac1185540c9d14b8d86',
    metadata: JSON.stringify({ 'image-name': imageName, 'image-id': imageId, name, 'created-at': 1796196792 }),
    created: '2026-12-02T07:33:12.691499611Z',
    flags: { MountLabel: '', ProcessLabel: '' },
  };
}
const PODMAN_ANNOTATIONS = {
  'io.container.manager': 'libpod',
  'io.kubernetes.cri-o.Created': '2026-12-02T07:33:29.192726454Z',
  'io.kubernetes.cri-o.TTY': 'false',
  'io.podman.annotations.autoremove': 'FALSE',
  'io.podman.annotations.init': 'FALSE',
  'io.podman.annotations.privileged': 'FALSE',
  'io.podman.annotations.publish-all': 'FALSE',
  'org.opencontainers.image.stopSignal': '15',
};

describe('OciBundleMetadata: Podman', () => {
  const proot = mkdtempSync(join(tmpdir(), 'kestrel-podman-'));
  after(() => rmSync(proot, { recursive: true, force: true }));
  const put = (path: string, value: unknown): void => {
    const p = join(proot, path);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  };
  const RUN = 'ca0fd3c2370858cea9a990e9c497ec8e2ede470a4bf43012e688a8ecb677200e';
  const INFRA = '5be727b03c9c5d6ac6f98116faa6bef1ac98965e8ef58b1c2809e06493bf50ea';
  const WEB = '33bce0b6fa389bca45c28b2de88f7d9cffa942f400376355665e321d96c06b8f';
  const store = '/var/lib/containers/storage/overlay-containers';
  put(`${store}/containers.json`, [
    storageEntry(RUN, 'kt-probe', 'localhost/kestrel-test:1'),
    storageEntry(INFRA, 'd15d77bf77ac-infra', 'localhost/podman-pause:4.3.1-0', 'f'.repeat(64)),
    storageEntry(WEB, 'kpod-web', 'localhost/kestrel-test:1'),
  ]);
  const bundle = `${store}/${RUN}/userdata`;
  put(`${bundle}/config.json`, { ociVersion: '1.0.2-dev', annotations: PODMAN_ANNOTATIONS });
  // runc's state.json names the same bundle, with the annotations as labels
  put(`/run/runc/${RUN}/state.json`, {
    id: RUN,
    config: {
      labels: ['io.container.manager=libpod', `bundle=/var/lib/containers/storage/overlay-containers/${RUN}/userdata`],
    },
  });
  put(`${store}/${WEB}/userdata/config.json`, {
    annotations: {
      ...PODMAN_ANNOTATIONS,
      'io.kubernetes.cri-o.ContainerType': 'container',
      'io.kubernetes.cri-o.SandboxID': INFRA,
    },
  });
  const warnings: string[] = [];
  const meta = new OciBundleMetadata({ hostRoot: proot, warn: (m) => warnings.push(m) });

  test('rootful podman run: name and image from containers.json, podman from io.container.manager', () => {
    const c = meta.lookup(RUN);
    assert.ok(c);
    assert.equal(c.id, RUN.slice(0, 12));
    assert.equal(c.type, 'podman');
    assert.equal(c.name, 'kt-probe');
    assert.equal(c.image, 'localhost/kestrel-test:1');
    assert.equal(c.imageRepository, 'localhost/kestrel-test');
    assert.equal(c.imageTag, '1');
    assert.equal(c.imageId, IMAGE_ID);
    assert.equal(c.podName, undefined);
    assert.deepEqual(warnings, []);
  });

  test('podman kube play: the member is found without a runc state (crun, rootless runc roots)', () => {
    const c = meta.lookup(WEB);
    assert.ok(c);
    assert.equal(c.type, 'podman');
    assert.equal(c.name, 'kpod-web');
    assert.equal(c.imageRepository, 'localhost/kestrel-test');
    // the pod's name is only in Podman's database: no k8s fields for podman pods
    assert.equal(c.podName, undefined);
    assert.equal(c.namespace, undefined);
    const infra = meta.lookup(INFRA);
    assert.equal(infra?.name, 'd15d77bf77ac-infra');
    assert.equal(infra?.imageRepository, 'localhost/podman-pause');
    assert.equal(infra?.imageTag, '4.3.1-0');
  });

  test('rootless: ~/.local/share/containers/storage of a /etc/passwd user, and storage.conf graph roots', () => {
    const id = '7'.repeat(64);
    const id2 = '8'.repeat(64);
    const id3 = '9'.repeat(64);
    put(
      '/etc/passwd',
      'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
    );
    put(`/home/alice/.local/share/containers/storage/overlay-containers/containers.json`, [
      storageEntry(id, 'alice-web', 'docker.io/library/nginx:1.25'),
    ]);
    put(
      '/etc/containers/storage.conf',
      '[storage]\ndriver = "overlay"\ngraphroot = "/srv/containers"\nrootless_storage_path = "/data/$USER/storage"\n\n[storage.options]\n',
    );
    put(`/srv/containers/vfs-containers/containers.json`, [storageEntry(id2, 'custom-root', 'quay.io/x/y:2')]);
    put(`/data/bob/storage/overlay-containers/containers.json`, [storageEntry(id3, 'bobs', 'localhost/b:3')]);
    const fresh = new OciBundleMetadata({ hostRoot: proot });
    const c = fresh.lookup(id);
    assert.equal(c?.type, 'podman');
    assert.equal(c?.name, 'alice-web');
    assert.equal(c?.imageRepository, 'docker.io/library/nginx');
    assert.equal(fresh.lookup(id2)?.name, 'custom-root');
    assert.equal(fresh.lookup(id3)?.name, 'bobs');
  });

  test('containers.json without metadata: the first name; buildah-like entries are podman-typed', () => {
    const id = 'e'.repeat(64);
    put('/var/lib/containers/storage/vfs-containers/containers.json', [
      { id, names: ['working-container'], image: IMAGE_ID, metadata: 'not json' },
      { names: ['no id'] },
      42,
    ]);
    const c = new OciBundleMetadata({ hostRoot: proot }).lookup(id);
    assert.equal(c?.name, 'working-container');
    assert.equal(c?.image, '');
    assert.equal(c?.imageId, IMAGE_ID);
  });

  test('CRI-O shares containers/storage: its annotations still win over containers.json', () => {
    const id = 'c'.repeat(64);
    const root2 = mkdtempSync(join(tmpdir(), 'kestrel-crio-'));
    try {
      const w = (path: string, v: unknown) => {
        mkdirSync(join(root2, path, '..'), { recursive: true });
        writeFileSync(join(root2, path), JSON.stringify(v));
      };
      w('/var/lib/containers/storage/overlay-containers/containers.json', [
        storageEntry(id, 'k8s_api_api-0_payments_uid-1_0', 'quay.io/team/api:1'),
      ]);
      const b = `/run/containers/storage/overlay-containers/${id}/userdata`;
      w(`/run/runc/${id}/state.json`, { config: { labels: [`bundle=${b}`] } });
      w(`${b}/config.json`, {
        annotations: {
          'io.kubernetes.cri-o.ContainerID': id,
          'io.kubernetes.cri-o.ImageName': 'quay.io/team/api:1',
          'io.kubernetes.container.name': 'api',
          'io.kubernetes.pod.namespace': 'payments',
        },
      });
      const c = new OciBundleMetadata({ hostRoot: root2 }).lookup(id);
      assert.equal(c?.type, 'cri-o');
      assert.equal(c?.name, 'api');
      assert.equal(c?.namespace, 'payments');
    } finally {
      rmSync(root2, { recursive: true, force: true });
    }
  });

  test('malformed containers.json and config.json: a warning once per file, the fields stay empty', () => {
    const r = mkdtempSync(join(tmpdir(), 'kestrel-podman-bad-'));
    try {
      const dir = join(r, 'var/lib/containers/storage/overlay-containers');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'containers.json'), '[{"id": "abc", "names": [');
      const seen: string[] = [];
      const m = new OciBundleMetadata({ hostRoot: r, warn: (s) => seen.push(s) });
      const id = 'b'.repeat(64);
      assert.equal(m.lookup(id), undefined);
      assert.equal(m.lookup(id), undefined);
      assert.equal(seen.length, 1);
      assert.match(seen[0], /podman: cannot read .*containers\.json .*names and images stay empty/);
      // a JSON object instead of the array
      writeFileSync(join(dir, 'containers.json'), '{"id": "x"}');
      const m2 = new OciBundleMetadata({ hostRoot: r, warn: (s) => seen.push(s) });
      assert.equal(m2.lookup(id), undefined);
      assert.match(seen[1], /not a JSON array/);
      // a good list, but the container's config.json is cut short: name and image, no annotations
      writeFileSync(join(dir, 'containers.json'), JSON.stringify([storageEntry(id, 'half', 'localhost/h:1')]));
      mkdirSync(join(dir, id, 'userdata'), { recursive: true });
      writeFileSync(join(dir, id, 'userdata', 'config.json'), '{"annotations": {"io.container.ma');
      const c = m2.lookup(id);
      assert.equal(c?.type, 'podman');
      assert.equal(c?.name, 'half');
      assert.equal(seen.length, 3);
      assert.match(seen[2], /config\.json .*annotations are ignored/);
      m2.lookup(id);
      assert.equal(seen.length, 3);
      // a malformed runc state.json is told once too
      mkdirSync(join(r, 'run/runc', id), { recursive: true });
      writeFileSync(join(r, 'run/runc', id, 'state.json'), '{oops');
      m2.lookup(id);
      m2.lookup(id);
      assert.equal(seen.length, 4);
      assert.match(seen[3], /container metadata: cannot read .*state\.json/);
    } finally {
      rmSync(r, { recursive: true, force: true });
    }
  });
});

describe('splitImageRef', () => {
  test('registry ports, tags and digests', () => {
    assert.deepEqual(splitImageRef('nginx'), { repository: 'nginx', tag: '', digest: '' });
    assert.deepEqual(splitImageRef('nginx:1.25'), { repository: 'nginx', tag: '1.25', digest: '' });
    assert.deepEqual(splitImageRef('host:5000/a/b'), { repository: 'host:5000/a/b', tag: '', digest: '' });
    assert.deepEqual(splitImageRef('host:5000/a/b:v2@sha256:ff'), {
      repository: 'host:5000/a/b',
      tag: 'v2',
      digest: 'sha256:ff',
    });
  });
});
