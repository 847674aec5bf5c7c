// Reads one rules content (a file) into the collector: YAML documents, each a sequence of
// items. Stops at the first error, as Falco does.

import type { Collector, CollectorEnv } from './collector.js';
import { LoadContext } from './context.js';
import { Decoder } from './decode.js';
import { RuleLoadError, yamlValidateError } from './loadError.js';
import { readList, readMacro } from './readListMacro.js';
import { readRule } from './readRule.js';
import { readEngineVersion, readPluginVersions } from './readVersions.js';
import { validateSchema } from './schema.js';
import { YamlView, type YNode } from './yamlNodes.js';
import { isParseFailure, parseRulesYaml } from './yamlParse.js';

/** Returns false when the content had an error (recorded in env.result). */
export function readRulesContent(name: string, text: string, collector: Collector, env: CollectorEnv): boolean {
  const res = env.result;
  const ctx = LoadContext.forContent(name);
  const parsed = parseRulesYaml(text);
  if (isParseFailure(parsed)) {
    res.addError('LOAD_ERR_YAML_PARSE', parsed.message, ctx.child(parsed.position, 'value for', ''));
    return false;
  }
  const views = parsed.docs.map((doc) => new YamlView(doc, parsed.positions));
  res.schemaValidation = validateSchema(views);

  for (const view of views) {
    const root = view.deref(view.root());
    if (root === null) continue;
    try {
      if (!view.isMap(root) && !view.isSeq(root)) throw yamlValidateError('Rules content is not yaml', ctx);
      if (!view.isSeq(root)) throw yamlValidateError('Rules content is not yaml array of objects', ctx);
      const dec = new Decoder(view);
      view.items(root).forEach((item, i) => {
        if (item !== null) readItem(dec, env, collector, item, ctx, view.itemMark(root, i));
      });
    } catch (e) {
      if (!(e instanceof RuleLoadError)) throw e;
      res.addError(e.code, e.message, e.context);
      return false;
    }
  }
  return true;
}

function readItem(
  dec: Decoder,
  env: CollectorEnv,
  collector: Collector,
  item: YNode,
  parent: LoadContext,
  mark: ReturnType<YamlView['mark']>,
): void {
  const view = dec.view;
  if (!view.isMap(item)) {
    throw yamlValidateError(
      'Unexpected element type. Each element should be a yaml associative array.',
      parent.child(mark, 'rules content item', ''),
    );
  }
  if (view.get(item, 'required_engine_version') !== undefined) readEngineVersion(dec, collector, item, parent);
  else if (view.get(item, 'required_plugin_versions') !== undefined) readPluginVersions(dec, collector, item, parent);
  else if (view.get(item, 'list') !== undefined) readList(dec, env.result, collector, item, parent);
  else if (view.get(item, 'macro') !== undefined) readMacro(dec, env.result, collector, item, parent);
  else if (view.get(item, 'rule') !== undefined) readRule(dec, env, collector, item, parent);
  else
    env.result.addWarning(
      'LOAD_UNKNOWN_ITEM',
      'Unknown top level item',
      parent.child(view.mark(item), 'rules content item', ''),
    );
}
