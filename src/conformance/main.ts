// `npm run conformance -- SUITE.yaml…`: runs Falco legacy regression suites against Kestrel's CLI
// and prints one line per case, then `N passed, N failed`.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkReplay, checkValidate } from './check.js';
import { planCase } from './plan.js';
import { runKestrel } from './run.js';
import { loadSuite } from './suite.js';
import { todaysExpectation } from './todaysFalco.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/kestrel.js');

async function main(argv: string[]): Promise<number> {
  const only = argv.filter((a) => a.startsWith('--case=')).map((a) => a.slice('--case='.length));
  const suites = argv.filter((a) => !a.startsWith('--'));
  if (suites.length === 0) {
    process.stderr.write('usage: npm run conformance -- SUITE.yaml… [--case=NAME]\n');
    return 2;
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const suite of suites) {
    for (const original of loadSuite(suite)) {
      if (only.length > 0 && !only.includes(original.name)) continue;
      const { c, why } = todaysExpectation(original);
      const note = why === undefined ? '' : ` (expectation updated: ${why})`;
      const plan = planCase(c);
      if (plan.kind === 'skip') {
        skipped++;
        process.stdout.write(`SKIP ${c.name}: ${plan.reason}\n`);
        continue;
      }
      const run = await runKestrel(BIN, plan.args, c.dir);
      const problems = plan.kind === 'validate' ? checkValidate(c, run) : checkReplay(c, run);
      if (problems.length === 0) {
        passed++;
        process.stdout.write(`PASS ${c.name}${note}\n`);
      } else {
        failed++;
        process.stdout.write(`FAIL ${c.name}: ${problems.join('; ')}${note}\n`);
        if (process.env.KESTREL_CONFORMANCE_VERBOSE) {
          process.stdout.write(`  kestrel ${plan.args.join(' ')}\n`);
        }
      }
    }
  }
  process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`conformance: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
