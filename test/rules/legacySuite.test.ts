// Falco's legacy regression cases (falco_tests.yaml, falco_tests_exceptions.yaml): every
// validation case must give the same codes, items and messages; every detection case must at
// least load its rules. Where today's Falco words a message differently than the 2023 suite,
// the case is listed in MODERN_FALCO with today's expectation.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { loadRules, validateRules } from '../../src/rules/index.js';
import { describeEntries, type Expectation, LEGACY, matches, options } from './helpers.js';

interface LegacyCase {
  /** A file name or a list of them. */
  validate_rules_file?: string | string[];
  validate_errors?: Expectation[];
  validate_warnings?: Expectation[];
  validate_ok?: string[];
  rules_file?: string[];
  exit_status?: number;
}

/**
 * Cases whose expectations follow Falco 0.44 rather than the 2023 suite. Each entry replaces
 * the listed fields of the case.
 */
const MODERN_FALCO: Record<string, Partial<LegacyCase>> = {
  // Falco 0.37 reworded the "no previous item" errors when `override` was introduced.
  invalid_append_macro_dangling: {
    validate_errors: [
      {
        item_type: 'macro',
        item_name: 'dangling append',
        code: 'LOAD_ERR_VALIDATE',
        message: "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists",
      },
    ],
  },
  invalid_list_append_dangling: {
    validate_errors: [
      {
        item_type: 'list',
        item_name: 'my_list',
        code: 'LOAD_ERR_VALIDATE',
        message: "List uses 'append' or 'override.items: append' but no list by that name already exists",
      },
    ],
  },
  invalid_rule_append_dangling: {
    validate_errors: [
      {
        item_type: 'rule',
        item_name: 'my_rule',
        code: 'LOAD_ERR_VALIDATE',
        message: "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists",
      },
    ],
  },
  // Engine versions are semver since Falco 0.35: the integer form N reads as 0.N.0.
  engine_version_mismatch: {
    validate_errors: [
      {
        item_type: 'required_engine_version',
        item_name: '',
        code: 'LOAD_ERR_VALIDATE',
        message_contains: 'Rules require engine version 0.9999999.0, but engine version is',
      },
    ],
  },
  // The suite named a code that does not exist; Falco reports skipped unknown fields as LOAD_UNKNOWN_FILTER.
  validate_skip_unknown_noevt: {
    validate_warnings: [
      {
        item_type: 'rule',
        item_name: 'Contains Unknown Event And Skipping',
        code: 'LOAD_UNKNOWN_FILTER',
        message: 'filter_check called with nonexistent field proc.nobody',
      },
    ],
  },
};

/** Detection cases whose non-zero exit comes from options or configuration, not from rules. */
const EXIT_NOT_FROM_RULES = new Set([
  'disabled_and_enabled_rules_1',
  'disabled_and_enabled_rules_2',
  'monitor_syscall_drops_threshold_oor',
  'monitor_syscall_drops_threshold_neg',
  'monitor_syscall_drops_exit',
]);

function loadSuite(file: string): Record<string, LegacyCase> {
  const text = readFileSync(join(LEGACY, file), 'utf8').replace(/!mux/g, '');
  return (parse(text) as { trace_files: Record<string, LegacyCase> }).trace_files;
}

function runSuite(file: string): void {
  for (const [name, raw] of Object.entries(loadSuite(file))) {
    const c: LegacyCase = { ...raw, ...MODERN_FALCO[name] };
    if (c.validate_rules_file) {
      test(`validate ${name}`, () => {
        const paths = ([] as string[]).concat(c.validate_rules_file!).map((f) => join(LEGACY, f));
        const out = validateRules(paths, options());
        const errors = out.results.flatMap((r) => r.errors);
        const warnings = out.results.flatMap((r) => r.warnings);
        for (const x of c.validate_errors ?? []) {
          assert.ok(
            errors.some((e) => matches(e, x)),
            `missing error ${JSON.stringify(x)}; got:\n${describeEntries(errors)}`,
          );
        }
        for (const x of c.validate_warnings ?? []) {
          assert.ok(
            warnings.some((w) => matches(w, x)),
            `missing warning ${JSON.stringify(x)}; got:\n${describeEntries(warnings)}`,
          );
        }
        // A code the case lists appears exactly as many times as listed (no spurious duplicates).
        for (const x of c.validate_warnings ?? []) {
          const listed = c.validate_warnings!.filter((y) => y.code === x.code).length;
          assert.equal(warnings.filter((w) => w.code === x.code).length, listed, `count of ${x.code}`);
        }
        for (const okFile of c.validate_ok ?? []) {
          const r = out.results.find((res) => res.name.endsWith(`/${okFile}`));
          assert.ok(r?.successful, `${okFile} should validate`);
        }
        if (c.exit_status === 1) assert.equal(out.ok, false, 'validation should fail');
        else assert.equal(out.ok, true, `validation should pass; got:\n${describeEntries(errors)}`);
      });
    } else if (c.rules_file) {
      test(`load ${name}`, () => {
        const out = loadRules(
          c.rules_file!.map((f) => join(LEGACY, f)),
          options(),
        );
        const errors = out.results.flatMap((r) => r.errors);
        assert.equal(out.ok, true, `rules should load; got:\n${describeEntries(errors)}`);
        if (c.exit_status === 1) assert.ok(EXIT_NOT_FROM_RULES.has(name), `${name} expects a failure`);
      });
    }
  }
}

describe('legacy falco_tests.yaml', () => runSuite('falco_tests.yaml'));
describe('legacy falco_tests_exceptions.yaml', () => runSuite('falco_tests_exceptions.yaml'));
