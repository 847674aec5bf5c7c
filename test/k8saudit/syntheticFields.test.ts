// ka.* fields whose data the legacy trace files do not carry, on hand-made audit events.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAuditValue } from '../../src/sources/k8saudit/parse.js';
import { field, makeEvent } from './helpers.js';

const pod = (spec: Record<string, unknown>) =>
  makeEvent({ objectRef: { resource: 'pods', namespace: 'ns1' }, requestObject: { kind: 'Pod', spec } });

describe('annotations and other top-level fields', () => {
  const evt = makeEvent({
    annotations: {
      'authentication.openshift.io/decision': 'deny',
      'authentication.openshift.io/username': 'alice',
      'validation.policy.admission.k8s.io/validation_failure': '[{"message":"no"}]',
      'pod-security.kubernetes.io/audit-violations': 'would violate PodSecurity "restricted:latest"',
      cluster_name: 'prod-eu',
    },
    impersonatedUser: { username: 'bob', groups: ['g'] },
    responseStatus: { code: 403, reason: 'Forbidden', status: 'Failure' },
    userAgent: 'kubectl/v1.30.0',
  });

  test('annotation-based fields', () => {
    assert.equal(field(evt, 'ka.auth.openshift.decision'), 'deny');
    assert.equal(field(evt, 'ka.auth.openshift.username'), 'alice');
    assert.equal(field(evt, 'ka.validations.admission.policy.failure'), '[{"message":"no"}]');
    assert.equal(field(evt, 'ka.security.pod.violations'), 'would violate PodSecurity "restricted:latest"');
    assert.equal(field(evt, 'ka.cluster.name'), 'prod-eu');
    assert.equal(field(evt, 'ka.auth.decision'), undefined);
  });

  test('impersonation, response and user agent', () => {
    assert.equal(field(evt, 'ka.impuser.name'), 'bob');
    assert.equal(field(evt, 'ka.response.code'), '403');
    assert.equal(field(evt, 'ka.response.reason'), 'Forbidden');
    assert.equal(field(evt, 'ka.useragent'), 'kubectl/v1.30.0');
  });

  test('JSON null renders as "null", like the plugin', () => {
    const e = makeEvent({ objectRef: { resource: 'pods', subresource: null } });
    assert.equal(field(e, 'ka.target.subresource'), 'null');
  });

  test('empty lists give no value', () => {
    const e = makeEvent({ user: { username: 'u', groups: [] } });
    assert.equal(field(e, 'ka.user.groups'), undefined);
  });
});

describe('events that are not audit events', () => {
  test('without auditID no ka.* field has a value, json fields still do', () => {
    const parsed = parseAuditValue({ kind: 'Event', stageTimestamp: '2024-01-01T00:00:00Z', verb: 'get' });
    const evt = parsed.events[0];
    assert.equal(field(evt, 'ka.verb'), undefined);
    assert.equal(field(evt, 'ka.req.binding.subject.has_name', 'x'), undefined);
    assert.equal(field(evt, 'jevt.value', '/verb'), 'get');
    assert.equal(field(evt, 'json.rawtime'), '1704067200000000000');
  });
});

