// Finds and loads the sensor's native addon (native/addon, built at install time by native/build.js)
// and says precisely why the live sensor cannot run when it cannot: wrong platform, not root, no
// kernel BTF, addon not built (with the build's own reason).

import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { SensorAddon } from './addon.js';

export class SensorUnavailableError extends Error {
  override name = 'SensorUnavailableError';
}

export interface LoadedSensor {
  addon: SensorAddon;
  /** Path of the BPF object the addon loads. */
  objectPath: string;
}

/** The repository's native/ folder, from dist/src/sensor/ or src/sensor/. */
function nativeDir(): string {
  for (const rel of ['../../../native/', '../../native/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}build.js`)) return dir;
  }
  return fileURLToPath(new URL('../../../native/', import.meta.url));
}

function buildReason(dir: string): string {
  try {
    const status = JSON.parse(readFileSync(`${dir}build/status.json`, 'utf8')) as { ok?: boolean; reason?: string };
    if (status.ok !== true && typeof status.reason === 'string') return status.reason;
  } catch {
    return 'native/build.js has not run (npm install runs it; or run `node native/build.js`)';
  }
  return 'the addon file is missing; rebuild with `node native/build.js`';
}

/** Whether the effective capability set has CAP_BPF (39) or CAP_SYS_ADMIN (21), from /proc/self/status. */
function hasBpfCapability(): boolean | undefined {
  try {
    const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (!m) return undefined;
    const caps = BigInt(`0x${m[1]}`);
    return (caps & (1n << 39n)) !== 0n || (caps & (1n << 21n)) !== 0n;
  } catch {
    return undefined;
  }
}

/** Loads the addon. Throws SensorUnavailableError saying why it cannot. */
export function loadSensor(): LoadedSensor {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new SensorUnavailableError(
      `the live sensor runs on x86_64 Linux only (this is ${process.platform}/${process.arch})`,
    );
  }
  const dir = nativeDir();
  const addonPath = `${dir}addon/build/Release/kestrel_sensor.node`;
  const objectPath = `${dir}build/sensor.bpf.o`;
  if (!existsSync(addonPath) || !existsSync(objectPath)) {
    throw new SensorUnavailableError(`sensor addon not built: ${buildReason(dir)}`);
  }
  try {
    accessSync('/sys/kernel/btf/vmlinux', constants.R_OK);
  } catch {
    throw new SensorUnavailableError(
      'no kernel BTF at /sys/kernel/btf/vmlinux (the kernel needs CONFIG_DEBUG_INFO_BTF)',
    );
  }
  if (process.geteuid?.() !== 0) {
    const caps = hasBpfCapability();
    if (caps !== true) {
      throw new SensorUnavailableError(
        `the live sensor needs root or CAP_BPF/CAP_SYS_ADMIN (euid ${process.geteuid?.() ?? '?'}${caps === false ? ', capabilities missing' : ''})`,
      );
    }
  }
  const require = createRequire(import.meta.url);
  try {
    return { addon: require(addonPath) as SensorAddon, objectPath };
  } catch (e) {
    throw new SensorUnavailableError(`sensor addon not loadable: ${(e as Error).message}`);
  }
}

/** Why the sensor is unavailable, or undefined when it can be loaded (for tests and `kestrel` diagnostics). */
export function sensorUnavailableReason(): string | undefined {
  try {
    loadSensor();
    return undefined;
  } catch (e) {
    if (e instanceof SensorUnavailableError) return e.message;
    throw e;
  }
}
