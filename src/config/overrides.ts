// `-o key=value` overrides, applied to the configuration tree the way Falco's yaml_helper does:
//
// - the key is a path of map keys separated by dots, each optionally followed by list indices:
//   `file_output.enabled`, `plugins[0].open_params`, `m[1][3]`; an empty index (`rules[]`)
//   appends a new list entry; a backslash makes the next `.`, `[` or `\` part of a key name;
// - the value is taken as a scalar (converted later by the key's type, so `true`, `5`, `.1` all
//   work), except that a value in braces is parsed as a YAML mapping
//   (`append_output[]={"match": {"source": "syscall"}, "extra_output": "on CPU %evt.cpu"}`);
// - missing maps along the path are created.
//
// Errors use Falco's wording: `Error parsing config option "x". Must be of the form key=val or
// key.subkey=val`, `Config error at key "k": Parsing error: unexpected character at pos N`, ...

import { ConfigError } from './errors.js';
import { type CNode, type MapNode, type Origin, parseConfigText, type SeqNode } from './tree.js';

type Step = { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'append' };

class KeyPathError extends Error {}

/** Splits an override key into steps, following yaml_helper::get_node's grammar. */
export function parseKeyPath(key: string): Step[] {
  try {
    return parseSteps(key);
  } catch (e) {
    if (e instanceof KeyPathError) throw new ConfigError(`Config error at key "${key}": ${e.message}`);
    throw e;
  }
}

function parseSteps(key: string): Step[] {
  if (key === '') throw new KeyPathError('Parsing error: empty key');
  const steps: Step[] = [];
  let name = '';
  let afterBracket = false;
  for (let i = 0; i < key.length; i++) {
    let c = key[i];
    const escaped = c === '\\' && i + 1 < key.length && '.[\\'.includes(key[i + 1]);
    if (escaped) c = key[++i];
    const separator = !escaped && (c === '.' || c === '[');
    if (!separator) {
      if (afterBracket && name === '') {
        throw new KeyPathError(`Parsing error: expected '.' character at pos ${i - 1}`);
      }
      name += c;
    }
    afterBracket = false;
    if (separator || i === key.length - 1) {
      if (name === '') throw new KeyPathError(`Parsing error: unexpected character at pos ${i}`);
      steps.push({ kind: 'key', name });
      name = '';
    }
    if (separator && c === '[') {
      // One or more `[n]` groups; a `.` (or the end) must follow the last one.
      let j = i;
      while (key[j] === '[') {
        const close = key.indexOf(']', j);
        const idx = close === -1 ? key.slice(j + 1) : key.slice(j + 1, close);
        if (idx === '') steps.push({ kind: 'append' });
        else if (/^\d+$/.test(idx)) steps.push({ kind: 'index', index: Number(idx) });
        else throw new KeyPathError(`Parsing error: expected a numeric index, found '${idx}'`);
        if (close === -1) return steps;
        j = close + 1;
      }
      i = j - 1;
      if (j < key.length) {
        if (key[j] === '.') i = j;
        else afterBracket = true;
      }
    }
  }
  return steps;
}

function emptyMap(origin: Origin): MapNode {
  return { kind: 'map', entries: new Map(), origin };
}

/** Sets `value` at `steps` inside `root` (a map), creating maps along the way. */
function setAt(root: MapNode, steps: Step[], value: CNode, key: string, origin: Origin): void {
  function fail(problem: string): never {
    throw new ConfigError(`Config error at key "${key}": ${problem}`, '', origin);
  }
  let parent: CNode = root;
  // Each step replaces the child of `parent` designated by the previous step, so keep a setter.
  let assign: (n: CNode) => void = () => fail('cannot replace the whole configuration');
  let current: CNode = root;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    parent = current;
    if (step.kind === 'key') {
      if (parent.kind === 'null') {
        const created = emptyMap(origin);
        assign(created);
        parent = created;
      }
      if (parent.kind !== 'map')
        fail(`"${step.name}" cannot be set inside a ${parent.kind === 'seq' ? 'list' : 'value'}`);
      const map: MapNode = parent;
      const entry = map.entries.get(step.name);
      current = entry?.value ?? { kind: 'null', origin };
      assign = (n) => map.entries.set(step.name, { keyOrigin: entry?.keyOrigin ?? origin, value: n });
      if (entry === undefined) assign(current);
    } else {
      if (parent.kind === 'null') {
        const created: CNode = { kind: 'seq', items: [], origin };
        assign(created);
        parent = created;
      }
      if (parent.kind !== 'seq') fail('a list index is used on a value that is not a list');
      const seq: SeqNode = parent;
      const index = step.kind === 'append' ? seq.items.length : step.index;
      if (index > seq.items.length) {
        fail(`index ${index} is out of range (the list has ${seq.items.length} entries)`);
      }
      if (index === seq.items.length) seq.items.push({ kind: 'null', origin });
      current = seq.items[index];
      assign = (n) => {
        seq.items[index] = n;
      };
    }
  }
  assign(value);
}

/** Applies one `-o key=value` option to the configuration tree. */
export function applyOverride(root: MapNode, option: string): void {
  const eq = option.indexOf('=');
  if (eq === -1) {
    throw new ConfigError(`Error parsing config option "${option}". Must be of the form key=val or key.subkey=val`);
  }
  const key = option.slice(0, eq);
  const text = option.slice(eq + 1);
  const origin: Origin = { kind: 'override', option };
  let value: CNode;
  if (text.startsWith('{') && text.endsWith('}')) {
    try {
      value = retag(parseConfigText(text, `-o ${option}`, { expandEnv: false }), origin);
    } catch (e) {
      const reason = e instanceof ConfigError ? e.message : String(e);
      throw new ConfigError(`Error parsing config option "${option}": ${reason}`);
    }
  } else {
    value = { kind: 'scalar', value: text, origin };
  }
  setAt(root, parseKeyPath(key), value, key, origin);
}

/** Marks every node of an override value as coming from that option. */
function retag(node: CNode, origin: Origin): CNode {
  switch (node.kind) {
    case 'scalar':
    case 'null':
      return { ...node, origin };
    case 'seq':
      return { kind: 'seq', items: node.items.map((i) => retag(i, origin)), origin };
    case 'map': {
      const entries = new Map<string, { keyOrigin: Origin; value: CNode }>();
      for (const [k, e] of node.entries) entries.set(k, { keyOrigin: origin, value: retag(e.value, origin) });
      return { kind: 'map', entries, origin };
    }
  }
}
