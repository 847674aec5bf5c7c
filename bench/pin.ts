// "On one core": JavaScript runs on the main thread, so a benchmark uses one core whatever the
// machine has (GC and the compiler have helper threads). To also keep the scheduler from moving
// it between cores, the runner re-executes itself under `taskset -c 0` when it can.
// KESTREL_BENCH_PIN=0 turns this off; KESTREL_BENCH_PINNED marks the re-executed child.

import { spawnSync } from 'node:child_process';

const PINNED_MARK = 'KESTREL_BENCH_PINNED';

function tasksetWorks(): boolean {
  const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * Re-executes this process under `taskset -c 0` and returns the child's exit code; or, when this
 * process is to run the benchmarks itself, how it is pinned (the child says 'pinned ...').
 */
export function pinToOneCore(): { exitCode: number } | { state: string } {
  if (process.env[PINNED_MARK] === '1') return { state: 'pinned to CPU 0 (taskset -c 0)' };
  if (process.env.KESTREL_BENCH_PIN === '0') return { state: 'not pinned: disabled by KESTREL_BENCH_PIN=0' };
  if (process.platform !== 'linux') return { state: `not pinned: taskset is for Linux, this is ${process.platform}` };
  if (!tasksetWorks()) return { state: 'not pinned: `taskset -c 0` is not available here' };
  const child = spawnSync(
    'taskset',
    ['-c', '0', process.execPath, ...process.execArgv, process.argv[1], ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, [PINNED_MARK]: '1' } },
  );
  if (child.error !== undefined) return { state: `not pinned: ${child.error.message}` };
  return { exitCode: child.status ?? 1 };
}
