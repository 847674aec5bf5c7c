// Container ids from real cgroup path forms, and container metadata from container events.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerFromCgroups, containerIdFromCgroups, matchContainerCgroup } from '../../src/state/containerId.js';
import { parseContainerJson, ContainerJsonError } from '../../src/state/containerJson.js';
import { SystemState } from '../../src/state/systemState.js';
import { newThreadInfo } from '../../src/state/threadInfo.js';
import { ev } from './helpers.js';

const ID = '3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e';
const SHORT = ID.slice(0, 12);

describe('container id from cgroups', () => {
  const cases: Array<[string, string | undefined, string?]> = [
    // docker, cgroup v1 non-systemd and systemd driver
    [`/docker/${ID}`, SHORT, 'docker'],
    [`/system.slice/docker-${ID}.scope`, SHORT, 'docker'],
    // cgroup v2 unified path (systemd driver)
    [`/system.slice/docker-${ID}.scope`, SHORT],
    // Kubernetes with containerd, cgroupfs driver (matched by the docker layout first, as Falco)
    [`/kubepods/besteffort/pod5d0a2d4c-0b1d-4d1f-9c1e-1f0a7c1a1f35/${ID}`, SHORT, 'docker'],
    // Kubernetes with containerd, systemd driver
    [
      `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5d0a2d4c_0b1d.slice/cri-containerd-${ID}.scope`,
      SHORT,
      'cri',
    ],
    // containerd without SystemdCgroup
    [`/kubepods-besteffort-pod1234.slice:cri-containerd:${ID}`, SHORT, 'cri'],
    // CRI-O, systemd and cgroupfs
    [`/kubepods.slice/kubepods-pod1.slice/crio-${ID}.scope`, SHORT, 'cri'],
    [`/kubepods/pod1/crio-${ID}`, SHORT, 'cri'],
    // podman rootful, nested container scope, alpine (non-systemd)
    [`/machine.slice/libpod-${ID}.scope`, SHORT, 'podman'],
    [`/machine.slice/libpod-${ID}.scope/container`, SHORT, 'podman'],
    [`/libpod_parent/libpod-${ID}`, SHORT, 'podman'],
    // podman kube play / pods with cgroupfs: the pod's folder, then the container's
    [`/libpod_parent/${'d'.repeat(64)}/libpod-${ID}`, SHORT, 'podman'],
    // rootless podman: systemd user slice (cgroup v2), or the scope of podman's pause process
    [`/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container`, SHORT, 'podman'],
    [`/user.slice/user-1000.slice/user@1000.service/user.slice/podman-4242.scope/${ID}`, SHORT, 'podman'],
    // conmon, podman's monitor, is not in the container (libsinsp reports it as the host)
    [`/machine.slice/libpod-conmon-${ID}.scope`, undefined],
    ['/libpod_parent/conmon', undefined],
    // ctr-made containerd containers: /<namespace>/<id>
    ['/default/mycontainer', 'mycontainer', 'containerd'],
    // lxc
    // (Falco tries containerd's /<namespace>/<id> before lxc, so /lxc/<name> reports as containerd.)
    ['/lxc/web01', 'web01', 'containerd'],
    ['/lxc.payload.web02/init.scope', 'web02', 'lxc'],
    // libvirt-lxc
    [
      '/machine.slice/machine-lxc\\x2d2293906\\x2dlibvirt\\x2dcontainer.scope',
      '2293906\\x2dlibvirt\\x2dcontainer',
      'libvirt-lxc',
    ],
    // bpm
    ['/system.slice/bpm-my_job.scope', 'my_job', 'bpm'],
    // host paths
    ['/', undefined],
    ['/user.slice/user-1000.slice/session-1.scope', undefined],
    ['/system.slice/docker.service', undefined],
    ['/init.scope', undefined],
    [`/system.slice/docker-${ID.slice(0, 63)}.scope`, undefined],
    [`/system.slice/docker-${ID.slice(0, 63)}g.scope`, undefined],
  ];
  for (const [path, want, runtime] of cases) {
    it(`${path} → ${want ?? 'host'}`, () => {
      const m = matchContainerCgroup(path);
      assert.equal(m?.id, want);
      if (runtime !== undefined) assert.equal(m?.runtime, runtime);
    });
  }

  it('v1 lists: the first controller path that matches wins; none → host ("")', () => {
    const v1: Array<[string, string]> = [
      ['cpuset', '/'],
      ['cpu', `/docker/${ID}`],
      ['memory', `/docker/${ID}`],
    ];
    assert.equal(containerIdFromCgroups(v1), SHORT);
    assert.equal(containerFromCgroups([['', '/user.slice']]), undefined);
    assert.equal(containerIdFromCgroups([]), '');
  });

  it('podman with cgroupfs on a hybrid host (v1 controllers, name=systemd and the v2 line)', () => {
    const path = `/libpod_parent/libpod-${ID}`;
    const v1: Array<[string, string]> = [
      ['name=systemd', path],
      ['pids', path],
      ['memory', path],
      ['', path],
    ];
    assert.deepEqual(containerFromCgroups(v1), { id: SHORT, fullId: ID, runtime: 'podman' });
    assert.deepEqual(containerFromCgroups([['', path]]), { id: SHORT, fullId: ID, runtime: 'podman' });
    // conmon: v1 controllers in /libpod_parent/conmon, name=systemd at the root
    const conmon: Array<[string, string]> = [
      ['name=systemd', '/'],
      ['pids', '/libpod_parent/conmon'],
      ['', '/libpod_parent/conmon'],
    ];
    assert.equal(containerFromCgroups(conmon), undefined);
  });

  it('execve cgroups set the thread container id', () => {
    const s = new SystemState();
    s.addThread(newThreadInfo(10));
    s.process(
      ev('PPME_SYSCALL_EXECVE_19_X', 10, 1n, {
        res: 0,
        exe: 'nginx',
        args: [],
        tid: 10,
        pid: 10,
        ptid: 1,
        comm: 'nginx',
        cgroups: ['cpuset=/', `cpu=/kubepods/pod1/crio-${ID}`],
      }),
    );
    assert.equal(s.thread(10)?.containerId, SHORT);
    assert.deepEqual(s.thread(10)?.cgroups[1], ['cpu', `/kubepods/pod1/crio-${ID}`]);
  });
});

