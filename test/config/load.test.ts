import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KESTREL_RULES_DIR } from '../../src/config/defaults.js';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { expandEnvVars } from '../../src/config/tree.js';
import { Priority } from '../../src/engine/priority.js';

let dir: string;
let n = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kestrel-config-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a fresh file and returns its path. */
function file(text: string): string {
  const path = join(dir, `c${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

function load(text: string, overrides: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return loadConfig(file(text), overrides, env);
}

function rejects(fn: () => unknown, expected: string | RegExp) {
  assert.throws(fn, (e: unknown) => {
    if (!(e instanceof ConfigError)) return false;
    return typeof expected === 'string' ? e.message === expected : expected.test(e.message);
  });
}

describe('loadConfig: built-in defaults', () => {
  test("without a file, Falco's shipped settings plus the audit webhook", () => {
    const { config, warnings } = loadConfig(undefined, []);
    assert.deepEqual(warnings, []);
    assert.equal(config.configFile, undefined);
    // Kestrel's own rules, from the package's rules/ folder.
    assert.deepEqual(config.rulesFiles, [KESTREL_RULES_DIR]);
    assert.match(KESTREL_RULES_DIR, /\/rules$/);
    assert.equal(config.priority, Priority.Debug);
    assert.equal(config.ruleMatching, 'first');
    assert.equal(config.jsonOutput, false);
    assert.equal(config.stdoutOutput.enabled, true);
    assert.equal(config.webserver.enabled, true);
    assert.equal(config.webserver.listenPort, 8765);
    assert.deepEqual(config.appendOutput, [{ tags: [], suggestedOutput: true, formattedFields: [], rawFields: [] }]);
    assert.deepEqual(config.syscallEventDrops.actions, ['log', 'alert']);
    assert.deepEqual(config.k8sAudit, {
      webhook: { enabled: true, listenAddress: '0.0.0.0', listenPort: 9765, path: '/k8s-audit', sslCertificate: '' },
      files: [],
      follow: false,
    });
  });

  test('with a file, settings it leaves out take their built-in defaults (as Falco)', () => {
    const { config } = load('json_output: true\n');
    assert.equal(config.jsonOutput, true);
    assert.equal(config.stdoutOutput.enabled, false);
    assert.equal(config.webserver.enabled, false);
    assert.deepEqual(config.appendOutput, []);
    assert.deepEqual(config.syscallEventDrops.actions, ['ignore']);
    assert.equal(config.k8sAudit.webhook.enabled, false);
    assert.equal(config.outputTimeout, 2000);
    assert.equal(config.httpOutput.userAgent, 'falcosecurity/falco');
  });

  test('an empty file is an empty configuration', () => {
    assert.equal(load('').config.priority, Priority.Debug);
  });
});

describe('loadConfig: the legacy suite confs', () => {
  const confs = '/work/shared/corpus/legacy/confs';

  for (const name of [
    'drops_alert',
    'drops_exit',
    'drops_ignore',
    'drops_log',
    'drops_none',
    'file_output',
    'grpc_unix_socket',
    'program_output',
    'stdout_output',
  ]) {
    test(`${name}.yaml loads`, () => {
      const { config } = loadConfig(`${confs}/${name}.yaml`, []);
      assert.equal(config.configFile, `${confs}/${name}.yaml`);
    });
  }

  test('drops confs', () => {
    const { config } = loadConfig(`${confs}/drops_alert.yaml`, []);
    assert.deepEqual(config.syscallEventDrops, {
      threshold: 0.1,
      actions: ['alert'],
      rate: 0.03333,
      maxBurst: 10,
      simulateDrops: true,
    });
    assert.equal(config.stdoutOutput.enabled, true);
    assert.equal(config.logStderr, true);
  });

  test('monitor_syscall_drops_threshold_oor / _neg fail with Falco message and the position', () => {
    for (const name of ['drops_threshold_oor', 'drops_threshold_neg']) {
      rejects(
        () => loadConfig(`${confs}/${name}.yaml`, []),
        `${confs}/${name}.yaml:2:14: syscall_event_drops.threshold: ` +
          'syscall event drops threshold must be a double in the range [0, 1]',
      );
    }
  });

  test('drops_ignore_log.yaml is refused as Falco refuses it', () => {
    rejects(
      () => loadConfig(`${confs}/drops_ignore_log.yaml`, []),
      /syscall_event_drops\.actions: syscall event drop action "log" does not make sense with the "ignore" action$/,
    );
  });

  test('outputs confs', () => {
    const file = loadConfig(`${confs}/file_output.yaml`, []);
    assert.deepEqual(file.config.fileOutput, {
      enabled: true,
      keepAlive: false,
      filename: '/tmp/falco_outputs/file_output.txt',
    });
    assert.deepEqual(file.config.rulesFiles, ['/etc/falco_rules.yaml']);
    assert.ok(file.warnings.some((w) => w.includes("Using deprecated config key 'rules_file'")));
    const program = loadConfig(`${confs}/program_output.yaml`, []);
    assert.deepEqual(program.config.programOutput, {
      enabled: true,
      keepAlive: false,
      program: 'cat >> /tmp/falco_outputs/program_output.txt',
    });
  });

  test('grpc keys are accepted with a warning (removed in Falco 0.44)', () => {
    const { warnings } = loadConfig(`${confs}/grpc_unix_socket.yaml`, []);
    assert.equal(warnings.length, 2);
    assert.match(
      warnings[0],
      /grpc_unix_socket\.yaml:\d+:\d+: grpc: the gRPC server was removed in Falco 0\.44, ignored/,
    );
  });

  test('plugins/k8s_audit.yaml with -o plugins[0].open_params=FILE reads that audit file', () => {
    const { config, warnings } = loadConfig(`${confs}/plugins/k8s_audit.yaml`, [
      'plugins[0].open_params=trace_files/k8s_audit/create_nginx_pod_privileged.json',
    ]);
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      config.loadedPlugins.map((p) => p.name),
      ['k8saudit', 'json'],
    );
    assert.deepEqual(config.k8sAudit.files, ['trace_files/k8s_audit/create_nginx_pod_privileged.json']);
    assert.equal(config.k8sAudit.webhook.enabled, false);
  });

  test("the reference falco.yaml loads; its k8saudit plugin isn't loaded (load_plugins: [])", () => {
    const { config } = loadConfig('/work/shared/corpus/legacy/falco.yaml.reference', []);
    assert.deepEqual(config.loadedPlugins, []);
    assert.equal(config.plugins.length, 3);
  });
});

describe('loadConfig: values and types', () => {
  test('yaml-cpp spellings of booleans and numbers', () => {
    const { config } = load(
      'json_output: yes\nbuffered_outputs: On\noutput_timeout: 0x10\n' +
        'syscall_event_drops:\n  threshold: 1.\n  rate: .5\n  max_burst: 1e2\n',
    );
    assert.equal(config.jsonOutput, true);
    assert.equal(config.bufferedOutputs, true);
    assert.equal(config.outputTimeout, 16);
    assert.equal(config.syscallEventDrops.threshold, 1);
    assert.equal(config.syscallEventDrops.rate, 0.5);
    assert.equal(config.syscallEventDrops.maxBurst, 100);
  });

  test('wrong types are errors naming the file, position and key', () => {
    const path = file('stdout_output:\n  enabled: maybe\n');
    rejects(
      () => loadConfig(path, []),
      `${path}:2:12: stdout_output.enabled: expected a boolean (true or false), got "maybe"`,
    );
    rejects(
      () => load('webserver:\n  listen_port: 70000\n'),
      /webserver\.listen_port: 70000 is out of range \(0 to 65535\)$/,
    );
    rejects(() => load('webserver: 5\n'), /:1:12: webserver: expected a mapping, got "5"$/);
    rejects(() => load('rules_files:\n  a: b\n'), /rules_files: expected a list of strings, got a mapping$/);
    rejects(() => load('outputs_queue:\n  capacity: -1\n'), /outputs_queue\.capacity: -1 is out of range/);
    rejects(() => load('file_output:\n  filename: [a]\n'), /file_output\.filename: expected a string, got a list$/);
  });

  test('override values are checked too, and errors name the option', () => {
    rejects(
      () => loadConfig(undefined, ['json_output=perhaps']),
      '-o json_output=perhaps: json_output: expected a boolean (true or false), got "perhaps"',
    );
  });

  test('unknown keys are warnings, with their position', () => {
    const path = file('json_output: false\nfoo: 1\nfile_output:\n  enabled: false\n  bar: 2\n');
    const { warnings } = loadConfig(path, []);
    assert.deepEqual(warnings, [
      `${path}:2:1: foo: unknown configuration key, ignored`,
      `${path}:5:3: file_output.bar: unknown configuration key, ignored`,
    ]);
  });

  test('Falco settings Kestrel does not use are accepted with a warning', () => {
    const { warnings } = load('engine:\n  kind: modern_ebpf\nmetrics:\n  enabled: true\n');
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /engine: a Falco setting Kestrel does not use, ignored$/);
  });

  test('Falco validation messages', () => {
    rejects(
      () => load('priority: urgent\n'),
      /priority: Unknown priority "urgent"--must be one of emergency, alert, critical, error, warning, notice, informational, debug$/,
    );
    rejects(
      () => load('rule_matching: some\n'),
      /rule_matching: Unknown rule matching strategy "some"--must be one of first, all$/,
    );
    rejects(
      () => load('rules_files: [a]\nrules_file: [b]\n'),
      /rules_file: both 'rules_files' and 'rules_file' keys set$/,
    );
    rejects(
      () => load('file_output:\n  enabled: true\n'),
      /file_output\.filename: file output enabled but no filename in configuration block$/,
    );
    rejects(
      () => load('program_output:\n  enabled: true\n'),
      /program_output\.program: program output enabled but no program in configuration block$/,
    );
    rejects(
      () => load('http_output:\n  enabled: true\n'),
      /http_output\.url: http output enabled but no url in configuration block$/,
    );
    rejects(
      () => load('webserver:\n  listen_address: nowhere\n'),
      /webserver\.listen_address: webserver listen address "nowhere" is not a valid IP address$/,
    );
    rejects(
      () => load('syscall_event_drops:\n  actions: [bogus]\n'),
      /available actions for syscall event drops are "ignore", "log", "alert", and "exit"$/,
    );
    rejects(
      () => load('syscall_event_timeouts:\n  max_consecutives: 0\n'),
      /the maximum consecutive timeouts without an event must be an unsigned integer > 0$/,
    );
    rejects(() => load('log_level: loud\n'), /log_level: Unknown log level "loud"/);
  });

  test('priority and rule_matching values', () => {
    const { config } = load('priority: INFO\nrule_matching: ALL\n');
    assert.equal(config.priority, Priority.Informational);
    assert.equal(config.ruleMatching, 'all');
  });

  test('a single rules file may be written as a scalar', () => {
    assert.deepEqual(load('rules_files: /etc/x.yaml\n').config.rulesFiles, ['/etc/x.yaml']);
  });

  test('environment variables are expanded in file values', () => {
    const { config } = load(
      'file_output:\n  filename: ${LOGDIR}/events.txt\nprogram_output:\n  program: echo $${HOME}\n',
      [],
      {
        LOGDIR: '/var/log',
      },
    );
    assert.equal(config.fileOutput.filename, '/var/log/events.txt');
    assert.equal(config.programOutput.program, 'echo ${HOME}');
    assert.equal(expandEnvVars('a${UNSET}b', {}), 'ab');
    assert.equal(expandEnvVars('${A}${A}', { A: '$' }), '$$');
    assert.equal(expandEnvVars('${open', {}), '${open');
  });

  test('YAML errors and unreadable files', () => {
    rejects(() => load('a: [\n'), /c\d+\.yaml:\d+:\d+: invalid YAML: /);
    rejects(() => load('- a\n- b\n'), /: the configuration must be a mapping of settings, got a list$/);
    rejects(() => loadConfig(join(dir, 'missing.yaml'), []), /^Cannot read config file \(.*missing\.yaml\): ENOENT/);
    rejects(() => load('a: 1\na: 2\n'), /invalid YAML: Map keys must be unique/);
  });
});

describe('loadConfig: sections', () => {
  test('http_output', () => {
    const { config } = load(
      'http_output:\n  enabled: true\n  url: http://falcosidekick:2801/\n  insecure: true\n  mtls: true\n' +
        '  compress_uploads: true\n  keep_alive: true\n  max_consecutive_timeouts: 3\n',
    );
    assert.deepEqual(config.httpOutput, {
      enabled: true,
      url: 'http://falcosidekick:2801/',
      userAgent: 'falcosecurity/falco',
      insecure: true,
      echo: false,
      caCert: '',
      caBundle: '',
      caPath: '/etc/ssl/certs',
      mtls: true,
      clientCert: '/etc/ssl/certs/client.crt',
      clientKey: '/etc/ssl/certs/client.key',
      compressUploads: true,
      keepAlive: true,
      maxConsecutiveTimeouts: 3,
    });
  });

  test('append_output', () => {
    const { config, warnings } = load(
      [
        'append_output:',
        '  - match:',
        '      source: syscall',
        '      tags: [container]',
        '    extra_output: "on CPU %evt.cpu"',
        '    extra_fields:',
        '      - home_directory: "${HOME}"',
        '      - evt.hostname',
        '  - match: {rule: r, tags: [a]}',
        '    suggested_output: true',
        '',
      ].join('\n'),
      [],
      { HOME: '/root' },
    );
    assert.deepEqual(config.appendOutput, [
      {
        source: 'syscall',
        tags: ['container'],
        extraOutput: 'on CPU %evt.cpu',
        suggestedOutput: false,
        formattedFields: [['home_directory', '/root']],
        rawFields: ['evt.hostname'],
      },
      { rule: 'r', tags: ['a'], suggestedOutput: true, formattedFields: [], rawFields: [] },
    ]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /append_output\[1\]\.match: both a rule \(r\) and tags \(a\) are given/);
  });

  test('append_output errors', () => {
    rejects(() => load('append_output:\n  - 5\n'), /append_output\[0\]: expected a mapping, got "5"$/);
    rejects(
      () => load('append_output:\n  - extra_fields: [a, a]\n'),
      /append_output\[0\]\.extra_fields\[1\]: extra field "a" is defined more than once$/,
    );
    rejects(
      () => load('append_output:\n  - extra_fields: [{a: x, b: y}]\n'),
      /append_output\[0\]\.extra_fields\[0\]: expected a field name or a single "key: format" mapping, got a mapping$/,
    );
    rejects(
      () => load('append_output:\n  - extra_fields: a\n'),
      /append_output\[0\]\.extra_fields: expected a list, got "a"$/,
    );
  });

  test('rules selections', () => {
    const { config } = load(
      'rules:\n  - disable:\n      rule: "*"\n  - enable:\n      rule: Netcat*\n  - enable:\n      tag: network\n',
      ['rules[].disable.tag=noisy'],
    );
    assert.deepEqual(config.rules, [
      { op: 'disable', rule: '*' },
      { op: 'enable', rule: 'Netcat*' },
      { op: 'enable', tag: 'network' },
      { op: 'disable', tag: 'noisy' },
    ]);
    rejects(() => load('rules:\n  - drop: {rule: x}\n'), /rules\[0\]: expected "enable" or "disable"$/);
    rejects(
      () => load('rules:\n  - enable: {}\n'),
      /rules\[0\]\.enable: expected a "rule" or a "tag" to select rules$/,
    );
    rejects(() => load('rules: [x]\n'), /rules\[0\]: expected a mapping with "enable" or "disable", got "x"$/);
  });

  test('plugins and load_plugins', () => {
    const { config } = load(
      'plugins:\n  - name: k8saudit\n    library_path: libk8saudit.so\n    init_config:\n      maxEventSize: 262144\n' +
        '      sslCertificate: /etc/cert.pem\n      webhookMaxBatchSize: 12.5\n      useAsync: true\n' +
        '    open_params: " https://:9443/audit "\n  - name: json\n    library_path: libjson.so\n',
    );
    assert.equal(
      config.plugins[0].initConfig,
      '{"maxEventSize":262144,"sslCertificate":"/etc/cert.pem","useAsync":true,"webhookMaxBatchSize":12.5}',
    );
    assert.equal(config.plugins[0].openParams, 'https://:9443/audit');
    assert.deepEqual(config.k8sAudit.webhook, {
      enabled: true,
      listenAddress: '0.0.0.0',
      listenPort: 9443,
      path: '/audit',
      sslCertificate: '/etc/cert.pem',
    });
    rejects(
      () => load('plugins:\n  - name: json\nload_plugins: [k8saudit]\n'),
      /load_plugins: Cannot load plugin 'k8saudit': plugin config not found for given name$/,
    );
    rejects(
      () => load('plugins:\n  - name: cloudtrail\n    library_path: libcloudtrail.so\n'),
      /plugins\[0\]: plugin "cloudtrail" is not built into Kestrel \(available: k8saudit, json, container\)$/,
    );
    rejects(() => load('plugins:\n  - library_path: x.so\n'), /plugins\[0\]: a plugin needs a "name"$/);
  });

  test('k8s_audit keys win over the plugin open_params', () => {
    const { config } = load(
      'plugins:\n  - name: k8saudit\n    open_params: http://127.0.0.1:9765/k8s-audit\n' +
        'k8s_audit:\n  webhook:\n    listen_port: 10000\n  files: [/var/log/audit/kube/*.log]\n  follow: true\n',
    );
    assert.deepEqual(config.k8sAudit, {
      webhook: { enabled: true, listenAddress: '127.0.0.1', listenPort: 10000, path: '/k8s-audit', sslCertificate: '' },
      files: ['/var/log/audit/kube/*.log'],
      follow: true,
    });
    rejects(
      () => load('k8s_audit:\n  webhook:\n    path: audit\n'),
      /k8s_audit\.webhook\.path: the webhook path must start with "\/", got "audit"$/,
    );
  });

  test('static_fields and output switches', () => {
    const { config } = load(
      'static_fields:\n  cluster: ${CLUSTER}\njson_include_message_property: true\noutputs_queue:\n  capacity: 100\n',
      [],
      { CLUSTER: 'prod' },
    );
    assert.deepEqual(config.staticFields, { cluster: 'prod' });
    assert.equal(config.jsonIncludeMessageProperty, true);
    assert.equal(config.outputsQueueCapacity, 100);
  });
});
