// Builds the live sensor: the BPF object (make: bpftool + clang) and the N-API addon (node-gyp).
// Run by `npm install`/`npm ci`; it never fails the install. Whatever happens is written to
// native/build/status.json, which src/sensor/load.ts reads to say why the sensor is unavailable.

import { spawnSync } from 'node:child_process';
import process from 'node:process';

const log = (line) => process.stdout.write(line + '\n');
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const statusFile = join(here, 'build', 'status.json');

function finish(ok, reason) {
  mkdirSync(join(here, 'build'), { recursive: true });
  writeFileSync(statusFile, JSON.stringify({ ok, reason, at: new Date().toISOString() }, null, 2) + '\n');
  log(ok ? 'kestrel sensor: built' : `kestrel sensor: not built (${reason}); Kestrel works without it`);
  process.exit(0);
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.error) return `${cmd}: ${r.error.message}`;
  if (r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-8).join('\n');
    return `${cmd} ${args.join(' ')} exited with ${r.status}:\n${tail}`;
  }
  return undefined;
}

function hasTool(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

function nodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  if (process.env.npm_execpath)
    candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/share/nodejs/npm/node_modules/node-gyp/bin/node-gyp.js',
  );
  return candidates.find((p) => existsSync(p));
}

if (process.env.KESTREL_SKIP_SENSOR === '1') finish(false, 'KESTREL_SKIP_SENSOR=1');
if (process.platform !== 'linux' || process.arch !== 'x64')
  finish(false, `unsupported platform ${process.platform}/${process.arch} (x86_64 Linux only)`);
if (!existsSync('/sys/kernel/btf/vmlinux')) finish(false, 'no kernel BTF at /sys/kernel/btf/vmlinux');
for (const tool of ['make', 'clang', 'bpftool', 'cc']) {
  if (!hasTool(tool))
    finish(
      false,
      `${tool} not found (apt-get install clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev build-essential)`,
    );
}
if (!existsSync('/usr/include/bpf/libbpf.h')) finish(false, 'libbpf headers missing (apt-get install libbpf-dev)');

const bpfErr = run('make', ['-C', here], here);
if (bpfErr) finish(false, `BPF object build failed: ${bpfErr}`);

const gyp = nodeGyp();
if (!gyp) finish(false, 'node-gyp not found (it ships with npm)');
const nodedir = process.env.npm_config_nodedir || (existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined);
const gypArgs = [gyp, 'rebuild'];
if (nodedir) gypArgs.push(`--nodedir=${nodedir}`);
const addonErr = run(process.execPath, gypArgs, join(here, 'addon'));
if (addonErr) finish(false, `addon build failed: ${addonErr}`);
finish(true, 'built');
