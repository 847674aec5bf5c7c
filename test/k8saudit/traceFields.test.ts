// ka.* and json fields over Falco's legacy audit trace files; every expected value was read
// from the JSON of the file named in the test.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { field, source, TRACE_DIR, traceEvent, traceEvents } from './helpers.js';

describe('k8saudit fields on the legacy trace files', () => {
  test('identity, stage, verb, URI and authorization of an event', async () => {
    const evt = await traceEvent('create_nginx_pod_privileged.json');
    assert.equal(field(evt, 'ka.auditid'), 'a362d22b-db3c-4590-9505-23782f12925f');
    assert.equal(field(evt, 'ka.stage'), 'ResponseComplete');
    assert.equal(field(evt, 'ka.verb'), 'create');
    assert.equal(field(evt, 'ka.uri'), '/api/v1/namespaces/default/pods');
    assert.equal(field(evt, 'ka.auth.decision'), 'allow');
    assert.equal(
      field(evt, 'ka.auth.reason'),
      'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole ' +
        '"system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"',
    );
    assert.equal(field(evt, 'ka.user.name'), 'system:serviceaccount:kube-system:replicaset-controller');
    assert.deepEqual(field(evt, 'ka.user.groups'), [
      'system:serviceaccounts',
      'system:serviceaccounts:kube-system',
      'system:authenticated',
    ]);
    assert.equal(field(evt, 'ka.response.code'), '201');
    assert.equal(field(evt, 'ka.resp.name'), 'nginx-deployment-5cdcc99dbf-rgw6z');
    assert.equal(source.timestampOf(evt), 1540476552581541000n);
    assert.equal(source.eventTypeOf(evt), 322);
  });

  test('an empty authorization reason is an empty string, not a missing value', async () => {
    const evt = await traceEvent('anonymous_creates_namespace_foo.json');
    assert.equal(field(evt, 'ka.auth.reason'), '');
    assert.equal(field(evt, 'ka.user.name'), 'system:anonymous');
    assert.deepEqual(field(evt, 'ka.user.groups'), ['system:masters', 'system:authenticated']);
  });

  test('target object fields', async () => {
    const exec = await traceEvent('exec_pod.json');
    assert.equal(field(exec, 'ka.target.name'), 'nginx-deployment-7998647bdf-phvq7');
    assert.equal(field(exec, 'ka.target.namespace'), 'default');
    assert.equal(field(exec, 'ka.target.resource'), 'pods');
    assert.equal(field(exec, 'ka.target.subresource'), 'exec');
    assert.equal(field(exec, 'ka.target.pod.name'), 'nginx-deployment-7998647bdf-phvq7');
    assert.equal(field(exec, 'ka.stage'), 'ResponseStarted');
    assert.equal(field(exec, 'ka.response.code'), '101');

    const secret = await traceEvent('create_secret.json');
    assert.equal(field(secret, 'ka.target.name'), 'example-secret');
    assert.equal(field(secret, 'ka.target.resource'), 'secrets');
    assert.equal(field(secret, 'ka.target.subresource'), undefined);
    assert.equal(field(secret, 'ka.target.pod.name'), undefined);
    assert.equal(field(secret, 'ka.useragent'), 'kubectl/v1.17.3 (darwin/amd64) kubernetes/06ad960');
  });

  test('ka.uri.param returns the first value of a query parameter', async () => {
    const exec = await traceEvent('exec_pod.json');
    assert.equal(field(exec, 'ka.uri.param', 'command'), 'bash');
    // The URI repeats container=nginx1: the first value is returned.
    assert.equal(field(exec, 'ka.uri.param', 'container'), 'nginx1');
    assert.equal(field(exec, 'ka.uri.param', 'tty'), 'true');
    assert.equal(field(exec, 'ka.uri.param', 'nosuch'), undefined);
    const attach = await traceEvent('attach_pod.json');
    assert.equal(field(attach, 'ka.target.subresource'), 'attach');
    assert.equal(field(attach, 'ka.uri.param', 'stderr'), 'true');
  });

  test('pod container fields with one privileged container', async () => {
    const evt = await traceEvent('create_nginx_pod_privileged.json');
    assert.deepEqual(field(evt, 'ka.req.pod.containers.name'), ['nginx']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.image'), ['nginx']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.image.repository'), ['nginx']);
    assert.equal(field(evt, 'ka.req.container.image'), 'nginx');
    assert.equal(field(evt, 'ka.req.container.image.repository'), 'nginx');
    assert.deepEqual(field(evt, 'ka.req.pod.containers.privileged'), ['true']);
    assert.equal(field(evt, 'ka.req.container.privileged'), 'true');
    // The pod spec has no securityContext values: the plugin's defaults apply.
    assert.deepEqual(field(evt, 'ka.req.pod.containers.eff_run_as_user'), ['0']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.eff_run_as_group'), ['0']);
    assert.equal(field(evt, 'ka.req.pod.containers.run_as_user'), undefined);
    assert.equal(field(evt, 'ka.req.pod.host_network'), undefined);
  });

  test('per-container lists keep container order; only present flags are listed', async () => {
    const evt = await traceEvent('create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json');
    assert.deepEqual(field(evt, 'ka.req.pod.containers.name'), ['nginx1', 'mysql']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.image'), ['nginx', 'mysql:latest']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.image.repository'), ['nginx', 'mysql']);
    assert.equal(field(evt, 'ka.req.container.image'), 'nginx');
    // The first container has no securityContext: only the second one's flag is listed.
    assert.deepEqual(field(evt, 'ka.req.pod.containers.privileged'), ['true']);
    assert.equal(field(evt, 'ka.req.container.privileged'), 'true');
    assert.deepEqual(field(evt, 'ka.req.pod.containers.eff_run_as_user'), ['0', '0']);

    const both = await traceEvent('create_nginx_pod_privileged_2nd_container.json');
    assert.deepEqual(field(both, 'ka.req.pod.containers.privileged'), ['false', 'true']);
  });

  test('index arguments select one container', async () => {
    const evt = await traceEvent('create_nginx_pod_privileged_2nd_container.json');
    assert.deepEqual(field(evt, 'ka.req.pod.containers.image', '1'), ['mysql:latest']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.image.repository', '1'), ['mysql']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.name', '0'), ['nginx1']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.privileged', '0'), ['false']);
    assert.deepEqual(field(evt, 'ka.req.pod.containers.privileged', '1'), ['true']);
    assert.equal(field(evt, 'ka.req.pod.containers.image', '2'), undefined);
  });

  test('pods without the privileged flag', async () => {
    const evt = await traceEvent('create_nginx_pod_unprivileged.json');
    assert.equal(field(evt, 'ka.req.pod.containers.privileged'), undefined);
    assert.equal(field(evt, 'ka.req.container.privileged'), 'false');
  });

  test('host network', async () => {
    const evt = await traceEvent('create_nginx_pod_hostnetwork.json');
    assert.equal(field(evt, 'ka.req.pod.host_network'), 'true');
    assert.equal(field(evt, 'ka.req.container.host_network'), 'true');
    assert.equal(field(evt, 'ka.req.pod.host_pid'), undefined);
    assert.equal(field(evt, 'ka.req.pod.host_ipc'), undefined);
    // This pod spec does not mention hostNetwork at all.
    const no = await traceEvent('create_nginx_pod_nohostnetwork.json');
    assert.equal(field(no, 'ka.req.pod.host_network'), undefined);
  });

  test('volumes', async () => {
    const evt = await traceEvent('create_nginx_pod_sensitive_mount.json');
    assert.deepEqual(field(evt, 'ka.req.pod.volumes.hostpath'), ['/etc']);
    assert.deepEqual(field(evt, 'ka.req.pod.volumes.volume_type'), ['hostPath']);
    assert.equal(field(evt, 'ka.req.pod.volumes.flexvolume_driver'), undefined);
    assert.equal(field(evt, 'ka.req.volume.hostpath', '/etc'), 'true');
    assert.equal(field(evt, 'ka.req.volume.hostpath', '/et*'), 'true');
    assert.equal(field(evt, 'ka.req.volume.hostpath', '/proc*'), 'false');
    assert.equal(field(evt, 'ka.req.volume.hostpath', '/'), 'false');

    const second = await traceEvent('create_nginx_pod_sensitive_mount_2nd_container.json');
    assert.deepEqual(field(second, 'ka.req.pod.volumes.hostpath'), ['/etc']);

    // The request object of this update has no volumes (it is a patch of another kind).
    const none = await traceEvent('create_nginx_pod_unsensitive_mount.json');
    assert.equal(field(none, 'ka.req.pod.volumes.hostpath'), undefined);
    assert.equal(field(none, 'ka.req.volume.hostpath', '/etc'), undefined);
  });

  test('role rules', async () => {
    const evt = await traceEvent('create_cluster_role_wildcard_verbs.json');
    assert.equal(field(evt, 'ka.target.name'), 'some-reader');
    assert.deepEqual(field(evt, 'ka.req.role.rules'), [
      '{"apiGroups":[""],"resources":["pods"],"verbs":["*"]}',
      '{"nonResourceURLs":["/api","/api/*","/apis","/apis/*","/healthz","/openapi","/openapi/*",' +
        '"/swagger-2.0.0.pb-v1","/swagger.json","/swaggerapi","/swaggerapi/*","/version","/version/"],"verbs":["get"]}',
    ]);
    assert.deepEqual(field(evt, 'ka.req.role.rules.verbs'), ['*', 'get']);
    assert.deepEqual(field(evt, 'ka.req.role.rules.verbs', '1'), ['get']);
    assert.deepEqual(field(evt, 'ka.req.role.rules.resources'), ['pods']);
    assert.deepEqual(field(evt, 'ka.req.role.rules.apiGroups'), ['']);
    assert.deepEqual((field(evt, 'ka.req.role.rules.nonResourceURLs', '1') as string[]).slice(0, 2), [
      '/api',
      '/api/*',
    ]);
    assert.equal(field(evt, 'ka.req.role.rules.nonResourceURLs', '0'), undefined);

    const modify = await traceEvent('modify_cluster_role_node_problem_detector.json');
    assert.deepEqual(field(modify, 'ka.req.role.rules.resources'), ['nodes', 'nodes/status', 'events']);
    assert.deepEqual(field(modify, 'ka.req.role.rules.verbs'), ['get', 'patch', 'create', 'patch', 'update', 'list']);
  });

  test('role bindings', async () => {
    const evt = await traceEvent('attach_cluster_admin_role.json');
    assert.equal(field(evt, 'ka.req.binding.role'), 'cluster-admin');
    assert.deepEqual(field(evt, 'ka.req.binding.subjects'), [
      '{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"minikube"}',
    ]);
    assert.deepEqual(field(evt, 'ka.req.binding.subjects.user_names'), ['minikube']);
    assert.equal(field(evt, 'ka.req.binding.subjects.group_names'), undefined);
    assert.equal(field(evt, 'ka.req.binding.subjects.serviceaccount_names'), undefined);
    assert.equal(field(evt, 'ka.req.binding.subject.has_name', 'cluster-admin'), 'true');

    const basic = await traceEvent('create_clusterrolebinding.json');
    assert.equal(field(basic, 'ka.req.binding.role'), 'system:basic-user');
  });

  test('configmaps', async () => {
    const evt = await traceEvent('create_configmap_no_sensitive_values.json');
    assert.equal(field(evt, 'ka.req.configmap.name'), field(evt, 'ka.target.name'));
    const sensitive = await traceEvents('create_configmap_sensitive_values.json');
    assert.equal(sensitive.length, 6);
    assert.equal(field(sensitive[0], 'ka.req.configmap.name'), 'my-config');
    assert.equal(
      field(sensitive[0], 'ka.req.configmap.obj'),
      '{"access.properties":"aws_access_key_id = MY-ID\\naws_secret_access_key = MY-KEY\\n",' +
        '"ui.properties":"color.good=purple\\ncolor.bad=yellow\\nallow.textmode=true\\n"}',
    );
    assert.match(field(sensitive[4], 'ka.req.configmap.obj') as string, /"password = MY-ID\\n/);
  });

  test('services', async () => {
    const nodePort = await traceEvent('create_nginx_service_nodeport.json');
    assert.equal(field(nodePort, 'ka.req.service.type'), 'NodePort');
    // The plugin hands the ports array over as a whole, as JSON.
    assert.deepEqual(field(nodePort, 'ka.req.service.ports'), [
      '[{"nodePort":30080,"port":80,"protocol":"TCP","targetPort":80}]',
    ]);
    const clusterIp = await traceEvent('create_nginx_service_nonodeport.json');
    assert.equal(field(clusterIp, 'ka.req.service.type'), 'ClusterIP');
    assert.deepEqual(field(clusterIp, 'ka.req.service.ports'), ['[{"protocol":"TCP","port":80,"targetPort":80}]']);
  });

  test('source IPs are looked up where the plugin looks, so they are missing', async () => {
    const evt = await traceEvent('create_secret.json');
    assert.equal(field(evt, 'ka.sourceips'), undefined);
  });

  test('json plugin and jevt fields', async () => {
    const evt = await traceEvent('create_nginx_pod_unprivileged.json');
    assert.equal(field(evt, 'jevt.value', '/annotations/authorization.k8s.io~1decision'), 'allow');
    assert.equal(field(evt, 'json.value', '/annotations/authorization.k8s.io~1decision'), 'allow');
    assert.equal(field(evt, 'jevt.value', '/a~1~0b'), undefined);
    assert.equal(field(evt, 'jevt.value', '/stage'), 'ResponseComplete');
    assert.equal(field(evt, 'jevt.value', '/responseStatus/code'), '201');
    assert.equal(field(evt, 'jevt.value', '/requestObject/spec/containers/0/image'), 'nginx');
    assert.equal(field(evt, 'jevt.value', '/responseStatus'), '{"metadata":{},"code":201}');
    assert.equal(field(evt, 'jevt.rawtime'), '1540476589761315000');
    assert.equal(field(evt, 'json.rawtime'), '1540476589761315000');
    assert.equal(field(evt, 'jevt.time.iso8601'), '2018-10-25T14:09:49.761315000Z');
    assert.match(field(evt, 'jevt.time') as string, /^\d\d:\d\d:49\.761315000$/);
    const obj = field(evt, 'jevt.obj') as string;
    assert.equal(obj, JSON.stringify(evt.json, null, 2));
    assert.ok(obj.startsWith('{\n  "kind": "Event",\n  "apiVersion": "audit.k8s.io/v1beta1",'));
    assert.equal(field(evt, 'json.obj'), obj);
  });

  test('every field extracts from every trace file without throwing', async () => {
    const names = readdirSync(TRACE_DIR).filter((n) => n.endsWith('.json') && n !== 'fal_01_003.json');
    assert.equal(names.length, 46);
    const fields = source.fieldClasses.flatMap((c) => c.fields);
    for (const name of names) {
      for (const evt of await traceEvents(name)) {
        for (const f of fields) {
          const arg = f.arg?.required ? (f.name.startsWith('j') ? '/verb' : 'x') : undefined;
          const value = field(evt, f.name, arg);
          const ok =
            value === undefined ||
            typeof value === 'string' ||
            (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'));
          assert.ok(ok, `${name} ${f.name}: ${String(value)}`);
          if (f.isList && value !== undefined) assert.ok(Array.isArray(value), `${f.name} should be a list`);
          if (!f.isList && value !== undefined) assert.equal(typeof value, 'string', `${f.name} should be a string`);
        }
      }
    }
  });
});
