// The legacy suites name files inside Falco's build tree (BUILD_DIR/...). The shared corpus keeps
// the same files under other names; this maps one to the other.

const BUILD_DIR_FILES: Array<[RegExp, string]> = [
  [/^BUILD_DIR\/falcosecurity-rules-falco-prefix\/.*\/falco_rules\.yaml$/, 'upstream_rules/falco_rules.yaml'],
  [/^BUILD_DIR\/k8saudit-rules-prefix\/.*\/k8s_audit_rules\.yaml$/, 'upstream_rules/k8s_audit_rules.yaml'],
  [/^BUILD_DIR\/test\/(confs\/.*)$/, '$1'],
];

/** Maps a path as written in a suite to one relative to the suite's folder. */
export function mapSuitePath(p: string): string {
  for (const [re, to] of BUILD_DIR_FILES) {
    if (re.test(p)) return p.replace(re, to);
  }
  return p;
}

/** Maps BUILD_DIR paths found anywhere inside a command-line string. */
export function mapSuitePathsIn(text: string): string {
  return text.replace(/BUILD_DIR\/\S+/g, (m) => mapSuitePath(m));
}
