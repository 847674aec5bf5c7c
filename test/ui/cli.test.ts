// `kestrel ui` as a command: the first start prints a password once, which then logs in; the
// second start prints none; bad options exit 2 naming them; --hash-password.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { parseHash, verifyPassword } from '../../src/ui/server/auth/password.js';

const KESTREL = fileURLToPath(new URL('../../../bin/kestrel.js', import.meta.url));

/** Starts `kestrel ui` and resolves with its stderr once it listens. */
function startUi(args: string[]): Promise<{ child: ChildProcess; stderr: () => string; url: string }> {
  const child = spawn(process.execPath, [KESTREL, 'ui', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kestrel ui did not start: ${err}`));
    }, 30_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /ui listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, stderr: () => err, url: m[1]! });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kestrel ui exited ${code}: ${err}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('kestrel ui command', () => {
  test('first start: a password printed once logs in; the next start prints none', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-ui-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const args = ['--store', join(dir, 'alerts.db'), '--data-dir', join(dir, 'data'), '--port', '0'];
    const first = await startUi(args);
    let code: number | null;
    try {
      const pw = /the password is (\S+)/.exec(first.stderr())?.[1];
      assert.ok(pw, first.stderr());
      const login = await fetch(`${first.url}/api/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password: pw }),
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(login.status, 200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const v = await fetch(`${first.url}/api/v1/versions`, {
        headers: { cookie },
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(((await v.json()) as { store: { kind: string } }).store.kind, 'sqlite');
    } finally {
      code = await stop(first.child);
    }
    assert.equal(code, 0);
    const second = await startUi(args);
    try {
      assert.doesNotMatch(second.stderr(), /password is/);
    } finally {
      await stop(second.child);
    }
  });

  test('bad options: exit 2 naming each', () => {
    const r = spawnSync(
      process.execPath,
      [KESTREL, 'ui', '--port', '70000', '--rules', '/no/such/rules', '--router-url', 'nope'],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--port: 70000 must be 0 to 65535/);
    assert.match(r.stderr, /--rules: \/no\/such\/rules does not exist/);
    assert.match(r.stderr, /--router-url: "nope" is not an http\(s\) URL/);
    assert.match(r.stderr, /--rules and --exceptions-file go together/);
  });

  test('--trust-proxy and KESTREL_UI_TRUST_PROXY: a bad entry exits 2 naming --trust-proxy', () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [KESTREL, 'ui', '--port', '70000', ...args], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, ...env },
      });
    const flag = run(['--trust-proxy', '10.0.0.1, 10.0.0.0/99,nope']);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /--trust-proxy: "10.0.0.0\/99": the prefix length must be 1 to 32/);
    assert.match(flag.stderr, /--trust-proxy: "nope" is not an IP address or CIDR/);
    assert.doesNotMatch(flag.stderr, /"10.0.0.1"/);
    const env = run([], { KESTREL_UI_TRUST_PROXY: 'fd00::/8,' });
    assert.equal(env.status, 2);
    assert.match(env.stderr, /--trust-proxy: an empty entry/);
    // the option wins over the environment, as with every other option
    const both = run(['--trust-proxy', '10.0.0.1'], { KESTREL_UI_TRUST_PROXY: 'nope' });
    assert.equal(both.status, 2);
    assert.doesNotMatch(both.stderr, /--trust-proxy/);
    assert.match(both.stderr, /--port: 70000/);
  });

  test('--hash-password prints a hash of the password read on stdin', async () => {
    const r = spawnSync(process.execPath, [KESTREL, 'ui', '--hash-password'], {
      input: 'a long enough password\n',
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const hash = parseHash(r.stdout, 'stdout');
    assert.ok(await verifyPassword('a long enough password', hash));
    const short = spawnSync(process.execPath, [KESTREL, 'ui', '--hash-password'], {
      input: 'short',
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(short.status, 2);
    assert.match(short.stderr, /needs 12 characters or more/);
  });
});