describe('container events', () => {
  const json = JSON.stringify({
    container: {
      id: SHORT,
      type: 0,
      name: 'web',
      image: 'nginx:1.25',
      imageid: 'sha256:abc',
      imagerepo: 'nginx',
      imagetag: '1.25',
      imagedigest: 'sha256:def',
      privileged: true,
      Mounts: [
        {
          Source: '/var/run/docker.sock',
          Destination: '/var/run/docker.sock',
          Mode: '',
          RW: true,
          Propagation: 'rprivate',
        },
      ],
      labels: { 'io.kubernetes.pod.name': 'web-0', 'io.kubernetes.pod.namespace': 'prod', app: 'web' },
      ip: '172.17.0.2',
    },
  });

  it('PPME_CONTAINER_JSON_E and _2_E fill the containers table as libsinsp parses them', () => {
    const s = new SystemState();
    s.process(ev('PPME_CONTAINER_JSON_E', 0, 1n, { json }));
    const c = s.container(SHORT)!;
    assert.equal(c.type, 'docker');
    assert.equal(c.name, 'web');
    assert.equal(c.image, 'nginx:1.25');
    assert.equal(c.imageId, 'sha256:abc');
    assert.equal(c.imageRepository, 'nginx');
    assert.equal(c.imageTag, '1.25');
    assert.equal(c.imageDigest, 'sha256:def');
    assert.equal(c.privileged, true);
    assert.equal(c.mounts[0].dest, '/var/run/docker.sock');
    assert.equal(c.mounts[0].rw, true);
    assert.equal(c.labels.app, 'web');
    assert.equal(c.podName, 'web-0');
    assert.equal(c.namespace, 'prod');
    assert.equal(c.ip, '172.17.0.2');
    s.process(ev('PPME_CONTAINER_JSON_2_E', 0, 2n, { json: json.replace('"type":0', '"type":8') }));
    assert.equal(s.container(SHORT)?.type, 'cri-o');
    assert.equal(s.stats.badEvents, 0);
  });

  it('PPME_CONTAINER_E (id, type, name, image)', () => {
    const s = new SystemState();
    s.process(ev('PPME_CONTAINER_E', 0, 1n, { id: 'abcdef012345', type: 11, name: 'pod', image: 'alpine' }));
    assert.deepEqual([s.container('abcdef012345')?.type, s.container('abcdef012345')?.image], ['podman', 'alpine']);
  });

  it('bad container JSON is counted with a message saying what and where', () => {
    const s = new SystemState();
    s.process(ev('PPME_CONTAINER_JSON_E', 0, 1n, { json: '{"container": ' }));
    assert.equal(s.stats.badEvents, 1);
    assert.match(s.lastError ?? '', /PPME_CONTAINER_JSON_E.*not valid JSON/);
    assert.throws(() => parseContainerJson('{"nope":1}'), ContainerJsonError);
    assert.throws(() => parseContainerJson('{"container":{}}'), /no "id"/);
  });
});

describe('container metadata lookups', () => {
  const FULL = 'f'.repeat(64);
  const cgroups = new TextEncoder().encode(`memory=/${FULL}\0`);

  it('asks once at first sight, then again only at execs, a bounded number of times', () => {
    const asked: string[] = [];
    let answer = false;
    const s = new SystemState({
      containerMetadata: {
        lookup: (id) => {
          asked.push(id);
          if (!answer) return undefined;
          const c = parseContainerJson(`{"container":{"id":"${FULL.slice(0, 12)}","name":"web","type":0}}`);
          return c;
        },
      },
    });
    const t = newThreadInfo(10);
    // the runtime's threads clone inside the cgroup before the runtime wrote its files
    s.setCgroupsFromBytes(t, cgroups);
    s.setCgroupsFromBytes(t, cgroups);
    s.setCgroupsFromBytes(t, cgroups);
    assert.deepEqual(asked, [FULL], 'clones do not ask again');
    assert.equal(t.containerId, FULL.slice(0, 12));
    answer = true;
    s.setCgroupsFromBytes(t, cgroups, true);
    assert.equal(asked.length, 2, 'the exec asks again');
    assert.equal(s.containers.get(FULL.slice(0, 12))?.name, 'web');
    s.setCgroupsFromBytes(t, cgroups, true);
    assert.equal(asked.length, 2, 'a known container is not looked up');
  });

  it('gives up on a container nothing describes after a few execs', () => {
    let asked = 0;
    const s = new SystemState({
      containerMetadata: {
        lookup: () => {
          asked++;
          return undefined;
        },
      },
    });
    const t = newThreadInfo(11);
    for (let i = 0; i < 50; i++) s.setCgroupsFromBytes(t, cgroups, true);
    assert.ok(asked > 1 && asked <= 8, `asked ${asked} times`);
  });
});
