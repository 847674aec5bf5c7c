// Reads `required_engine_version` and `required_plugin_versions` items.

import type { Collector } from './collector.js';
import type { LoadContext } from './context.js';
import { asString, asUint32, type Decoder } from './decode.js';
import type { PluginRequirement } from './infos.js';
import { RuleLoadError, yamlValidateError } from './loadError.js';
import { implicitEngineVersion, parseVersion, type SemVer } from './version.js';
import type { YNode } from './yamlNodes.js';

export function readEngineVersion(dec: Decoder, collector: Collector, item: YNode, parent: LoadContext): void {
  const ctx = parent.child(dec.view.mark(item), 'required_engine_version', '');
  let version: SemVer;
  try {
    // The integer form N means 0.N.0; anything else must be a semver string.
    version = implicitEngineVersion(dec.required(item, 'required_engine_version', asUint32, ctx));
  } catch (e) {
    if (!(e instanceof RuleLoadError)) throw e;
    const text = dec.required(item, 'required_engine_version', asString, ctx);
    version = parseVersion(text);
    if (!version.valid) {
      throw yamlValidateError(
        `Unable to parse engine version '${text}' as a semver string. Expected "x.y.z" semver format.`,
        ctx,
      );
    }
  }
  collector.defineEngineVersion({ context: ctx, version });
}

export function readPluginVersions(dec: Decoder, collector: Collector, item: YNode, parent: LoadContext): void {
  const view = dec.view;
  const reqs = view.get(item, 'required_plugin_versions') ?? null;
  const ctx = parent.child(view.valueMark(item, 'required_plugin_versions'), 'required plugin versions', '');
  if (!view.isSeq(reqs)) throw yamlValidateError('Value of required_plugin_versions must be a sequence', ctx);
  view.items(reqs).forEach((plugin, i) => {
    const tmp = ctx.child(view.itemMark(reqs, i), 'required plugin versions entry', '');
    if (!view.isMap(plugin)) throw yamlValidateError('Plugin version must be a mapping', tmp);
    const name = dec.required(plugin, 'name', asString, tmp);
    const pctx = ctx.child(view.mark(plugin), 'required plugin versions entry', name);
    const alternatives: PluginRequirement[] = [{ name, version: dec.required(plugin, 'version', asString, pctx) }];
    const alts = view.get(plugin, 'alternatives');
    if (alts !== undefined) {
      if (!view.isSeq(alts)) throw yamlValidateError('Value of plugin version alternatives must be a sequence', pctx);
      view.items(alts).forEach((req, j) => {
        const actx = pctx.child(view.itemMark(alts, j), 'required plugin versions alternative', '');
        if (!view.isMap(req)) throw yamlValidateError('Plugin version alternative must be a mapping', actx);
        const altName = dec.required(req, 'name', asString, actx);
        const nctx = pctx.child(view.mark(req), 'required plugin versions alternative', altName);
        alternatives.push({ name: altName, version: dec.required(req, 'version', asString, nctx) });
      });
    }
    collector.definePluginVersion({ context: pctx, alternatives });
  });
}
