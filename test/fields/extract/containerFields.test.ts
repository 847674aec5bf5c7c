// container.*, k8s.* fields (the container plugin's), with Kubernetes data from CRI labels.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enc } from '../../../src/events/encodeEvent.js';
import { event, extract, FakeState, thread } from './fixtures.js';

const CID = '3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e';
const state = new FakeState()
  .add(thread({ containerId: CID.slice(0, 12), pidnsInitStartTs: 1_000n }))
  .add(thread({ tid: 77, pid: 77, containerId: '' }));
state.containers.set(CID.slice(0, 12), {
  id: CID,
  type: 'containerd',
  name: 'nginx',
  image: 'docker.io/library/nginx:1.27',
  imageId: 'sha256:abc',
  imageRepository: 'docker.io/library/nginx',
  imageTag: '1.27',
  imageDigest: 'sha256:def',
  privileged: true,
  mounts: [
    { source: '/var/run/docker.sock', dest: '/var/run/docker.sock', mode: '', rw: true, propagation: 'rprivate' },
    { source: '/proc', dest: '/host/proc', mode: 'ro', rw: false, propagation: 'rprivate' },
  ],
  labels: {
    'io.kubernetes.pod.name': 'web-0',
    'io.kubernetes.pod.namespace': 'kube-system',
    'io.kubernetes.pod.uid': 'uid-1',
    'io.kubernetes.sandbox.id': 'feedfacecafe0123456789',
  },
  ip: '10.0.0.5',
});

const inContainer = event({ code: 'PPME_SYSCALL_CLOSE_E', params: [enc.i64(3)], state });
const onHost = event({ code: 'PPME_SYSCALL_CLOSE_E', params: [enc.i64(3)], state, tid: 77 });

describe('container.* and k8s.* fields', () => {
  it('container identity and image', () => {
    assert.equal(extract('container.id', inContainer), CID.slice(0, 12));
    assert.equal(extract('container.full_id', inContainer), CID);
    assert.equal(extract('container.name', inContainer), 'nginx');
    assert.equal(extract('container.image', inContainer), 'docker.io/library/nginx:1.27');
    assert.equal(extract('container.image.repository', inContainer), 'docker.io/library/nginx');
    assert.equal(extract('container.image.tag', inContainer), '1.27');
    assert.equal(extract('container.type', inContainer), 'containerd');
    assert.equal(extract('container.privileged', inContainer), true);
    assert.equal(extract('container.start_ts', inContainer), 1_000n);
    assert.equal(extract('container.ip', inContainer), '10.0.0.5');
  });

  it('mounts: all, by position, by glob on the source; N/A when none matches', () => {
    assert.equal(
      extract('container.mounts', inContainer),
      '/var/run/docker.sock:/var/run/docker.sock::true:rprivate,/proc:/host/proc:ro:false:rprivate',
    );
    assert.equal(extract('container.mount[1]', inContainer), '/proc:/host/proc:ro:false:rprivate');
    assert.equal(extract('container.mount[/nothing]', inContainer), 'none');
    assert.equal(extract('container.mount.dest[/proc*]', inContainer), '/host/proc');
    assert.equal(extract('container.mount.dest[/var/run/docker.sock]', inContainer), '/var/run/docker.sock');
    assert.equal(extract('container.mount.dest[/etc]', inContainer), 'N/A');
    assert.equal(extract('container.mount.source[/host/proc]', inContainer), '/proc');
    assert.equal(extract('container.mount.mode[/proc]', inContainer), 'ro');
  });

  it('kubernetes fields from CRI labels', () => {
    assert.equal(extract('k8s.pod.name', inContainer), 'web-0');
    assert.equal(extract('k8s.ns.name', inContainer), 'kube-system');
    assert.equal(extract('k8s.pod.uid', inContainer), 'uid-1');
    assert.equal(extract('k8s.pod.sandbox_id', inContainer), 'feedfacecafe');
    assert.equal(extract('k8s.pod.label[io.kubernetes.pod.name]', inContainer), 'web-0');
    assert.equal(extract('k8s.rc.name', inContainer), undefined);
  });

  it('host processes: id and name are host, the rest is not available', () => {
    assert.equal(extract('container.id', onHost), 'host');
    assert.equal(extract('container.name', onHost), 'host');
    assert.equal(extract('container.image', onHost), undefined);
    assert.equal(extract('container.privileged', onHost), undefined);
    assert.equal(extract('k8s.ns.name', onHost), undefined);
    assert.equal(extract('container.mount.dest[/etc]', onHost), undefined);
  });
});
