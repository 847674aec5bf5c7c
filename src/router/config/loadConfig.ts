// Reads the router's configuration from a YAML file and the environment, validates all of it
// and reports every problem at once (RouterConfigError), each naming its key or env var.

import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { DestinationType, OptionSpec, OptionValues } from '../destinations/destination.js';
import { compileAlertFilter } from '../delivery/alertFilter.js';
import { compileTemplate } from '../intake/template.js';
import type { ClientTls } from '../destinations/tlsClient.js';
import { PRIORITY_CHOICES, priorityRank } from '../priority.js';
import { readClientTls } from './clientTls.js';
import { isNonEmpty, type ParsedValue, parseOptionValue } from './optionValue.js';
import {
  type DeliveryPolicy,
  type DestinationConfig,
  type RouterConfig,
  RouterConfigError,
  type TlsServerConfig,
} from './routerConfig.js';
import { COMMON_DESTINATION_OPTIONS, ROUTER_SETTINGS } from './settingsSpec.js';
import { readUiServer } from './uiServerConfig.js';
import { envName, isObject, ValueSource } from './valueSource.js';

export interface LoadOptions {
  /** YAML file (`kestrel router -c FILE`); absent: environment variables and defaults only. */
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly destinationTypes: readonly DestinationType[];
}

function emptyOf(spec: OptionSpec): ParsedValue {
  if (spec.default !== undefined) return spec.default;
  switch (spec.kind) {
    case 'string':
      return '';
    case 'int':
    case 'duration':
      return 0;
    case 'bool':
      return false;
    case 'list':
      return [];
    case 'map':
      return {};
  }
}

function readYaml(file: string, problems: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`${file}: cannot read the configuration file: ${(e as Error).message}`);
    return {};
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    for (const err of doc.errors) problems.push(`${file}: ${err.message.split('\n')[0]}`);
    return {};
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (!isObject(value)) {
    problems.push(
      `${file}: the configuration must be a mapping of keys, not ${Array.isArray(value) ? 'a list' : typeof value}`,
    );
    return {};
  }
  return value;
}

/** Reads each option of a spec at `prefix.name`; problems name where the bad value was. */
function readOptions(
  source: ValueSource,
  prefix: string,
  specs: Readonly<Record<string, OptionSpec>>,
  problems: string[],
): { values: Record<string, ParsedValue>; where: Record<string, string> } {
  const values: Record<string, ParsedValue> = {};
  const where: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const raw = source.get(path);
    where[name] = raw?.where ?? `${path} (env ${envName(path)})`;
    if (raw === undefined) {
      values[name] = emptyOf(spec);
      continue;
    }
    const parsed = parseOptionValue(spec.kind, raw.raw, raw.fromEnv);
    if (parsed.ok) values[name] = parsed.value;
    else {
      // a secret's value stays out of messages, which end up in logs
      problems.push(
        `${raw.where}: ${spec.secret ? `the value (not shown: the option is secret) is not a valid ${spec.kind}` : parsed.problem}`,
      );
      values[name] = emptyOf(spec);
    }
  }
  return { values, where };
}

/** Keys of a YAML section that no spec declares: errors, since they are typos or misplaced. */
function unknownKeys(source: ValueSource, section: string, known: Iterable<string>, problems: string[]): void {
  const node = source.section(section);
  if (node === undefined || node === null) return;
  if (!isObject(node)) {
    problems.push(`${source.yamlWhere(section)}: must be a mapping of options, not ${JSON.stringify(node)}`);
    return;
  }
  const names = new Set(known);
  for (const key of Object.keys(node)) {
    if (!names.has(key.toLowerCase())) {
      problems.push(
        `${source.yamlWhere(`${section}.${key}`)}: unknown option (known: ${[...names].sort().join(', ')})`,
      );
    }
  }
}

