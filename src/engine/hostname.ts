// The host name alerts carry. Like Falco, FALCO_HOSTNAME overrides the system host name (useful
// in a DaemonSet to report the node name); KESTREL_HOSTNAME does the same and wins over it.

import { hostname } from 'node:os';

export function alertHostname(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KESTREL_HOSTNAME || env.FALCO_HOSTNAME;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : hostname();
}
