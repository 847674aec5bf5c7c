// `uiserver.*`: the router serving the web UI itself, over the store its `ui` destination writes,
// so one process does Falcosidekick's and Falcosidekick-UI's jobs. Checked like `kestrel ui`'s
// flags, each problem naming the router key (or env var) at fault.

import { type SettingNames, type UiSettings, settingsProblems } from '../../ui/server/start.js';
import type { ParsedValue } from './optionValue.js';
import type { DestinationConfig } from './routerConfig.js';

/** What `startUi` needs, but the router's own URL, known once it listens. */
export type UiServerSettings = Omit<UiSettings, 'routerUrl'>;

interface Section {
  readonly values: Record<string, ParsedValue>;
  readonly where: Record<string, string>;
}

export function readUiServer(
  section: Section,
  destinations: readonly DestinationConfig[],
  env: NodeJS.ProcessEnv,
  problems: string[],
): UiServerSettings | undefined {
  const { values: v, where } = section;
  if (!(v.enabled as boolean)) return undefined;
  const ui = destinations.find((d) => d.name === 'ui');
  if (!ui) {
    problems.push(`${where.enabled}: needs the ui destination (ui.store, UI_STORE): the pages show what it stores`);
    return undefined;
  }
  const text = (key: string): string | undefined => {
    const s = (v[key] as string).trim();
    return s === '' ? undefined : s;
  };
  const tlsCert = text('tlscertfile');
  const tlsKey = text('tlskeyfile');
  const exceptionsFile = text('exceptionsfile');
  const passwordHash = text('passwordhash') ?? env.KESTREL_UI_PASSWORD_HASH;
  const settings: UiServerSettings = {
    store: ui.options.store as string,
    listen: v.listenaddress as string,
    port: v.listenport as number,
    dataDir: v.datadir as string,
    rules: v.rules as string[],
    trustProxy: v.trustproxy as string[],
    ...(tlsCert ? { tlsCert } : {}),
    ...(tlsKey ? { tlsKey } : {}),
    ...(exceptionsFile ? { exceptionsFile } : {}),
    ...(passwordHash ? { passwordHash } : {}),
  };
  const names: SettingNames = {
    store: 'ui.store',
    port: where.listenport,
    tlsCert: where.tlscertfile,
    tlsKey: where.tlskeyfile,
    routerUrl: 'the router URL',
    rules: where.rules,
    exceptionsFile: where.exceptionsfile,
    trustProxy: where.trustproxy,
  };
  const found = settingsProblems(settings, names);
  if (settings.listen.trim() === '') found.push(`${where.listenaddress}: must name an address (127.0.0.1, ::, …)`);
  if (settings.dataDir.trim() === '' && !passwordHash)
    found.push(`${where.datadir}: required when no uiserver.passwordhash is given (the generated one is kept there)`);
  problems.push(...found);
  return found.length === 0 ? settings : undefined;
}