function readTls(
  v: Record<string, ParsedValue>,
  where: Record<string, string>,
  problems: string[],
): TlsServerConfig | undefined {
  if (v.deploy !== true) return undefined;
  const read = (name: string, required: boolean): Buffer | undefined => {
    const path = v[name] as string;
    if (path === '') {
      if (required) problems.push(`${where[name]}: required when tlsserver.deploy is true`);
      return undefined;
    }
    try {
      return readFileSync(path);
    } catch (e) {
      problems.push(`${where[name]}: cannot read ${JSON.stringify(path)}: ${(e as Error).message}`);
      return undefined;
    }
  };
  const cert = read('certfile', true);
  const key = read('keyfile', true);
  const mutual = v.mutualtls === true;
  const ca = read('cafile', mutual);
  if (cert === undefined || key === undefined) return undefined;
  return { cert, key, mutual, ...(ca ? { ca } : {}) };
}

function readPolicy(v: Record<string, ParsedValue>, where: Record<string, string>, problems: string[]): DeliveryPolicy {
  let minimumPriorityRank = 7;
  const minimum = (v.minimumpriority as string).trim();
  if (minimum !== '') {
    const rank = priorityRank(minimum);
    if (rank === undefined)
      problems.push(`${where.minimumpriority}: ${JSON.stringify(minimum)} is not a priority (${PRIORITY_CHOICES})`);
    else minimumPriorityRank = rank;
  }
  const filterText = (v.filter as string).trim();
  let filter: DeliveryPolicy['filter'];
  if (filterText !== '') {
    try {
      filter = compileAlertFilter(filterText);
    } catch (e) {
      problems.push(`${where.filter}: ${JSON.stringify(filterText)} is not a valid condition: ${(e as Error).message}`);
    }
  }
  const positive = (key: string, what: string): number => {
    const n = v[key] as number;
    if (!(n > 0)) problems.push(`${where[key]}: ${JSON.stringify(n)} must be ${what}`);
    return n;
  };
  return {
    minimumPriorityRank,
    filterText,
    ...(filter ? { filter } : {}),
    dedupWindowMs: v.dedupwindow as number,
    maxRetryAgeMs: positive('maxretryage', 'a positive duration'),
    maxBacklog: positive('maxbacklog', 'at least 1'),
    maxRetryDelayMs: positive('maxretrydelay', 'a positive duration'),
    timeoutMs: positive('timeout', 'a positive duration'),
  };
}

function readDestination(
  source: ValueSource,
  type: DestinationType,
  clientTls: ClientTls & { readonly filesGiven: boolean },
  problems: string[],
): DestinationConfig | undefined {
  const specs = { ...type.options, ...COMMON_DESTINATION_OPTIONS };
  unknownKeys(source, type.type, Object.keys(specs), problems);
  const local: string[] = [];
  const { values, where } = readOptions(source, type.type, specs, local);
  const enabling = Object.entries(type.options).filter(([, s]) => s.enables === true);
  const enabled = enabling.some(([n]) => isNonEmpty(values[n]));
  if (!enabled) {
    // options of a disabled destination are still checked: a typo there is a mistake
    problems.push(...local);
    return undefined;
  }
  const policy = readPolicy(values, where, local);
  if (values.mutualtls === true && 'mutualtls' in type.options && !clientTls.mutual && !clientTls.filesGiven)
    // when the files are given but bad, their own problems say so
    local.push(
      `${where.mutualtls}: needs mutualtlsclient.certfile and mutualtlsclient.keyfile (the client certificate)`,
    );
  const options: Record<string, ParsedValue> = {};
  for (const n of Object.keys(type.options)) options[n] = values[n];
  if (local.length === 0 && type.validate) {
    // a problem that already names its option (`slack.outputformat: …`) needs no prefix
    const named = (p: string) => p.startsWith(`${type.type}.`) || p.startsWith(`${type.type.toUpperCase()}_`);
    for (const p of type.validate(options as OptionValues)) local.push(named(p) ? p : `${type.type}: ${p}`);
  }
  problems.push(...local);
  return { type, name: type.type, options: options as OptionValues, policy };
}

