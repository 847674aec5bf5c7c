// The `rules:` list: `- enable: {rule: pattern}`, `- disable: {tag: t}`, ... Each entry has one
// operation, `enable` or `disable`, naming a rule pattern, a tag, or both.

import type { RuleSelection } from '../../engine/selection.js';
import { ConfigError } from '../errors.js';
import { Section } from '../reader.js';
import { kindName } from '../tree.js';

export function readRuleSelections(root: Section): RuleSelection[] {
  return root.list('rules').map((node, i): RuleSelection => {
    const path = `${root.keyPath('rules')}[${i}]`;
    if (node.kind !== 'map') {
      throw new ConfigError(`expected a mapping with "enable" or "disable", got ${kindName(node)}`, path, node.origin);
    }
    const entry = new Section(node, path, root.ctx);
    const op = entry.has('enable') ? 'enable' : entry.has('disable') ? 'disable' : undefined;
    if (op === undefined) throw new ConfigError('expected "enable" or "disable"', path, node.origin);
    entry.warnUnknown([op]);
    const spec = entry.section(op);
    spec.warnUnknown(['rule', 'tag']);
    const rule = spec.string('rule', '');
    const tag = spec.string('tag', '');
    if (rule === '' && tag === '') throw entry.error(op, 'expected a "rule" or a "tag" to select rules');
    return { op, ...(rule !== '' ? { rule } : {}), ...(tag !== '' ? { tag } : {}) };
  });
}
