// Where option values come from: environment variables (named as Falcosidekick names them,
// the upper-cased YAML path joined by `_`) over the YAML document. YAML keys match
// case-insensitively, as Falcosidekick's reader does (`customHeaders` is `customheaders`).

export interface RawValue {
  readonly raw: unknown;
  readonly fromEnv: boolean;
  /** `router.yaml: webhook.address` or `env WEBHOOK_ADDRESS`, for messages. */
  readonly where: string;
}

export function envName(path: string): string {
  return path.toUpperCase().replace(/\./g, '_');
}

type Doc = Record<string, unknown>;

export function isObject(v: unknown): v is Doc {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The member of an object whose key equals `key` ignoring case. */
export function memberOf(doc: unknown, key: string): { key: string; value: unknown } | undefined {
  if (!isObject(doc)) return undefined;
  for (const [k, v] of Object.entries(doc)) if (k.toLowerCase() === key) return { key: k, value: v };
  return undefined;
}

export class ValueSource {
  constructor(
    private readonly doc: Doc,
    private readonly file: string | undefined,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The value at a dotted lower-case path, env first; empty env vars count as unset. */
  get(path: string): RawValue | undefined {
    const name = envName(path);
    const fromEnv = this.env[name];
    if (fromEnv !== undefined && fromEnv !== '') return { raw: fromEnv, fromEnv: true, where: `env ${name}` };
    let node: unknown = this.doc;
    const written: string[] = [];
    for (const part of path.split('.')) {
      const m = memberOf(node, part);
      if (m === undefined) return undefined;
      written.push(m.key);
      node = m.value;
    }
    if (node === null || node === undefined) return undefined;
    return { raw: node, fromEnv: false, where: this.yamlWhere(written.join('.')) };
  }

  yamlWhere(key: string): string {
    return this.file === undefined ? key : `${this.file}: ${key}`;
  }

  topLevelKeys(): string[] {
    return Object.keys(this.doc);
  }

  section(key: string): unknown {
    return memberOf(this.doc, key)?.value;
  }
}
