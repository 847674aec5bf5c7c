// The rules loader's entry points. Files are loaded one after the other into one collection,
// and after each file everything collected so far is compiled, as Falco's engine does: the
// result of a file therefore also reports problems its items cause in earlier files.

import type { CompiledRule } from '../engine/types.js';
import type { EventSource } from '../events/source.js';
import { Collector } from './collector.js';
import { compileCollected } from './compiler.js';
import { LoadContext } from './context.js';
import { expandRulesPaths, fileReadMessage, readRulesFile } from './files.js';
import type { PluginRequirement } from './infos.js';
import { type AvailablePlugin, checkPluginRequirements } from './pluginRequirements.js';
import { readRulesContent } from './reader.js';
import { LoadResult } from './result.js';
import type { SemVer } from './version.js';
import type { AppendOutputEntry } from '../outputs/appendOutput.js';

export interface LoadRulesOptions {
  /** Event sources rules may use, by name (`syscall`, `k8s_audit`, ...). */
  sources: ReadonlyMap<string, EventSource>;
  /** Plugins Kestrel provides, checked against `required_plugin_versions`. */
  builtinPlugins?: readonly AvailablePlugin[];
  /** Reads a file's text; undefined when unreadable. Defaults to the file system. */
  readFile?: (path: string) => string | undefined;
  /** falco.yaml's `append_output` entries (extra output text and JSON fields per rule). */
  appendOutput?: readonly AppendOutputEntry[];
}

export interface LoadRulesOutput {
  /** Rules compiled after the last content loaded (in definition order, disabled ones included). */
  rules: CompiledRule[];
  /** One result per content loaded, in order. */
  results: LoadResult[];
  /** The text of each content, by name, for rendering snippets. */
  contents: Map<string, string>;
  /** Highest required_engine_version seen. */
  requiredEngineVersion: SemVer;
  requiredPluginVersions: PluginRequirement[][];
  /** Set when the rules need a plugin Kestrel does not provide (Falco exits with it). */
  pluginRequirementError?: string;
  /** Every content loaded without errors and plugin requirements are met. */
  ok: boolean;
}

/** In-memory rules contents (name and text), for callers that do not read files. */
export interface RulesContent {
  name: string;
  text: string;
}

class RulesSession {
  private readonly collector = new Collector();
  private readonly opts: LoadRulesOptions;
  readonly results: LoadResult[] = [];
  readonly contents = new Map<string, string>();
  rules: CompiledRule[] = [];

  constructor(opts: LoadRulesOptions) {
    this.opts = opts;
  }

  loadContent(name: string, text: string): LoadResult {
    const result = new LoadResult(name);
    this.contents.set(name, text);
    const env = { sources: this.opts.sources, result, appendOutput: this.opts.appendOutput };
    if (readRulesContent(name, text, this.collector, env)) this.rules = compileCollected(this.collector, env);
    this.results.push(result);
    return result;
  }

  loadFile(path: string): LoadResult {
    const text = (this.opts.readFile ?? readRulesFile)(path);
    if (text === undefined) {
      const result = new LoadResult(path);
      result.addError('LOAD_ERR_FILE_READ', fileReadMessage(path), LoadContext.forContent(path));
      this.results.push(result);
      return result;
    }
    return this.loadContent(path, text);
  }

  pluginError(): string | undefined {
    return checkPluginRequirements(this.collector.requiredPluginVersions, this.opts.builtinPlugins ?? []);
  }

  output(pluginRequirementError: string | undefined): LoadRulesOutput {
    return {
      rules: this.rules,
      results: this.results,
      contents: this.contents,
      requiredEngineVersion: this.collector.requiredEngineVersion,
      requiredPluginVersions: this.collector.requiredPluginVersions,
      pluginRequirementError,
      ok: pluginRequirementError === undefined && this.results.every((r) => r.successful),
    };
  }
}

/**
 * Loads rules to run them: directories expand to their files in sorted order, loading stops
 * at the first content with errors, and plugin requirements are checked at the end.
 */
export function loadRules(paths: readonly string[], opts: LoadRulesOptions): LoadRulesOutput {
  const session = new RulesSession(opts);
  for (const path of expandRulesPaths(paths)) {
    if (!session.loadFile(path).successful) return session.output(undefined);
  }
  return session.output(session.pluginError());
}

/** Like loadRules, for contents already in memory. */
export function loadRulesContents(contents: readonly RulesContent[], opts: LoadRulesOptions): LoadRulesOutput {
  const session = new RulesSession(opts);
  for (const c of contents) {
    if (!session.loadContent(c.name, c.text).successful) return session.output(undefined);
  }
  return session.output(session.pluginError());
}

/**
 * Validates rules files as `falco -V` does: every file gets a result (errors do not stop the
 * next files), and plugin requirements are checked after each file; a failing check stops
 * validation and is reported in pluginRequirementError.
 */
export function validateRules(paths: readonly string[], opts: LoadRulesOptions): LoadRulesOutput {
  const session = new RulesSession(opts);
  for (const path of paths) {
    session.loadFile(path);
    const err = session.pluginError();
    if (err !== undefined) return session.output(err);
  }
  return session.output(undefined);
}
