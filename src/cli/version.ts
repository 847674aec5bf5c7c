import { readFileSync } from 'node:fs';

/** Kestrel's version, from package.json. */
export const KESTREL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The Falco rules engine version Kestrel implements (Falco 0.44). */
export const ENGINE_VERSION = '0.62.0';
