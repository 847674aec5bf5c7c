// Router configuration: YAML and Falcosidekick-style env vars, and a clear message naming the
// key or variable for every bad value.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RouterConfigError } from '../../../src/router/config/routerConfig.js';
import { parseDuration } from '../../../src/router/config/optionValue.js';
import { cleanup, configFromEnv, RouterChild, tempDir } from './support.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof RouterConfigError) return [...e.problems];
    throw e;
  }
  assert.fail('expected a RouterConfigError');
}

describe('router configuration', () => {
  it('has Falcosidekick defaults and enables nothing without settings', () => {
    const c = configFromEnv({});
    assert.equal(c.listenPort, 2801);
    assert.equal(c.listenAddress, '');
    assert.equal(c.bodyLimit, 1048576);
    assert.equal(c.queue.mode, 'durable');
    assert.deepEqual(c.destinations, []);
    assert.equal(c.bearerToken, undefined);
  });

  it('reads env vars named as Falcosidekick names them: scalars, maps k:v,k2:v2, lists a,b', () => {
    const c = configFromEnv({
      LISTENPORT: '3000',
      DEBUG: 'true',
      CUSTOMFIELDS: 'team:infra, env:prod',
      CUSTOMTAGS: 'a, b',
      TEMPLATEDFIELDS: 'ns:{{ index . "k8s.ns.name" }}',
      BEARERTOKEN: 's3cret',
      WEBHOOK_ADDRESS: 'http://127.0.0.1:9/hook',
      WEBHOOK_CUSTOMHEADERS: 'Authorization:Bearer x,X-Team:infra',
      WEBHOOK_MINIMUMPRIORITY: 'warning',
      WEBHOOK_DEDUPWINDOW: '1m30s',
      WEBHOOK_FILTER: 'k8s.ns.name in (prod)',
    });
    assert.equal(c.listenPort, 3000);
    assert.equal(c.debug, true);
    assert.deepEqual(c.customFields, { team: 'infra', env: 'prod' });
    assert.deepEqual(c.customTags, ['a', 'b']);
    assert.equal(c.templatedFields[0][0], 'ns');
    assert.equal(c.bearerToken, 's3cret');
    assert.equal(c.destinations.length, 1);
    const w = c.destinations[0];
    assert.equal(w.name, 'webhook');
    assert.deepEqual(w.options.customheaders, { Authorization: 'Bearer x', 'X-Team': 'infra' });
    assert.equal(w.policy.minimumPriorityRank, 4);
    assert.equal(w.policy.dedupWindowMs, 90_000);
    assert.ok(w.policy.filter);
  });

  it('reads YAML with keys in any case, env vars overriding it', (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'router.yaml');
    writeFileSync(
      file,
      [
        'listenport: 2900',
        'customfields: {Akey: AValue}',
        'queue: {dir: /tmp/x, mode: memory}',
        'webhook:',
        '  address: http://127.0.0.1:9/a',
        '  customHeaders: {X-A: "1"}',
        '  maxretryage: 30s',
        'datadog: {apikey: x}',
      ].join('\n'),
    );
    const c = configFromEnv({ LISTENPORT: '2950' }, file);
    assert.equal(c.listenPort, 2950);
    assert.deepEqual(c.customFields, { Akey: 'AValue' });
    assert.equal(c.queue.mode, 'memory');
    assert.deepEqual(c.destinations[0].options.customheaders, { 'X-A': '1' });
    assert.equal(c.destinations[0].policy.maxRetryAgeMs, 30_000);
    assert.match(c.warnings.join('\n'), /datadog: not a router setting or destination/);
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['port not a number', { LISTENPORT: 'abc' }, /^env LISTENPORT: "abc" is not an integer$/],
    ['port out of range', { LISTENPORT: '70000' }, /env LISTENPORT: 70000 is not a port/],
    ['bool', { DEBUG: 'maybe' }, /env DEBUG: "maybe" is not a boolean/],
    ['body limit', { BODYLIMIT: '0' }, /env BODYLIMIT: 0 must be at least 1 byte/],
    ['map without colon', { CUSTOMFIELDS: 'a:b,oops' }, /env CUSTOMFIELDS: "oops" is not key:value/],
    ['template', { TEMPLATEDFIELDS: 'x:{{ .a ' }, /env TEMPLATEDFIELDS \(x\): "\{\{ \.a": 1:1: unclosed action/],
    [
      'template function',
      { TEMPLATEDFIELDS: 'x:{{ upper .a }}' },
      /\(x\): "\{\{ upper \.a \}\}": 1:4: function "upper" not defined/,
    ],
    ['queue mode', { QUEUE_MODE: 'fast' }, /env QUEUE_MODE: "fast" is not a queue mode \(durable, memory\)/],
    ['segment size', { QUEUE_SEGMENTSIZE: '10' }, /env QUEUE_SEGMENTSIZE: 10 must be at least 4096 bytes/],
    ['tls without cert', { TLSSERVER_DEPLOY: 'true' }, /tlsserver.certfile \(env TLSSERVER_CERTFILE\): required/],
    [
      'tls unreadable',
      { TLSSERVER_DEPLOY: 'true', TLSSERVER_CERTFILE: '/nonexistent/c.pem', TLSSERVER_KEYFILE: '/nonexistent/k.pem' },
      /env TLSSERVER_CERTFILE: cannot read "\/nonexistent\/c.pem"/,
    ],
    [
      'mtls without ca',
      {
        TLSSERVER_DEPLOY: 'true',
        TLSSERVER_MUTUALTLS: 'true',
        TLSSERVER_CERTFILE: '/etc/hostname',
        TLSSERVER_KEYFILE: '/etc/hostname',
      },
      /tlsserver.cafile \(env TLSSERVER_CAFILE\): required/,
    ],
    ['webhook url', { WEBHOOK_ADDRESS: 'not a url' }, /^webhook.address: "not a url" is not a URL$/],
    ['webhook scheme', { WEBHOOK_ADDRESS: 'ftp://x/' }, /webhook.address: "ftp:\/\/x\/" must be an http/],
    [
      'webhook method',
      { WEBHOOK_ADDRESS: 'http://x/', WEBHOOK_METHOD: 'GET' },
      /webhook.method: "GET" is not one of POST, PUT, PATCH/,
    ],
    [
      'minimum priority',
      { WEBHOOK_ADDRESS: 'http://x/', WEBHOOK_MINIMUMPRIORITY: 'urgent' },
      /env WEBHOOK_MINIMUMPRIORITY: "urgent" is not a priority \(emergency, alert/,
    ],
    [
      'filter syntax',
      { WEBHOOK_ADDRESS: 'http://x/', WEBHOOK_FILTER: 'proc.name = ' },
      /env WEBHOOK_FILTER: "proc.name =" is not a valid condition/,
    ],
    [
      'filter operator',
      { WEBHOOK_ADDRESS: 'http://x/', WEBHOOK_FILTER: 'proc.pid contains 3' },
      /env WEBHOOK_FILTER: .*'contains' operator not supported for numeric filters/,
    ],
    [
      'duration',
      { WEBHOOK_ADDRESS: 'http://x/', WEBHOOK_DEDUPWINDOW: '5 minutes' },
      /env WEBHOOK_DEDUPWINDOW: "5 minutes" is not a duration/,
    ],
    [
      'max backlog',
      { WEBHOOK_ADDRESS: 'http://x/', WEBHOOK_MAXBACKLOG: '0' },
      /env WEBHOOK_MAXBACKLOG: 0 must be at least 1/,
    ],
    ['file maxsize', { FILE_PATH: '/tmp/x.jsonl', FILE_MAXSIZE: '-1' }, /file.maxsize: -1 must be 0 or more/],
    [
      'secret value not shown',
      { WEBHOOK_ADDRESS: 'http://x/', WEBHOOK_CUSTOMHEADERS: 'Authorization Bearer hunter2' },
      /^env WEBHOOK_CUSTOMHEADERS: the value \(not shown: the option is secret\) is not a valid map$/,
    ],
    [
      'disabled destination typo still checked',
      { WEBHOOK_TIMEOUT: 'soon' },
      /env WEBHOOK_TIMEOUT: "soon" is not a duration/,
    ],
  ];
  for (const [name, env, re] of bad) {
    it(`refuses a bad value: ${name}`, () => {
      const problems = problemsOf(() => configFromEnv(env));
      assert.ok(
        problems.some((p) => re.test(p)),
        `${re} not in ${JSON.stringify(problems)}`,
      );
    });
  }

  it('names the YAML key of a bad value and refuses unknown destination options', (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'router.yaml');
    writeFileSync(file, 'listenport: many\nwebhook:\n  address: http://127.0.0.1:9/\n  minimumpriorty: debug\n');
    const problems = problemsOf(() => configFromEnv({}, file));
    assert.ok(problems.includes(`${file}: listenport: "many" is not an integer`), JSON.stringify(problems));
    assert.ok(problems.some((p) => p.startsWith(`${file}: webhook.minimumpriorty: unknown option (known:`)));
  });

  it('reports YAML syntax errors and a document that is not a mapping', (t) => {
    const dir = tempDir(t);
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'webhook: [unclosed\n');
    assert.match(problemsOf(() => configFromEnv({}, broken))[0], new RegExp(`^${broken}: `));
    const list = path.join(dir, 'list.yaml');
    writeFileSync(list, '- a\n- b\n');
    assert.match(problemsOf(() => configFromEnv({}, list))[0], /must be a mapping of keys, not a list/);
    assert.match(
      problemsOf(() => configFromEnv({}, path.join(dir, 'missing.yaml')))[0],
      /cannot read the configuration file/,
    );
  });

  it('reads Go-style durations and plain seconds', () => {
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('2'), 2000);
    assert.equal(parseDuration('2x'), undefined);
  });

  it('`kestrel router` exits 1 with every problem on a bad configuration', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'router.yaml');
    writeFileSync(file, 'listenport: 99999\n');
    const child = new RouterChild(['-c', file], { WEBHOOK_ADDRESS: 'nope', QUEUE_DIR: dir });
    cleanup(t, () => child.kill());
    const code = await child.exited;
    assert.equal(code, 1);
    assert.match(child.stderr, /Error: invalid router configuration:/);
    assert.match(child.stderr, /listenport: 99999 is not a port/);
    assert.match(child.stderr, /webhook.address: "nope" is not a URL/);
  });
});

describe('router start-up failures', () => {
  it('exits 1 naming the cause when the port is taken or the queue folder cannot be made', async (t) => {
    const dir = tempDir(t);
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    cleanup(t, () => taken.close());
    const port = String((taken.address() as { port: number }).port);
    const busy = new RouterChild([], { LISTENADDRESS: '127.0.0.1', LISTENPORT: port, QUEUE_DIR: dir });
    cleanup(t, () => busy.kill());
    assert.equal(await busy.exited, 1);
    assert.match(
      busy.stderr,
      new RegExp(`Error: router: cannot start: listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}`),
    );

    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const blocked = new RouterChild([], { LISTENADDRESS: '127.0.0.1', LISTENPORT: '0', QUEUE_DIR: file });
    cleanup(t, () => blocked.kill());
    assert.equal(await blocked.exited, 1);
    assert.match(
      blocked.stderr,
      /Error: router: cannot start: ENOTDIR: not a directory, mkdir '.*not-a-folder\/segments'/,
    );
  });
});
