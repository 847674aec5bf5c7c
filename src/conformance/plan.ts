// Turns a legacy suite case into the Kestrel command that exercises the same behaviour, or into a
// skip with the reason Kestrel does not run it (yet).
import { mapSuitePath, mapSuitePathsIn } from './paths.js';
import type { SuiteCase } from './suite.js';

export type CasePlan =
  | { kind: 'validate'; args: string[]; files: string[] }
  | { kind: 'replay'; args: string[] }
  | { kind: 'skip'; reason: string };

function strings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

/** Splits `-o a=b -o c=d` the way a shell would for the simple forms the suites use. */
function splitOpts(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

export function planCase(c: SuiteCase): CasePlan {
  const s = c.spec;
  if (s.grpc !== undefined) return { kind: 'skip', reason: 'gRPC output: Kestrel deliberately offers no gRPC API' };

  const validate = strings(s.validate_rules_file).map(mapSuitePath);
  if (validate.length > 0) {
    return { kind: 'validate', args: ['rules', 'validate', '--format', 'json', ...validate], files: validate };
  }

  const args = ['replay'];
  const trace = s.trace_file === undefined ? undefined : String(s.trace_file);
  if (trace !== undefined) args.push(trace);
  for (const r of strings(s.rules_file)) args.push('-r', mapSuitePath(r));
  // No rules named: Falco loads its built-in rules, the falco_rules.yaml of the suite's era.
  if (strings(s.rules_file).length === 0) args.push('-r', 'upstream_rules/falco_rules.yaml');
  if (s.conf_file !== undefined) args.push('-c', mapSuitePath(String(s.conf_file)));
  if (s.addl_cmdline_opts !== undefined) args.push(...splitOpts(mapSuitePathsIn(String(s.addl_cmdline_opts))));
  for (const src of strings(s.enable_source)) args.push('--enable-source', src);
  for (const r of strings(s.disabled_rules)) args.push('-D', r);
  for (const t of strings(s.disable_tags)) args.push('-T', t);
  for (const t of strings(s.run_tags)) args.push('-t', t);
  if (s.all_events === true) args.push('-A');
  if (s.priority !== undefined) args.push('-o', `priority=${String(s.priority)}`);
  if (s.json_output === true) args.push('-o', 'json_output=true');
  if (s.json_include_output_property !== undefined) {
    args.push('-o', `json_include_output_property=${String(s.json_include_output_property)}`);
  }
  if (s.time_iso_8601 !== undefined) args.push('-o', `time_format_iso_8601=${String(s.time_iso_8601)}`);
  args.push('--stats', 'json');

  return { kind: 'replay', args };
}
