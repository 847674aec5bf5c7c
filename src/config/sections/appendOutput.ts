// `append_output:` entries:
//
//   append_output:
//     - match: {source: syscall, tags: [container], rule: "Some rule"}   # all optional
//       extra_output: "on CPU %evt.cpu"
//       extra_fields:
//         - home: "${HOME}"        # a formatted field: key and format
//         - evt.hostname           # a raw field: the field itself, with its JSON type
//     - suggested_output: true
//
// As in Falco, an extra field key may be given only once per entry.

import type { AppendOutputEntry } from '../../outputs/appendOutput.js';
import { ConfigError } from '../errors.js';
import { Section } from '../reader.js';
import { type CNode, kindName } from '../tree.js';

function readExtraFields(entry: Section): Pick<AppendOutputEntry, 'formattedFields' | 'rawFields'> {
  const formattedFields: Array<readonly [string, string]> = [];
  const rawFields: string[] = [];
  const seen = new Set<string>();
  const items = entry.list('extra_fields');
  items.forEach((item, i) => {
    const path = `${entry.keyPath('extra_fields')}[${i}]`;
    let key: string;
    if (item.kind === 'scalar') {
      key = item.value;
      if (!seen.has(key)) rawFields.push(key);
    } else if (item.kind === 'map' && item.entries.size === 1) {
      const [[k, e]] = [...item.entries];
      if (e.value.kind !== 'scalar') {
        throw new ConfigError(`expected a format string, got ${kindName(e.value)}`, `${path}.${k}`, e.value.origin);
      }
      key = k;
      if (!seen.has(key)) formattedFields.push([key, e.value.value]);
    } else {
      throw new ConfigError(
        `expected a field name or a single "key: format" mapping, got ${kindName(item)}`,
        path,
        item.origin,
      );
    }
    if (seen.has(key)) throw new ConfigError(`extra field "${key}" is defined more than once`, path, item.origin);
    seen.add(key);
  });
  return { formattedFields, rawFields };
}

function readEntry(node: CNode, path: string, warnings: string[]): AppendOutputEntry {
  if (node.kind !== 'map') throw new ConfigError(`expected a mapping, got ${kindName(node)}`, path, node.origin);
  const entry = new Section(node, path, { warnings });
  entry.warnUnknown(['match', 'extra_output', 'extra_fields', 'suggested_output']);
  const match = entry.section('match');
  match.warnUnknown(['source', 'tags', 'rule']);
  const source = match.string('source', '');
  const rule = match.string('rule', '');
  const tags = match.stringList('tags', []);
  if (rule !== '' && tags.length > 0) {
    // Falco warns about this combination, which is easy to get wrong.
    entry.warn(
      'match',
      `both a rule (${rule}) and tags (${tags.join(', ')}) are given: the output is appended only to ` +
        `that rule and only if it has all of the tags`,
    );
  }
  const extraOutput = entry.string('extra_output', '');
  return {
    ...(source !== '' ? { source } : {}),
    ...(rule !== '' ? { rule } : {}),
    tags,
    ...(extraOutput !== '' ? { extraOutput } : {}),
    suggestedOutput: entry.bool('suggested_output', false),
    ...readExtraFields(entry),
  };
}

export function readAppendOutput(root: Section): AppendOutputEntry[] {
  return root
    .list('append_output')
    .map((node, i) => readEntry(node, `${root.keyPath('append_output')}[${i}]`, root.ctx.warnings));
}
