// Enrichment at intake, as Falcosidekick offers it: custom fields and templated fields added to
// output_fields (templated ones rendered after the custom ones, so they can use them), custom
// tags added to the tags.

import type { OutputFieldValue, RouterAlert } from '../alert.js';
import type { RouterConfig } from '../config/routerConfig.js';

export type Enricher = (alert: RouterAlert) => RouterAlert;

export function makeEnricher(config: Pick<RouterConfig, 'customFields' | 'customTags' | 'templatedFields'>): Enricher {
  const custom = Object.entries(config.customFields);
  const tags = config.customTags;
  const templated = config.templatedFields;
  if (custom.length === 0 && tags.length === 0 && templated.length === 0) return (a) => a;
  return (alert) => {
    const fields: Record<string, OutputFieldValue> = { ...alert.output_fields };
    for (const [k, v] of custom) fields[k] = v;
    const withCustom = { ...alert, output_fields: fields };
    for (const [k, render] of templated) fields[k] = render(withCustom);
    const allTags = tags.length === 0 ? alert.tags : [...alert.tags, ...tags.filter((t) => !alert.tags.includes(t))];
    return { ...alert, output_fields: fields, tags: allTags };
  };
}
