// A throwaway PostgreSQL cluster (Debian's postgresql package) on a unix socket in a temp dir,
// run as the postgres user, for the store tests and the `ui-store-pg` benchmark.

import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** A connection URL for database `postgres` over the socket. */
  readonly url: string;
  /** Stops the server and removes its folder; a second call does nothing. */
  stop(): void;
}

export interface PostgresOptions {
  /** Runs the server under `taskset -c CPUS` (a benchmark keeps it off the runner's CPU). */
  cpus?: string;
}

function idOf(flag: '-u' | '-g'): number {
  return Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
}

export function startPostgres(options: PostgresOptions = {}): TestPostgres {
  const dir = mkdtempSync('/tmp/kestrel-ui-pg-');
  chownSync(dir, idOf('-u'), idOf('-g'));
  const data = join(dir, 'data');
  const port = 20000 + ((process.pid * 7) % 20000);
  const asPg = (args: string[], cpus?: string) => {
    const setpriv = ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', ...args];
    const [cmd, ...rest] = cpus === undefined ? setpriv : ['taskset', '-c', cpus, ...setpriv];
    const r = spawnSync(cmd!, rest, { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stdout}${r.stderr}`);
  };
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asPg([`${PG_BIN}/pg_ctl`, '-D', data, '-m', 'immediate', 'stop']);
    } catch {
      // not started
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asPg([`${PG_BIN}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres']);
    asPg(
      [
        `${PG_BIN}/pg_ctl`,
        '-D',
        data,
        '-w',
        '-l',
        join(dir, 'log'),
        '-o',
        `-c listen_addresses='' -k ${dir} -p ${port}`,
        'start',
      ],
      options.cpus,
    );
  } catch (e) {
    stop();
    throw e;
  }
  return { url: `postgresql://postgres@/postgres?host=${encodeURIComponent(dir)}&port=${port}`, stop };
}
