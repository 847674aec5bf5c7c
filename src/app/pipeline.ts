// Assembles the data flow shared by `run` and `replay`: configuration → sources → rules →
// engine → outputs. Everything that can be refused (options, configuration, rules) is checked
// here, before any event is read.
import { loadConfig } from '../config/load.js';
import type { KestrelConfig } from '../config/types.js';
import { Engine } from '../engine/engine.js';
import { legacySelectionSteps, RuleSelectionError, type SelectionStep } from '../engine/selection.js';
import type { Alert } from '../engine/types.js';
import type { EventSource } from '../events/source.js';
import type { AppendOutputEntry } from '../outputs/appendOutput.js';
import type { OutputDispatcher } from '../outputs/dispatcher.js';
import { createOutputDispatcher } from '../outputs/fromConfig.js';
import { type LoadRulesOutput, loadRules, renderValidationText, renderValidationWarnings } from '../rules/index.js';
import { BUILTIN_PLUGINS, createSources } from './sources.js';

export interface PipelineSettings {
  configFile?: string;
  /** Rules files or folders; the configuration's rules_files when empty. */
  rulesFiles?: string[];
  /** `-o key=value` overrides, in order. */
  overrides?: string[];
  disabledRules?: string[];
  disabledTags?: string[];
  enabledTags?: string[];
  /** Only these sources run (`--enable-source`); all when empty. */
  enableSources?: string[];
  disableSources?: string[];
  unbuffered?: boolean;
  /** Where diagnostics go (stderr by default). */
  log?: (line: string) => void;
}

export interface Pipeline {
  config: KestrelConfig;
  sources: Map<string, EventSource>;
  /** Names of the sources whose events are processed. */
  enabledSources: Set<string>;
  rules: LoadRulesOutput;
  engine: Engine;
  outputs: OutputDispatcher;
  /** Events processed per source. */
  eventCounts: Map<string, number>;
  /** Runs one event through the engine and hands its alerts to the outputs. */
  process(sourceName: string, evt: unknown): readonly Alert[];
  close(): Promise<void>;
}

/** A refusal before any event is read: the message is for people, the process exits 1. */
export class PipelineError extends Error {}

function legacySteps(s: PipelineSettings): SelectionStep[] {
  try {
    return legacySelectionSteps({
      disabledRules: s.disabledRules,
      disabledTags: s.disabledTags,
      enabledTags: s.enabledTags,
    });
  } catch (err) {
    if (err instanceof RuleSelectionError) throw new PipelineError(`Runtime error: ${err.message}. Exiting.`);
    throw err;
  }
}

function chooseSources(sources: Map<string, EventSource>, s: PipelineSettings): Set<string> {
  const known = [...sources.keys()];
  for (const name of [...(s.enableSources ?? []), ...(s.disableSources ?? [])]) {
    if (!sources.has(name)) {
      throw new PipelineError(`unknown event source '${name}': Kestrel has ${known.join(', ')}`);
    }
  }
  const enabled = new Set(s.enableSources?.length ? s.enableSources : known);
  for (const name of s.disableSources ?? []) enabled.delete(name);
  if (enabled.size === 0) throw new PipelineError('every event source is disabled: nothing to run');
  return enabled;
}

function loadRulesOrFail(
  files: string[],
  sources: Map<string, EventSource>,
  appendOutput: readonly AppendOutputEntry[],
  log: (l: string) => void,
) {
  if (files.length === 0) throw new PipelineError('no rules files: give -r FILE or set rules_files');
  const out = loadRules(files, { sources, builtinPlugins: BUILTIN_PLUGINS, appendOutput });
  for (const w of renderValidationWarnings(out.results, out.contents)) log(w.trimEnd());
  if (!out.ok) {
    const failed = out.results.filter((r) => !r.successful);
    const details = failed.length > 0 ? renderValidationText(failed, out.contents) : '';
    const why = out.pluginRequirementError ?? 'invalid rules';
    throw new PipelineError(details ? `${why === 'invalid rules' ? '' : `${why}\n`}${details}` : why);
  }
  return out;
}

export function buildPipeline(s: PipelineSettings): Pipeline {
  const log = s.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const steps = legacySteps(s);
  const { config, warnings } = loadConfig(s.configFile, s.overrides ?? []);
  for (const w of warnings) log(`Warning: ${w}`);

  const sources = createSources();
  const enabledSources = chooseSources(sources, s);
  const rules = loadRulesOrFail(
    s.rulesFiles?.length ? s.rulesFiles : config.rulesFiles,
    sources,
    config.appendOutput,
    log,
  );

  const engine = new Engine({ ruleMatching: config.ruleMatching, minPriority: config.priority });
  for (const source of sources.values()) engine.addSource(source);
  engine.addRules(rules.rules);
  engine.applySelections(config.rules);
  engine.applySteps(steps);

  const { dispatcher, warnings: outputWarnings } = createOutputDispatcher(config, { unbuffered: s.unbuffered });
  for (const w of outputWarnings) log(`Warning: ${w}`);

  const eventCounts = new Map<string, number>([...enabledSources].map((n) => [n, 0]));
  return {
    config,
    sources,
    enabledSources,
    rules,
    engine,
    outputs: dispatcher,
    eventCounts,
    process(sourceName: string, evt: unknown): readonly Alert[] {
      eventCounts.set(sourceName, (eventCounts.get(sourceName) ?? 0) + 1);
      const alerts = engine.process(sourceName, evt);
      for (let i = 0; i < alerts.length; i++) dispatcher.dispatch(alerts[i]);
      return alerts;
    },
    close: () => dispatcher.close(),
  };
}