export function loadRouterConfig(opts: LoadOptions): RouterConfig {
  const problems: string[] = [];
  const warnings: string[] = [];
  const doc = opts.file === undefined ? {} : readYaml(opts.file, problems);
  const source = new ValueSource(doc, opts.file, opts.env ?? process.env);

  const top = readOptions(source, '', ROUTER_SETTINGS, problems);
  const s = top.values;
  const w = top.where;
  const nested = (section: string): { values: Record<string, ParsedValue>; where: Record<string, string> } => {
    const values: Record<string, ParsedValue> = {};
    const where: Record<string, string> = {};
    for (const key of Object.keys(ROUTER_SETTINGS)) {
      if (!key.startsWith(`${section}.`)) continue;
      const name = key.slice(section.length + 1);
      values[name] = s[key];
      where[name] = w[key];
    }
    unknownKeys(source, section, Object.keys(values), problems);
    return { values, where };
  };

  const port = s.listenport as number;
  if (port < 0 || port > 65535) problems.push(`${w.listenport}: ${port} is not a port (0-65535)`);
  const bodyLimit = s.bodylimit as number;
  if (bodyLimit < 1) problems.push(`${w.bodylimit}: ${bodyLimit} must be at least 1 byte`);

  const templatedFields: Array<readonly [string, ReturnType<typeof compileTemplate>]> = [];
  for (const [key, text] of Object.entries(s.templatedfields as Record<string, string>)) {
    try {
      templatedFields.push([key, compileTemplate(text)]);
    } catch (e) {
      problems.push(`${w.templatedfields} (${key}): ${JSON.stringify(text)}: ${(e as Error).message}`);
    }
  }

  const tlsSection = nested('tlsserver');
  const tls = readTls(tlsSection.values, tlsSection.where, problems);
  const mutualSection = nested('mutualtlsclient');
  const clientTls = readClientTls(mutualSection, nested('tlsclient'), problems);
  const filesGiven = ['certfile', 'keyfile'].some((n) => (mutualSection.values[n] as string).trim() !== '');
  const queueSection = nested('queue');
  const mode = queueSection.values.mode as string;
  if (mode !== 'durable' && mode !== 'memory') {
    problems.push(`${queueSection.where.mode}: ${JSON.stringify(mode)} is not a queue mode (durable, memory)`);
  }
  const segmentSize = queueSection.values.segmentsize as number;
  if (segmentSize < 4096)
    problems.push(`${queueSection.where.segmentsize}: ${segmentSize} must be at least 4096 bytes`);
  if (mode === 'durable' && (queueSection.values.dir as string) === '') {
    problems.push(`${queueSection.where.dir}: required with the durable queue`);
  }

  const destinations: DestinationConfig[] = [];
  for (const type of opts.destinationTypes) {
    const d = readDestination(source, type, { ...clientTls, filesGiven }, problems);
    if (d) destinations.push(d);
  }

  const uiServer = readUiServer(nested('uiserver'), destinations, opts.env ?? process.env, problems);

  const knownTop = new Set([
    ...Object.keys(ROUTER_SETTINGS).map((k) => k.split('.')[0]),
    ...opts.destinationTypes.map((t) => t.type),
  ]);
  for (const key of source.topLevelKeys()) {
    if (!knownTop.has(key.toLowerCase()))
      warnings.push(`${source.yamlWhere(key)}: not a router setting or destination Kestrel has; ignored`);
  }

  if (problems.length > 0) throw new RouterConfigError(problems);
  const token = s.bearertoken as string;
  return {
    listenAddress: s.listenaddress as string,
    listenPort: port,
    debug: s.debug as boolean,
    bodyLimit,
    ...(token !== '' ? { bearerToken: token } : {}),
    customFields: s.customfields as Record<string, string>,
    customTags: s.customtags as string[],
    templatedFields,
    ...(tls ? { tls } : {}),
    clientTls,
    queue: { mode: mode as 'durable' | 'memory', dir: queueSection.values.dir as string, segmentSize },
    destinations,
    ...(uiServer ? { uiServer } : {}),
    warnings,
  };
}