describe('pod security context fields', () => {
  const evt = pod({
    hostIPC: true,
    hostPID: false,
    securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000, 5000] },
    containers: [
      {
        name: 'a',
        image: 'registry.local:5000/team/app:1.2',
        command: ['/bin/nc', '-lp', '1337'],
        args: ['--verbose'],
        ports: [{ containerPort: 80 }, { containerPort: 443, hostPort: 8443 }],
        securityContext: {
          runAsUser: 0,
          runAsGroup: 0,
          allowPrivilegeEscalation: true,
          readOnlyRootFilesystem: false,
          procMount: 'Unmasked',
          capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] },
        },
      },
      {
        name: 'b',
        image: 'nginx@sha256:abcd',
        securityContext: { capabilities: { drop: ['ALL'] } },
      },
    ],
  });

  test('pod-level flags and ids', () => {
    assert.equal(field(evt, 'ka.req.pod.host_ipc'), 'true');
    assert.equal(field(evt, 'ka.req.pod.host_pid'), 'false');
    assert.equal(field(evt, 'ka.req.pod.run_as_user'), '1000');
    assert.equal(field(evt, 'ka.req.pod.run_as_group'), '3000');
    assert.equal(field(evt, 'ka.req.pod.fs_group'), '2000');
    assert.deepEqual(field(evt, 'ka.req.pod.supplemental_groups'), ['4000', '5000']);
  });

  test('per-container security context (containers without the setting are skipped)', () => {
    assert.deepEqual(field(evt, 'ka.req.pod.containers.run_as_user'), ['0']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.run_as_group'), ['0']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.allow_privilege_escalation'), ['true']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.read_only_fs'), ['false']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.proc_mount'), ['Unmasked']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.add_capabilities'), ['["NET_ADMIN","SYS_TIME"]']);
    assert.equal(field(evt, 'ka.req.pod.containers.add_capabilities', '1'), undefined);
    assert.equal(field(evt, 'ka.req.pod.containers.privileged'), undefined);
    assert.equal(field(evt, 'ka.req.container.privileged'), 'false');
  });

  test('names, commands, arguments, images and repositories', () => {
    assert.deepEqual(field(evt, 'ka.req.pod.containers.name'), ['a', 'b']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.command'), ['["/bin/nc","-lp","1337"]']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.args'), ['["--verbose"]']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.image'), [
      'registry.local:5000/team/app:1.2',
      'nginx@sha256:abcd',
    ]);
    // The plugin cuts at the first ':' (so a registry port cuts early) and then at '@'.
    assert.deepEqual(field(evt, 'ka.req.pod.containers.image.repository'), ['registry.local', 'nginx']);
    assert.equal(field(evt, 'ka.req.container.image.repository'), 'registry.local');
  });

  test('host ports: hostPort when set, else containerPort', () => {
    assert.deepEqual(field(evt, 'ka.req.pod.containers.host_port'), ['80', '8443']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.host_port', '0'), ['80', '8443']);
    assert.equal(field(evt, 'ka.req.pod.containers.host_port', '1'), undefined);
    const bad = pod({ containers: [{ name: 'x', ports: { containerPort: 1 } }] });
    assert.equal(field(bad, 'ka.req.pod.containers.host_port'), undefined);
  });

  test('effective uid/gid read the paths the plugin reads', () => {
    // The plugin looks at spec.runAsUser and containers[].runAsUser (outside securityContext).
    assert.deepEqual(field(evt, 'ka.req.pod.containers.eff_run_as_user'), ['0', '0']);
    const e = pod({ runAsUser: 7, runAsGroup: 8, containers: [{ name: 'a', runAsUser: 9 }, { name: 'b' }] });
    assert.deepEqual(field(e, 'ka.req.pod.containers.eff_run_as_user'), ['9', '7']);
    assert.deepEqual(field(e, 'ka.req.pod.containers.eff_run_as_group'), ['8', '8']);
    assert.deepEqual(field(e, 'ka.req.pod.containers.eff_run_as_user', '0'), ['9']);
    // With an index, a container lacking the value is "not available" for the plugin (no fallback).
    assert.equal(field(e, 'ka.req.pod.containers.eff_run_as_user', '1'), undefined);
  });

  test('a container without image makes the image fields unavailable', () => {
    const e = pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b' }] });
    assert.equal(field(e, 'ka.req.pod.containers.image'), undefined);
    assert.equal(field(e, 'ka.req.pod.containers.image.repository'), undefined);
    assert.deepEqual(field(e, 'ka.req.pod.containers.image', '0'), ['x']);
    assert.equal(field(e, 'ka.req.container.image'), 'x');
    assert.equal(field(pod({ containers: [] }), 'ka.req.container.image'), undefined);
    assert.equal(field(pod({}), 'ka.req.container.privileged'), undefined);
  });
});

