// Container metadata from the files runtimes keep on the node, laid out under a temporary host
// root exactly where containerd (CRI), CRI-O, Docker and runc put them.
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
