// Small C programs that make the syscalls a few rules are about (ptrace attach, an eBPF program
// load, setuid to root, execution from a memfd, i386 syscalls through int $0x80), compiled with
// the system's cc at test time.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO } from '../../cli/helpers.js';

const SOURCES = resolve(REPO, 'test/e2e/support/tools');

export type ToolName = 'tracer' | 'bpfload' | 'setuidroot' | 'memfdexec' | 'int80';

const ALL_TOOLS: readonly ToolName[] = ['tracer', 'bpfload', 'setuidroot', 'memfdexec', 'int80'];

/** int80 hands static buffers to i386 syscalls: they must sit below 4 GiB (static, non-PIE). */
const EXTRA_FLAGS: Partial<Record<ToolName, string[]>> = { int80: ['-static', '-no-pie'] };

/**
 * Compiles the tools into a fresh folder every user can read, outside /tmp so running them is
 * not also a "binary executed from a writable directory"; returns name → path.
 */
export function buildTools(
  prefix = 'kestrel-',
  tools: readonly ToolName[] = ALL_TOOLS,
): { dir: string; path: (t: ToolName) => string } {
  const dir = mkdtempSync('/var/lib/kestrel-e2e-tools-');
  chmodSync(dir, 0o755);
  const path = (t: ToolName) => join(dir, `${prefix}${t}`);
  for (const t of tools) {
    execFileSync('cc', ['-O1', ...(EXTRA_FLAGS[t] ?? []), '-o', path(t), join(SOURCES, `${t}.c`)], { stdio: 'pipe' });
  }
  return { dir, path };
}