describe('init and ephemeral containers', () => {
  const evt = pod({
    containers: [{ name: 'c', image: 'reg.example.com/c:1', securityContext: { privileged: false } }],
    initContainers: [
      {
        name: 'i',
        image: 'reg.example.com/i:1',
        command: ['sh'],
        args: ['-c', 'true'],
        ports: [{ hostPort: 9000 }],
        securityContext: { privileged: true, runAsUser: 5, capabilities: { add: ['SYS_ADMIN'] } },
      },
    ],
    ephemeralContainers: [
      {
        name: 'e',
        image: 'busybox',
        securityContext: { privileged: true, allowPrivilegeEscalation: false, procMount: 'Default' },
      },
    ],
  });

  test('each list reads only its own containers', () => {
    assert.deepEqual(field(evt, 'ka.req.pod.containers.privileged'), ['false']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.image'), ['reg.example.com/c:1']);
    assert.deepEqual(field(evt, 'ka.req.pod.initContainers.privileged'), ['true']);
    assert.deepEqual(field(evt, 'ka.req.pod.initContainers.image'), ['reg.example.com/i:1']);
    assert.deepEqual(field(evt, 'ka.req.pod.initContainers.image.repository'), ['reg.example.com/i']);
    assert.deepEqual(field(evt, 'ka.req.pod.initContainers.name'), ['i']);
    assert.deepEqual(field(evt, 'ka.req.pod.initContainers.command'), ['["sh"]']);
    assert.deepEqual(field(evt, 'ka.req.pod.initContainers.args'), ['["-c","true"]']);
    assert.deepEqual(field(evt, 'ka.req.pod.initContainers.host_port'), ['9000']);
    assert.deepEqual(field(evt, 'ka.req.pod.initContainers.run_as_user'), ['5']);
    assert.deepEqual(field(evt, 'ka.req.pod.initContainers.eff_run_as_user'), ['0']);
    assert.deepEqual(field(evt, 'ka.req.pod.initContainers.add_capabilities'), ['["SYS_ADMIN"]']);
    assert.deepEqual(field(evt, 'ka.req.pod.ephemeralContainers.privileged'), ['true']);
    assert.deepEqual(field(evt, 'ka.req.pod.ephemeralContainers.allow_privilege_escalation'), ['false']);
    assert.deepEqual(field(evt, 'ka.req.pod.ephemeralContainers.proc_mount'), ['Default']);
    assert.deepEqual(field(evt, 'ka.req.pod.ephemeralContainers.name'), ['e']);
    assert.deepEqual(field(evt, 'ka.req.pod.ephemeralContainers.image.repository'), ['busybox']);
    assert.equal(field(evt, 'ka.req.pod.ephemeralContainers.read_only_fs'), undefined);
  });
});

describe('volumes', () => {
  const evt = pod({
    volumes: [
      { name: 'tok', secret: { secretName: 's' } },
      { name: 'sock', hostPath: { path: '/var/run/docker.sock' } },
      { name: 'flex', flexVolume: { driver: 'example/lvm' } },
    ],
  });

  test('paths, drivers and types', () => {
    assert.deepEqual(field(evt, 'ka.req.pod.volumes.hostpath'), ['/var/run/docker.sock']);
    assert.deepEqual(field(evt, 'ka.req.pod.volumes.hostpath', '1'), ['/var/run/docker.sock']);
    assert.equal(field(evt, 'ka.req.pod.volumes.hostpath', '0'), undefined);
    assert.deepEqual(field(evt, 'ka.req.pod.volumes.flexvolume_driver'), ['example/lvm']);
    assert.deepEqual(field(evt, 'ka.req.pod.volumes.volume_type'), ['secret', 'hostPath', 'flexVolume']);
    assert.deepEqual(field(evt, 'ka.req.pod.volumes.volume_type', '2'), ['flexVolume']);
  });

  test('ka.req.volume.hostpath only looks at the first volume, as in Falco', () => {
    // Falco passes index 0 along with the key argument, so only volumes[0] is examined.
    assert.equal(field(evt, 'ka.req.volume.hostpath', '/var/run/docker.sock'), undefined);
    const first = pod({ volumes: [{ name: 'root', hostPath: { path: '/root/.ssh' } }, { name: 'x' }] });
    assert.equal(field(first, 'ka.req.volume.hostpath', '/root*'), 'true');
    assert.equal(field(first, 'ka.req.volume.hostpath', '/root'), 'false');
    assert.equal(field(first, 'ka.req.volume.hostpath', '/root/.ssh'), 'true');
  });
});

describe('bindings, roles, services and source IPs', () => {
  test('subject names by kind', () => {
    const evt = makeEvent({
      objectRef: { resource: 'rolebindings' },
      requestObject: {
        roleRef: { kind: 'Role', name: 'reader' },
        subjects: [
          { kind: 'User', name: 'jane' },
          { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
          { kind: 'Group', name: 'devs' },
          { kind: 'ServiceAccount', name: 'deployer', namespace: 'cd' },
        ],
      },
    });
    assert.deepEqual(field(evt, 'ka.req.binding.subjects.user_names'), ['jane']);
    assert.deepEqual(field(evt, 'ka.req.binding.subjects.serviceaccount_names'), ['builder', 'deployer']);
    assert.deepEqual(field(evt, 'ka.req.binding.subjects.serviceaccount_ns_names'), ['ci:builder', 'cd:deployer']);
    assert.deepEqual(field(evt, 'ka.req.binding.subjects.group_names'), ['devs']);
    assert.equal(field(evt, 'ka.req.binding.role'), 'reader');
    assert.equal((field(evt, 'ka.req.binding.subjects') as string[]).length, 4);
  });

  test('source IPs: read from requestObject.rules[] as the plugin does', () => {
    const top = makeEvent({ sourceIPs: ['10.0.0.1'] });
    assert.equal(field(top, 'ka.sourceips'), undefined);
    const odd = makeEvent({ requestObject: { rules: [{ sourceIPs: ['10.0.0.2', '10.0.0.3'] }] } });
    assert.deepEqual(field(odd, 'ka.sourceips'), ['10.0.0.2', '10.0.0.3']);
  });
});

describe('ka.uri.param follows Go URL parsing', () => {
  const withUri = (requestURI: string) => makeEvent({ requestURI });

  test('decoding', () => {
    assert.equal(field(withUri('/api?a=1+2&b=%2Fx%20y'), 'ka.uri.param', 'a'), '1 2');
    assert.equal(field(withUri('/api?a=1+2&b=%2Fx%20y'), 'ka.uri.param', 'b'), '/x y');
    assert.equal(field(withUri('/api?flag&x='), 'ka.uri.param', 'flag'), '');
    assert.equal(field(withUri('/api?x=%C3%A9'), 'ka.uri.param', 'x'), 'é');
    assert.equal(field(withUri('/api?a%3Db=c'), 'ka.uri.param', 'a=b'), 'c');
    assert.equal(field(withUri('/api?x=1#frag'), 'ka.uri.param', 'x'), '1');
    assert.equal(field(withUri('/api'), 'ka.uri.param', 'x'), undefined);
  });

  test('URIs Go rejects give no value', () => {
    assert.equal(field(withUri('/api?a=1;b=2'), 'ka.uri.param', 'a'), undefined);
    assert.equal(field(withUri('/api?a=%zz&b=1'), 'ka.uri.param', 'b'), undefined);
    assert.equal(field(withUri('/a%zz?b=1'), 'ka.uri.param', 'b'), undefined);
    assert.equal(field(withUri('/api?b=1\n'), 'ka.uri.param', 'b'), undefined);
  });
});

describe('json.value pointers', () => {
  const evt = makeEvent({ list: [{ v: 1.5 }, 'two'], '~/k': 'esc', nested: { t: true, n: null } });

  test('pointer forms', () => {
    assert.equal(field(evt, 'json.value', '/list/0/v'), '1.5');
    assert.equal(field(evt, 'json.value', 'list/1'), 'two');
    assert.equal(field(evt, 'json.value', '/~0~1k'), 'esc');
    assert.equal(field(evt, 'json.value', '/nested/t'), 'true');
    assert.equal(field(evt, 'json.value', '/nested/n'), 'null');
    assert.equal(field(evt, 'json.value', '/nested'), '{"t":true,"n":null}');
    assert.equal(field(evt, 'json.value', '/list/2'), undefined);
    assert.equal(field(evt, 'json.value', '/list/x'), undefined);
    // Array indexes are read like Go's strconv.Atoi reads them.
    assert.equal(field(evt, 'json.value', '/list/01'), 'two');
    assert.equal(field(evt, 'json.value', '/list/+1'), 'two');
    assert.equal(field(evt, 'json.value', '/list/-1'), undefined);
    assert.equal(field(evt, 'json.value', '/nope/deeper'), undefined);
  });
});
