// The noise run: a busy, benign workload — a C build with make, git, archives, package
// queries, service restarts (PostgreSQL, sshd), scripts, local HTTP, a container doing ordinary
// things — under `kestrel run` with the default rules raises no alert at all.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sensorUnavailableReason } from '../../src/sensor/load.js';
import { LiveKestrel, onHost, runScenario } from './support/liveKestrel.js';
import { runInContainer } from './support/runcContainer.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const needed = ['/usr/bin/make', '/usr/bin/cc', '/usr/bin/git', `${PG_BIN}/pg_ctl`, '/usr/sbin/sshd', '/usr/bin/runc'];
const why =
  sensorUnavailableReason() ??
  (needed.some((p) => !existsSync(p)) ? `missing: ${needed.filter((p) => !existsSync(p)).join(', ')}` : undefined);

describe(
  'noise run: a busy benign workload raises nothing',
  { skip: why ? `cannot run: ${why}` : false, timeout: 600_000 },
  () => {
    let live: LiveKestrel;
    let work: string;

    before(async () => {
      work = mkdtempSync('/var/lib/kestrel-e2e-noise-');
      chmodSync(work, 0o755);
      live = await LiveKestrel.start();
    });

    after(async () => {
      await live?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    const sh = (script: string, timeout = 120_000) => {
      const r = runScenario('noise', 'bash', ['-c', script], { timeout });
      assert.equal(r.status, 0, `${script}\n${r.output}`);
    };

    test('builds, git, archives, package queries, services, scripts and a container', async () => {
      const src = join(work, 'src');
      // a C build with make, and running what it built
      sh(`mkdir -p ${src} && cd ${src} && printf '#include <stdio.h>\\nint main(void){puts("hi");return 0;}\\n' > hello.c &&
        printf 'hello: hello.c\\n\\tcc -O2 -o hello hello.c\\n' > Makefile && make -s && ./hello && make -s -B && ./hello`);
      // git and archives
      sh(`cd ${src} && git -c init.defaultBranch=main init -q && git add -A &&
        git -c user.name=ci -c user.email=ci@example.invalid commit -qm build && git log --oneline | wc -l &&
        tar czf ${work}/src.tgz -C ${src} . && mkdir -p ${work}/x && tar xzf ${work}/src.tgz -C ${work}/x && ls ${work}/x >/dev/null`);
      // package queries
      sh(
        `dpkg -l >/dev/null && dpkg -S /bin/ls >/dev/null && apt-cache policy bash >/dev/null && dpkg-query -W bash >/dev/null`,
      );
      // everyday commands
      sh(`ps aux >/dev/null; id; whoami; uname -a; cat /etc/passwd /etc/os-release >/dev/null; ls -la /proc/self/ >/dev/null;
        find /usr/share/doc -maxdepth 2 -name 'copyright' | head -5 >/dev/null; grep -c root /etc/group; env | sort | head -3;
        sed -n 1p /etc/hostname; awk -F: '{print $1}' /etc/passwd | head -3; date; df -h / >/dev/null; true`);
      // local HTTP: a node server and curl against it
      const [cmd, args] = onHost(process.execPath, [
        '-e',
        "const s=require('http').createServer((q,r)=>r.end('ok')).listen(0,'127.0.0.1',()=>console.log(s.address().port));setTimeout(()=>s.close(),60000).unref()",
      ]);
      const server = spawn(cmd, args, { env: { ...process.env, KESTREL_SCENARIO: 'noise' } });
      try {
        const port = await new Promise<string>((done) =>
          server.stdout.once('data', (b: Buffer) => done(b.toString().trim())),
        );
        sh(
          `for i in 1 2 3 4 5; do curl -s http://127.0.0.1:${port}/ >/dev/null; done; wget -q -O /dev/null http://127.0.0.1:${port}/`,
        );
      } finally {
        server.kill();
      }
      // service restarts: a PostgreSQL cluster started, queried, restarted, stopped; sshd twice
      const pg = join(work, 'pg');
      sh(`mkdir -p ${pg} && chown postgres: ${pg}`);
      const asPg = (c: string) => sh(`setpriv --reuid=postgres --regid=postgres --init-groups ${c}`);
      asPg(`${PG_BIN}/initdb -D ${pg}/data -A trust -U postgres >/dev/null`);
      const pgOpts = `-c listen_addresses='' -k ${pg} -p 25432`;
      asPg(`${PG_BIN}/pg_ctl -s -D ${pg}/data -w -l ${pg}/log -o "${pgOpts}" start`);
      sh(
        `psql -q -h ${pg} -p 25432 -U postgres -c 'create table t(x int); insert into t values (1); select * from t' >/dev/null`,
      );
      asPg(`${PG_BIN}/pg_ctl -s -D ${pg}/data -w -m fast -l ${pg}/log -o "${pgOpts}" restart`);
      asPg(`${PG_BIN}/pg_ctl -s -D ${pg}/data -w -m fast stop`);
      writeFileSync(
        join(work, 'sshd_config'),
        `Port 25022\nListenAddress 127.0.0.1\nHostKey ${work}/host_key\nPidFile ${work}/sshd.pid\nUsePAM no\n`,
      );
      sh(`ssh-keygen -q -t ed25519 -N '' -f ${work}/host_key && mkdir -p /run/sshd && for i in 1 2; do
          /usr/sbin/sshd -f ${work}/sshd_config && sleep 0.3 && kill "$(cat ${work}/sshd.pid)" && sleep 0.2; done`);
      // a container doing ordinary work
      const ctr = runInContainer(
        'ls / >/dev/null; cat /etc/hostname >/dev/null; sh -c "echo hi" >/dev/null; sort /etc/passwd >/dev/null',
        {
          env: { KESTREL_SCENARIO: 'noise' },
        },
      );
      assert.equal(ctr.status, 0, ctr.output);

      await live.settle();
      assert.deepEqual(
        live.ofScenario('noise').map((a) => `${a.rule}: ${a.output}`),
        [],
      );
    });
  },
);
